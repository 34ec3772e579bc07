using System.Text.Json.Serialization;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Json;
using Gatehouse.Core.Messaging;
using Gatehouse.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Operator;

/// <summary><c>/_gatehouse/...</c>: health and the outbox.</summary>
internal static class OperatorEndpoints
{
    public static IResult Health() => Results.Json(new HealthBody("ok"), OperatorJson.Default.HealthBody);

    /// <summary><c>GET /_gatehouse/outbox?userPoolId=&amp;username=</c>: messages newest first.</summary>
    public static async Task<IResult> OutboxAsync(string? userPoolId, string? username, int? limit, IGatehouseStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userPoolId))
        {
            return Results.Json(new OperatorError("userPoolId is required."), OperatorJson.Default.OperatorError, statusCode: 400);
        }

        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);

        // Developers ask by the name they typed (an email, in email-as-username pools); messages are kept by username.
        if (username is not null && await session.GetPoolAsync(userPoolId, cancellationToken).ConfigureAwait(false) is { } pool
            && await UserLookup.FindAsync(session, pool, username, cancellationToken).ConfigureAwait(false) is { } user)
        {
            username = user.Username;
        }

        var messages = await session.ListMessagesAsync(userPoolId, username, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken).ConfigureAwait(false);
        return Results.Json(new OutboxBody(messages), OperatorJson.Default.OutboxBody);
    }
}

internal sealed record HealthBody([property: JsonPropertyName("status")] string Status);

internal sealed record OperatorError([property: JsonPropertyName("message")] string Message);

internal sealed record OutboxBody([property: JsonPropertyName("messages")] IReadOnlyList<OutboxMessage> Messages);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(OperatorError))]
[JsonSerializable(typeof(OutboxBody))]
internal sealed partial class OperatorJson : JsonSerializerContext;
