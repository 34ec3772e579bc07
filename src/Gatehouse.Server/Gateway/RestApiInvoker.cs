using System.Net.Http.Headers;
using System.Text;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.Invocation;
using Gatehouse.Core.Gateway.Throttling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// Serves one request to a deployed REST API stage, in API Gateway's order: route (403 <c>Missing Authentication
/// Token</c> without a match), stage and method throttling, authorizer, API key and usage plan, integration (MOCK,
/// HTTP, HTTP_PROXY, AWS_PROXY and AWS with Lambda), then the access log line.
/// </summary>
internal sealed partial class RestApiInvoker(
    HttpForwarder forwarder, LambdaIntegration lambda, StageThrottle throttle, ApiKeyGate apiKeys, AccessLog accessLog, GatehouseOptions options, TimeProvider time, ILogger<RestApiInvoker> logger)
{
    /// <summary>API Gateway's payload limit.</summary>
    private const int MaxPayloadBytes = 10 * 1024 * 1024;
    private const int MaxTimeoutMillis = 29_000;

    public async Task InvokeAsync(HttpContext http, CompiledRestStage stage, string apiId, string stageName, string path, string requestId)
    {
        var context = InvocationContexts.Create(
            http, requestId, options.AccountId, apiId, stageName, "/" + stageName + (path == "/" ? "/" : path), stage.StageVariables, stage.Snapshot, time.GetUtcNow());

        try
        {
            await ServeAsync(http, stage, path, context).ConfigureAwait(false);
        }
        finally
        {
            accessLog.Write(stage.Stage.AccessLogSettings, context, http.Response.StatusCode);
        }
    }

    private async Task ServeAsync(HttpContext http, CompiledRestStage stage, string path, InvocationContext context)
    {
        var cancellationToken = http.RequestAborted;
        if (stage.Routes.Match(http.Request.Method, path) is not { } match)
        {
            await GatewayErrors.WriteAsync(http, context, 403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        context.ResourceId = match.Resource.Id ?? "";
        context.ResourcePath = match.Resource.Path ?? "/";
        context.PathParameters = match.PathParameters;
        var method = match.Method;
        if (!throttle.TryAcquire(context.ApiId, stage.Stage, context.ResourcePath, method.HttpMethod ?? http.Request.Method))
        {
            await GatewayErrors.WriteAsync(http, context, 429, "THROTTLED", "Too Many Requests", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        if (await AuthorizeAsync(http, stage, method, path, context, cancellationToken).ConfigureAwait(false) is { } deny)
        {
            await GatewayErrors.WriteAsync(http, context, deny.StatusCode, deny.ResponseType, deny.Message, deny.WwwAuthenticate, context.Snapshot, deny.MessageKey).ConfigureAwait(false);
            return;
        }

        // API keys come after the authorizer, as in API Gateway: the X-API-Key header, or the Lambda authorizer's
        // usageIdentifierKey when the API's apiKeySource is AUTHORIZER.
        if (method.ApiKeyRequired == true)
        {
            var keyValue = stage.Snapshot.Api.ApiKeySource == "AUTHORIZER" ? context.Authorizer?.UsageIdentifierKey : context.Headers.GetValueOrDefault("X-API-Key");
            var key = await apiKeys.CheckAsync(
                keyValue, context.ApiId, context.Stage, context.ResourcePath, method.HttpMethod ?? http.Request.Method, cancellationToken).ConfigureAwait(false);
            if (!key.Allowed)
            {
                await GatewayErrors.WriteAsync(http, context, key.StatusCode, key.ResponseType!, key.Message, snapshot: context.Snapshot).ConfigureAwait(false);
                return;
            }
        }

        var integration = method.MethodIntegration;
        switch (integration?.Type)
        {
            case "MOCK":
                await MockAsync(http, integration, context).ConfigureAwait(false);
                break;
            case "HTTP_PROXY":
                await HttpProxyAsync(http, integration, context).ConfigureAwait(false);
                break;
            case "HTTP":
                await HttpAsync(http, integration, context).ConfigureAwait(false);
                break;
            case "AWS_PROXY":
                await lambda.RestProxyAsync(http, integration, context, path, stage.Snapshot).ConfigureAwait(false);
                break;
            case "AWS" when Core.Functions.FunctionArn.NameOf(MappingTemplate.Render(integration.Uri ?? "", context)) is not null:
                await lambda.RestNonProxyAsync(http, integration, context).ConfigureAwait(false);
                break;
            default:
                // AWS integrations with other services than Lambda are not emulated.
                LogUnsupportedIntegration(logger, integration?.Type ?? "(none)", context.ApiId, context.ResourcePath);
                await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
                break;
        }
    }

    private static async ValueTask<AuthorizerDeny?> AuthorizeAsync(
        HttpContext http, CompiledRestStage stage, Method method, string path, InvocationContext context, CancellationToken cancellationToken)
    {
        switch (method.AuthorizationType)
        {
            case null or "NONE":
                return null;
            case "COGNITO_USER_POOLS" or "CUSTOM":
                if (stage.Authorizer(method) is not { } authorizer)
                {
                    return AuthorizerDeny.ConfigurationError;
                }

                var decision = await authorizer.AuthorizeAsync(AuthorizerRequests.Create(http, context, path, authorizer), stage.Requirements(method), cancellationToken).ConfigureAwait(false);
                if (decision is AuthorizerAllow allow)
                {
                    context.PrincipalId = allow.PrincipalId;
                    context.Claims = allow.Claims;
                    context.Authorizer = allow;
                    return null;
                }

                return (AuthorizerDeny)decision;
            case "AWS_IAM":
                // SigV4 verification arrives with signed requests; until then nothing passes an IAM-protected method.
                return new AuthorizerDeny(403, "MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token");
            default:
                return AuthorizerDeny.ConfigurationError;
        }
    }

    private async Task MockAsync(HttpContext http, Integration integration, InvocationContext context)
    {
        if (!await ReadBodyAsync(http, context).ConfigureAwait(false))
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

        var status = NonProxyIntegration.MockStatus(rendered);
        context.IntegrationStatus = status;
        context.IntegrationLatency = 0;
        await RespondAsync(http, integration, status, "", EmptyHeaders, context).ConfigureAwait(false);
    }

    private async Task HttpProxyAsync(HttpContext http, Integration integration, InvocationContext context)
    {
        if (!TryForwardRequest(integration, context, http.Request.QueryString.Value, out var forward))
        {
            await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        var (upstream, failure) = await forwarder.SendAsync(http, forward, null, passHeaders: true, http.RequestAborted).ConfigureAwait(false);
        context.IntegrationLatency = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (upstream is null)
        {
            await WriteFailureAsync(http, context, failure).ConfigureAwait(false);
            return;
        }

        using (upstream)
        {
            context.IntegrationStatus = (int)upstream.StatusCode;
            await HttpForwarder.CopyResponseAsync(upstream, http, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private async Task HttpAsync(HttpContext http, Integration integration, InvocationContext context)
    {
        if (!await ReadBodyAsync(http, context).ConfigureAwait(false))
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

        if (!TryForwardRequest(integration, context, query: null, out var forward))
        {
            await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        var body = rendered ?? context.Body;
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.TryParse(http.Request.ContentType ?? "application/json", out var type) ? type : new MediaTypeHeaderValue("application/json");
        var started = time.GetTimestamp();
        var (upstream, failure) = await forwarder.SendAsync(http, forward, body.Length == 0 && http.Request.ContentLength is null or 0 ? null : content, passHeaders: false, http.RequestAborted).ConfigureAwait(false);
        if (upstream is null)
        {
            context.IntegrationLatency = (long)time.GetElapsedTime(started).TotalMilliseconds;
            await WriteFailureAsync(http, context, failure).ConfigureAwait(false);
            return;
        }

        using (upstream)
        {
            string backendBody;
            try
            {
                backendBody = await ReadLimitedAsync(upstream.Content, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidDataException)
            {
                await WriteFailureAsync(http, context, ForwardFailure.Unreachable).ConfigureAwait(false);
                return;
            }

            context.IntegrationLatency = (long)time.GetElapsedTime(started).TotalMilliseconds;
            context.IntegrationStatus = (int)upstream.StatusCode;
            var backendHeaders = upstream.Headers.Concat(upstream.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(',', g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
            await RespondAsync(http, integration, (int)upstream.StatusCode, backendBody, backendHeaders, context).ConfigureAwait(false);
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private async Task RespondAsync(HttpContext http, Integration integration, int status, string backendBody, IReadOnlyDictionary<string, string> backendHeaders, InvocationContext context)
    {
        if (NonProxyIntegration.Select(integration, status) is not { } selected)
        {
            // AWS logs "No match for output mapping and no default output mapping configured" and answers 500.
            LogNoIntegrationResponse(logger, context.ApiId, context.ResourcePath, status);
            await GatewayErrors.WriteAsync(http, context, 500, "API_CONFIGURATION_ERROR", "Internal server error", snapshot: context.Snapshot).ConfigureAwait(false);
            return;
        }

        var result = NonProxyIntegration.Render(selected, context, backendBody, backendHeaders);
        var response = http.Response;
        response.StatusCode = result.StatusCode;
        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Append(name, value);
        }

        response.ContentType ??= result.ContentType ?? "application/json";
        var bytes = Encoding.UTF8.GetBytes(result.Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteFailureAsync(HttpContext http, InvocationContext context, ForwardFailure failure) =>
        failure == ForwardFailure.Timeout
            ? GatewayErrors.WriteAsync(http, context, 504, "INTEGRATION_TIMEOUT", "Endpoint request timed out", snapshot: context.Snapshot)
            : GatewayErrors.WriteAsync(http, context, 502, "INTEGRATION_FAILURE", "Internal server error", snapshot: context.Snapshot);

    /// <summary>Buffers the method request's body for templates; false (and a 413 sent) when it is over API Gateway's limit.</summary>
    private static async Task<bool> ReadBodyAsync(HttpContext http, InvocationContext context)
    {
        try
        {
            var body = await RequestBody.ReadAsync(http.Request.BodyReader, MaxPayloadBytes, http.RequestAborted).ConfigureAwait(false);
            context.Body = body.IsEmpty ? "" : Encoding.UTF8.GetString(body.Span);
            return true;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await GatewayErrors.WriteAsync(http, context, 413, "REQUEST_TOO_LARGE", "Request Too Long", snapshot: context.Snapshot).ConfigureAwait(false);
            return false;
        }
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxPayloadBytes)
            {
                throw new InvalidDataException("The integration's answer is over the payload limit.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// The backend request of an HTTP or HTTP_PROXY integration: <c>{name}</c> in the URI from
    /// <c>integration.request.path.name</c> (else the method's path parameter of that name; a greedy one keeps its
    /// slashes), <c>${stageVariables.x}</c>, the mapped query string and headers, and the integration's timeout.
    /// </summary>
    private static bool TryForwardRequest(Integration integration, InvocationContext context, string? query, out ForwardRequest forward)
    {
        forward = null!;
        var mapped = integration.RequestParameters ?? [];
        var uri = MappingTemplate.Render(integration.Uri ?? "", context);
        var builder = new StringBuilder(uri.Length + 32);
        var i = 0;
        while (i < uri.Length)
        {
            var open = uri.IndexOf('{', i);
            var close = open < 0 ? -1 : uri.IndexOf('}', open);
            if (close < 0)
            {
                builder.Append(uri, i, uri.Length - i);
                break;
            }

            builder.Append(uri, i, open - i);
            var name = uri[(open + 1)..close];
            var greedy = name.EndsWith('+');
            name = name.TrimEnd('+');
            var value = mapped.TryGetValue("integration.request.path." + name, out var expression) ? context.Resolve(expression) : context.PathParameters.GetValueOrDefault(name);
            var isGreedy = greedy || (expression ?? "").EndsWith(".proxy", StringComparison.Ordinal) || name == "proxy";
            builder.Append(value is null ? "" : isGreedy ? string.Join('/', value.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value));
            i = close + 1;
        }

        var queryString = new StringBuilder(query ?? "");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (target, source) in mapped)
        {
            if (context.Resolve(source) is not { } value)
            {
                continue;
            }

            if (target.StartsWith("integration.request.header.", StringComparison.Ordinal))
            {
                headers.Add(new(target["integration.request.header.".Length..], value));
            }
            else if (target.StartsWith("integration.request.querystring.", StringComparison.Ordinal))
            {
                queryString.Append(queryString.Length == 0 ? '?' : '&')
                    .Append(Uri.EscapeDataString(target["integration.request.querystring.".Length..])).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        if (queryString.Length > 0)
        {
            builder.Append(builder.ToString().Contains('?', StringComparison.Ordinal) && queryString[0] == '?' ? "&" + queryString.ToString(1, queryString.Length - 1) : queryString.ToString());
        }

        if (!Uri.TryCreate(builder.ToString(), UriKind.Absolute, out var target2) || target2.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var verb = integration.HttpMethod is null or "ANY" ? context.HttpMethod : integration.HttpMethod;
        var timeout = Math.Clamp(integration.TimeoutInMillis ?? MaxTimeoutMillis, 50, MaxTimeoutMillis);
        forward = new ForwardRequest(verb, target2, headers, TimeSpan.FromMilliseconds(timeout));
        return true;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Integration type {Type} of {ApiId} {ResourcePath} is not supported yet; answered 500")]
    private static partial void LogUnsupportedIntegration(ILogger logger, string type, string apiId, string resourcePath);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Execution failed due to configuration error: no integration response of {ApiId} {ResourcePath} matches status {Status} and there is no default")]
    private static partial void LogNoIntegrationResponse(ILogger logger, string apiId, string resourcePath, int status);
}
