using System.Text;
using System.Text.Json;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Gateway.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// Lambda integrations, as API Gateway runs them: <c>AWS_PROXY</c> on REST APIs (the v1.0 event, the proxy response
/// validated, 502 when it is malformed or the function fails), <c>AWS_PROXY</c> on HTTP APIs (payload 2.0 or 1.0, 500
/// when malformed), and REST's non-proxy <c>AWS</c> integration (the rendered request template is the event, the
/// function's error message picks the integration response by <c>selectionPattern</c>). Functions are called only
/// through <see cref="FunctionInvoker"/>.
/// </summary>
internal sealed partial class LambdaIntegration(FunctionInvoker functions, GatehouseOptions options, TimeProvider time, ILogger<LambdaIntegration> logger)
{
    private const int MaxPayloadBytes = 10 * 1024 * 1024;
    private const int RestTimeoutMillis = 29_000;
    private const int HttpApiTimeoutMillis = 30_000;

    /// <summary>Serves a REST method whose integration is <c>AWS_PROXY</c>.</summary>
    public async Task RestProxyAsync(HttpContext http, Integration integration, InvocationContext context, string path, DeploymentSnapshot snapshot)
    {
        if (await ReadBodyAsync(http, context, snapshot).ConfigureAwait(false) is not { } bytes)
        {
            return;
        }

        var body = new ProxyEvents.RequestBody(bytes, ProxyEvents.IsBinary(http.Request.ContentType, snapshot.Api.BinaryMediaTypes));
        var payload = ProxyEvents.V1(http.Request, context, context.ResourcePath, path, body, httpApi: false);
        var result = await InvokeAsync(integration.Uri, payload, context, integration.TimeoutInMillis, RestTimeoutMillis, http.RequestAborted).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            await RestFailureAsync(http, context, error).ConfigureAwait(false);
            return;
        }

        if (ProxyResponses.V1(result.Payload!) is not { } response)
        {
            LogMalformed(logger, context.ApiId, context.ResourcePath, Preview(result.Payload!));
            await GatewayErrors.WriteAsync(http, context, 502, "INTEGRATION_FAILURE", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        context.IntegrationStatus = response.StatusCode;
        var binary = response.Base64 && (ProxyEvents.IsBinary(http.Request.Headers.Accept.ToString(), snapshot.Api.BinaryMediaTypes)
            || ProxyEvents.IsBinary(response.ContentType, snapshot.Api.BinaryMediaTypes));
        await WriteAsync(http, response, binary || !response.Base64 ? response.Body : Encoding.UTF8.GetBytes(response.BodyText ?? "")).ConfigureAwait(false);
    }

    /// <summary>Serves a REST method whose integration is <c>AWS</c> with a Lambda function URI.</summary>
    public async Task RestNonProxyAsync(HttpContext http, Integration integration, InvocationContext context)
    {
        if (await ReadBodyAsync(http, context, null).ConfigureAwait(false) is null)
        {
            return;
        }

        string? rendered;
        try
        {
            rendered = NonProxyIntegration.RenderRequest(integration, http.Request.ContentType, context);
        }
        catch (UnsupportedMediaTypeException)
        {
            await GatewayErrors.WriteAsync(http, context, 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }
        catch (TemplateException e)
        {
            LogTemplateFailed(logger, e, context.ApiId, context.ResourcePath);
            await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        var eventText = rendered ?? context.Body;
        if (string.IsNullOrWhiteSpace(eventText))
        {
            eventText = "{}";
        }

        var eventBytes = Encoding.UTF8.GetBytes(eventText);
        if (JsonProblem(eventBytes) is { } problem)
        {
            // Lambda refuses a payload that is not JSON; API Gateway passes its complaint on as a 400.
            await GatewayErrors.WriteAsync(http, context, 400, "BAD_REQUEST_BODY", "Could not parse request body into json: Could not parse payload into json: " + problem, snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        var result = await InvokeAsync(integration.Uri, eventBytes, context, integration.TimeoutInMillis, RestTimeoutMillis, http.RequestAborted).ConfigureAwait(false);
        string backendBody;
        string? errorMessage = null;
        if (result.Error is { Kind: FunctionFailure.Handled } handled)
        {
            backendBody = ErrorBody(handled);
            errorMessage = handled.ErrorMessage;
        }
        else if (result.Error is { } error)
        {
            await (error.Kind == FunctionFailure.Timeout
                ? GatewayErrors.WriteAsync(http, context, 504, "INTEGRATION_TIMEOUT", "Endpoint request timed out", snapshot: context.Snapshot)
                : GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot)).ConfigureAwait(false);
            return;
        }
        else
        {
            backendBody = Encoding.UTF8.GetString(result.Payload!);
        }

        context.IntegrationStatus = 200;
        if (NonProxyIntegration.SelectForLambda(integration, errorMessage) is not { } selected)
        {
            LogNoIntegrationResponse(logger, context.ApiId, context.ResourcePath, errorMessage ?? "(success)");
            await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        MethodResult method;
        try
        {
            method = NonProxyIntegration.Render(selected, context, backendBody, EmptyHeaders);
        }
        catch (TemplateException e)
        {
            LogTemplateFailed(logger, e, context.ApiId, context.ResourcePath);
            await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        var response = http.Response;
        response.StatusCode = method.StatusCode;
        foreach (var (name, value) in method.Headers)
        {
            response.Headers.Append(name, value);
        }

        response.ContentType ??= method.ContentType ?? "application/json";
        var bytes = Encoding.UTF8.GetBytes(method.Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Serves an HTTP API route whose integration is <c>AWS_PROXY</c>; <paramref name="cors"/> adds the CORS headers to whatever is answered.</summary>
    public async Task HttpApiProxyAsync(HttpContext http, HttpIntegration integration, InvocationContext context, string path, Action? cors)
    {
        if (await ReadBodyAsync(http, context, null).ConfigureAwait(false) is not { } bytes)
        {
            return;
        }

        var body = new ProxyEvents.RequestBody(bytes, bytes.Length > 0 && !ProxyEvents.IsTextual(http.Request.ContentType));
        var rawPath = context.Stage == "$default" ? path : "/" + context.Stage + path;
        var v1 = integration.PayloadFormatVersion == "1.0";
        var payload = v1
            ? ProxyEvents.V1(http.Request, context, ProxyEvents.Resource(context.ResourcePath), rawPath, body, httpApi: true)
            : ProxyEvents.V2(http.Request, context, rawPath, body);
        var result = await InvokeAsync(integration.IntegrationUri, payload, context, integration.TimeoutInMillis, HttpApiTimeoutMillis, http.RequestAborted).ConfigureAwait(false);
        cors?.Invoke();
        if (result.Error is { } error)
        {
            await (error.Kind == FunctionFailure.Timeout
                ? GatewayErrors.WriteAsync(http, context, 503, "INTEGRATION_TIMEOUT", "Service Unavailable")
                : GatewayErrors.WriteAsync(http, context, 500, "INTEGRATION_FAILURE", "Internal Server Error")).ConfigureAwait(false);
            return;
        }

        if ((v1 ? ProxyResponses.V1(result.Payload!) : ProxyResponses.V2(result.Payload!)) is not { } response)
        {
            LogMalformed(logger, context.ApiId, context.ResourcePath, Preview(result.Payload!));
            await GatewayErrors.WriteAsync(http, context, 500, "INTEGRATION_FAILURE", "Internal Server Error").ConfigureAwait(false);
            return;
        }

        context.IntegrationStatus = response.StatusCode;
        await WriteAsync(http, response, response.Body).ConfigureAwait(false);
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private async Task<FunctionResult> InvokeAsync(string? uri, byte[] payload, InvocationContext context, int? timeoutMillis, int maxMillis, CancellationToken cancellationToken)
    {
        // ${stageVariables.fn} in the URI picks the function per stage, as AWS allows.
        var reference = MappingTemplate.Render(uri ?? "", context);
        var timeout = TimeSpan.FromMilliseconds(Math.Clamp(timeoutMillis ?? maxMillis, 50, maxMillis));
        var started = time.GetTimestamp();
        var result = await functions.InvokeAsync(reference, payload, FunctionArn.RegionOf(reference), options.AccountId, timeout, cancellationToken).ConfigureAwait(false);
        context.IntegrationLatency = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (result.Error is { } error)
        {
            LogFunctionFailed(logger, context.ApiId, context.ResourcePath, error.Kind, error.ErrorType, error.ErrorMessage);
        }

        return result;
    }

    private static Task RestFailureAsync(HttpContext http, InvocationContext context, FunctionError error) =>
        error.Kind == FunctionFailure.Timeout
            ? GatewayErrors.WriteAsync(http, context, 504, "INTEGRATION_TIMEOUT", "Endpoint request timed out", snapshot: context.Snapshot)
            : GatewayErrors.WriteAsync(http, context, 502, "INTEGRATION_FAILURE", "Internal server error", snapshot: context.Snapshot);

    private static async Task WriteAsync(HttpContext http, ProxyResponse proxy, byte[] body)
    {
        var response = http.Response;
        response.StatusCode = proxy.StatusCode;
        foreach (var (name, value) in proxy.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers.Append(name, value);
        }

        if (string.IsNullOrEmpty(response.ContentType))
        {
            response.ContentType = "application/json";
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The method request's body, also as <c>context.Body</c>; null (and a 413 sent) when it is over the payload limit.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, InvocationContext context, DeploymentSnapshot? snapshot)
    {
        try
        {
            var body = await Server.RequestBody.ReadAsync(http.Request.BodyReader, MaxPayloadBytes, http.RequestAborted).ConfigureAwait(false);
            context.Body = body.IsEmpty ? "" : Encoding.UTF8.GetString(body.Span);
            return body.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await GatewayErrors.WriteAsync(http, context, 413, "REQUEST_TOO_LARGE", "Request Too Long", snapshot: snapshot ?? context.Snapshot).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Lambda's error shape, the <c>$input</c> of a non-proxy integration's error responses.</summary>
    private static string ErrorBody(FunctionError error)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", error.ErrorMessage);
            json.WriteString("errorType", error.ErrorType);
            if (error.StackTrace is { } stack)
            {
                json.WriteStartArray("stackTrace");
                foreach (var line in stack)
                {
                    json.WriteStringValue(line);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? JsonProblem(byte[] bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            reader.Skip();
            return reader.Read() ? "Unexpected content after the JSON value" : null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    private static string Preview(byte[] payload) => Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, 200));

    [LoggerMessage(EventId = 5140, Level = LogLevel.Warning, Message = "Execution failed due to configuration error: Malformed Lambda proxy response from {ApiId} {Resource}: {Preview}")]
    private static partial void LogMalformed(ILogger logger, string apiId, string resource, string preview);

    [LoggerMessage(EventId = 5141, Level = LogLevel.Warning, Message = "Lambda integration of {ApiId} {Resource} failed ({Kind}): {ErrorType}: {ErrorMessage}")]
    private static partial void LogFunctionFailed(ILogger logger, string apiId, string resource, FunctionFailure kind, string errorType, string errorMessage);

    [LoggerMessage(EventId = 5142, Level = LogLevel.Warning, Message = "Execution failed due to configuration error: no integration response of {ApiId} {Resource} matches {Selector} and there is no default")]
    private static partial void LogNoIntegrationResponse(ILogger logger, string apiId, string resource, string selector);

    [LoggerMessage(EventId = 5143, Level = LogLevel.Warning, Message = "A mapping template of {ApiId} {Resource} failed")]
    private static partial void LogTemplateFailed(ILogger logger, Exception exception, string apiId, string resource);
}

/// <summary>A validated Lambda proxy response.</summary>
internal sealed record ProxyResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string? BodyText, bool Base64)
{
    public string? ContentType => Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// Reads what a proxy integration's function returned: <c>{statusCode, headers, multiValueHeaders, body,
/// isBase64Encoded}</c> (1.0), plus <c>cookies</c> and the inferred form (2.0: a result without <c>statusCode</c> is
/// the body of a 200 <c>application/json</c> answer). Null when the result is malformed.
/// </summary>
internal static class ProxyResponses
{
    public static ProxyResponse? V1(byte[] payload) => Parse(payload, v2: false);

    public static ProxyResponse? V2(byte[] payload) => Parse(payload, v2: true);

    private static ProxyResponse? Parse(byte[] payload, bool v2)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (v2 && (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out _)))
            {
                // API Gateway's inference: valid JSON without a statusCode is the body.
                var inferred = root.ValueKind == JsonValueKind.String ? root.GetString()! : root.GetRawText();
                return new ProxyResponse(200, [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes(inferred), inferred, false);
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out var statusElement) || Status(statusElement) is not { } status)
            {
                return null;
            }

            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out var single) && single.ValueKind != JsonValueKind.Null)
            {
                if (single.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                foreach (var header in single.EnumerateObject())
                {
                    if (Scalar(header.Value) is not { } value)
                    {
                        return null;
                    }

                    headers.Add(new(header.Name, value));
                }
            }

            if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind != JsonValueKind.Null)
            {
                if (multi.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                foreach (var header in multi.EnumerateObject())
                {
                    if (header.Value.ValueKind != JsonValueKind.Array)
                    {
                        return null;
                    }

                    // A name in both maps is sent with the multi-value list, as API Gateway merges them.
                    headers.RemoveAll(h => h.Key.Equals(header.Name, StringComparison.OrdinalIgnoreCase));
                    foreach (var item in header.Value.EnumerateArray())
                    {
                        if (Scalar(item) is not { } value)
                        {
                            return null;
                        }

                        headers.Add(new(header.Name, value));
                    }
                }
            }

            if (v2 && root.TryGetProperty("cookies", out var cookies) && cookies.ValueKind != JsonValueKind.Null)
            {
                if (cookies.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                foreach (var cookie in cookies.EnumerateArray())
                {
                    if (cookie.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    headers.Add(new("Set-Cookie", cookie.GetString()!));
                }
            }

            var base64 = false;
            if (root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind != JsonValueKind.Null)
            {
                if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return null;
                }

                base64 = flag.GetBoolean();
            }

            string? text = null;
            if (root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null)
            {
                if (Scalar(bodyElement) is not { } value)
                {
                    return null;
                }

                text = value;
            }

            byte[] body;
            if (base64 && text is not null)
            {
                try
                {
                    body = Convert.FromBase64String(text);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
            else
            {
                body = text is null ? [] : Encoding.UTF8.GetBytes(text);
            }

            return new ProxyResponse(status, headers, body, text, base64);
        }
    }

    private static int? Status(JsonElement element)
    {
        var status = element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(element.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => (int?)null,
        };
        return status is >= 100 and <= 599 ? status : null;
    }

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
