using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi;

/// <summary>One AWS action of the Cognito User Pools API, found by the name after the dot in <c>X-Amz-Target</c>.</summary>
internal interface ICognitoAction
{
    string Name { get; }

    Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> body, CognitoCall call);
}

/// <summary>
/// Deserializes the request with source-generated metadata, runs the action, and serializes its response.
/// A class deriving from this is named exactly after the AWS action it implements.
/// </summary>
internal abstract class CognitoAction<TRequest, TResponse> : ICognitoAction
    where TRequest : class
{
    public string Name => GetType().Name;

    protected abstract JsonTypeInfo<TRequest> RequestType { get; }

    protected abstract JsonTypeInfo<TResponse> ResponseType { get; }

    public async Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> body, CognitoCall call)
    {
        TRequest? request;
        try
        {
            request = body.IsEmpty ? JsonSerializer.Deserialize("{}"u8, RequestType) : JsonSerializer.Deserialize(body.Span, RequestType);
        }
        catch (JsonException e)
        {
            throw new CognitoException("SerializationException", SerializationMessage(e));
        }

        if (request is null)
        {
            throw new CognitoException("SerializationException", "The request body must be a JSON object.");
        }

        var response = await HandleAsync(request, call).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(response, ResponseType);
    }

    protected abstract Task<TResponse> HandleAsync(TRequest request, CognitoCall call);

    // The path tells the caller which member was wrong without echoing their input back.
    private static string SerializationMessage(JsonException e) =>
        e.Path is { Length: > 1 } path ? $"Could not deserialize the request: unexpected value at '{path}'." : "Could not deserialize the request: it is not valid JSON.";
}

/// <summary>An action's empty response, serialized as <c>{}</c>.</summary>
internal sealed class Empty
{
    public static readonly Empty Instance = new();
}
