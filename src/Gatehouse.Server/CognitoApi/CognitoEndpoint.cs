using System.Collections.Frozen;
using System.Text.Json;
using Gatehouse.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.CognitoApi;

/// <summary>
/// <c>POST /</c> with <c>X-Amz-Target: AWSCognitoIdentityProviderService.&lt;Action&gt;</c>, AWS JSON 1.1.
/// Reads the body within the size limit, dispatches through one table, and renders AWS's error shape.
/// </summary>
internal sealed partial class CognitoEndpoint(
    IEnumerable<ICognitoAction> actions, CognitoServices services, GatehouseOptions options, ILogger<CognitoEndpoint> logger)
{
    public const string TargetPrefix = "AWSCognitoIdentityProviderService.";
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly FrozenDictionary<string, ICognitoAction> _actions = actions.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>Every action this server implements, for the compatibility table.</summary>
    public IEnumerable<string> ActionNames => _actions.Keys;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = RequestIds.NewRequestId();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        try
        {
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || !_actions.TryGetValue(target[TargetPrefix.Length..], out var action))
            {
                throw new CognitoException("UnknownOperationException", target.Length == 0 ? "Missing X-Amz-Target header." : "Unknown operation.");
            }

            var body = await RequestBody.ReadAsync(context.Request.BodyReader, options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
            var call = new CognitoCall(
                SigV4.Region(context.Request.Headers.Authorization), requestId, context.RequestAborted, context.Connection.RemoteIpAddress?.ToString());
            var response = await action.ExecuteAsync(body, call).ConfigureAwait(false);
            context.Response.StatusCode = 200;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength = response.Length;
            await context.Response.Body.WriteAsync(response, context.RequestAborted).ConfigureAwait(false);
            await services.AnnounceAsync(call).ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            await WriteErrorAsync(context, e.StatusCode, e.Type, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(context, 413, "RequestEntityTooLargeException", "Request body is too large.").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; nothing was acknowledged and the transaction rolled back.
        }
        catch (Exception e)
        {
            LogUnhandled(e, target, requestId);
            await WriteErrorAsync(context, 500, "InternalErrorException", "An internal error occurred.").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs an action in-process (for the hosted pages) with the same validation, rules, transaction and outbox
    /// announcement as a call over HTTP; throws the action's <see cref="CognitoException"/>.
    /// </summary>
    public async Task<JsonElement> InvokeAsync(string action, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var call = new CognitoCall(SigV4.DefaultRegion, Guid.NewGuid().ToString(), cancellationToken);
        var response = await _actions[action].ExecuteAsync(body, call).ConfigureAwait(false);
        await services.AnnounceAsync(call).ConfigureAwait(false);
        using var document = JsonDocument.Parse(response);
        return document.RootElement.Clone();
    }

    public static async Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers["x-amzn-ErrorType"] = type + ":";
        var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(type, message), ErrorJson.Default.ErrorBody);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }


    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled error in {Target} (request {RequestId})")]
    private partial void LogUnhandled(Exception exception, string target, string requestId);
}

internal sealed record ErrorBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
    [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
internal sealed partial class ErrorJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>Reads what Gatehouse needs from a SigV4 Authorization header. Signatures are not verified yet.</summary>
internal static class SigV4
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>The region of <c>Credential=AKID/20260101/eu-west-1/cognito-idp/aws4_request</c>, else us-east-1.</summary>
    public static string Region(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("AWS4-HMAC-SHA256", StringComparison.Ordinal))
        {
            return DefaultRegion;
        }

        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return DefaultRegion;
        }

        var end = authorization.IndexOfAny([',', ' '], start);
        var scope = authorization[(start + "Credential=".Length)..(end < 0 ? authorization.Length : end)].Split('/');
        return scope.Length == 5 && IsRegion(scope[2]) ? scope[2] : DefaultRegion;
    }

    private static bool IsRegion(string value) =>
        value.Length is > 0 and <= 32 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
