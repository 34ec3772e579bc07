using System.Text;
using System.Text.RegularExpressions;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Gateway.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// Serves one request to a deployed HTTP API stage, as API Gateway v2 does: CORS preflights answered from the API's
/// <c>corsConfiguration</c>, the route (404 <c>{"message":"Not Found"}</c> without one), the JWT or Lambda authorizer, then the
/// HTTP_PROXY integration with its parameter mappings; 503 when the backend times out, 502 when it fails.
/// </summary>
internal sealed partial class HttpApiInvoker(HttpForwarder forwarder, LambdaIntegration lambda, AccessLog accessLog, GatehouseOptions options, TimeProvider time, ILogger<HttpApiInvoker> logger)
{
    private const int MaxTimeoutMillis = 30_000;

    public async Task InvokeAsync(HttpContext http, CompiledHttpStage stage, string apiId, string stageName, string path, string requestId)
    {
        http.Response.Headers["apigw-requestid"] = http.Response.Headers["x-amz-apigw-id"];
        var context = InvocationContexts.Create(http, requestId, options.AccountId, apiId, stageName, path, stage.StageVariables, null, time.GetUtcNow());

        try
        {
            await ServeAsync(http, stage, path, context).ConfigureAwait(false);
        }
        finally
        {
            accessLog.Write(stage.Stage.AccessLogSettings, context, http.Response.StatusCode);
        }
    }

    private async Task ServeAsync(HttpContext http, CompiledHttpStage stage, string path, InvocationContext context)
    {
        var cors = stage.Snapshot.Api.CorsConfiguration;
        if (cors is not null && HttpMethods.IsOptions(http.Request.Method)
            && http.Request.Headers.ContainsKey("Origin") && http.Request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            // API Gateway answers preflights itself when CORS is configured, whatever the routes.
            Preflight(http, cors);
            http.Response.StatusCode = 204;
            return;
        }

        if (stage.Routes.Match(http.Request.Method, path) is not { } match)
        {
            await WriteAsync(http, context, cors, 404, "RESOURCE_NOT_FOUND", "Not Found").ConfigureAwait(false);
            return;
        }

        var route = match.Route;
        context.ResourcePath = route.RouteKey ?? "";
        context.ResourceId = route.RouteId ?? "";
        context.PathParameters = match.PathParameters;
        switch (route.AuthorizationType)
        {
            case null or "NONE":
                break;
            case "JWT" or "CUSTOM":
                if (stage.Authorizer(route) is not { } authorizer)
                {
                    await WriteAsync(http, context, cors, 500, "AUTHORIZER_CONFIGURATION_ERROR", "Internal Server Error").ConfigureAwait(false);
                    return;
                }

                var decision = await authorizer.AuthorizeAsync(AuthorizerRequests.Create(http, context, path, authorizer), stage.Requirements(route), http.RequestAborted).ConfigureAwait(false);
                if (decision is AuthorizerDeny deny)
                {
                    await WriteAsync(http, context, cors, deny.StatusCode, deny.ResponseType, deny.Message, deny.WwwAuthenticate).ConfigureAwait(false);
                    return;
                }

                var allow = (AuthorizerAllow)decision;
                context.PrincipalId = allow.PrincipalId;
                context.Claims = allow.Claims;
                context.Authorizer = allow;
                break;
            case "AWS_IAM":
                await WriteAsync(http, context, cors, 403, "ACCESS_DENIED", "Forbidden").ConfigureAwait(false);
                return;
            default:
                await WriteAsync(http, context, cors, 500, "AUTHORIZER_CONFIGURATION_ERROR", "Internal Server Error").ConfigureAwait(false);
                return;
        }

        var integration = stage.Integration(route);
        if (integration?.IntegrationType == "AWS_PROXY")
        {
            await lambda.HttpApiProxyAsync(http, integration, context, path, cors is null ? null : () => AllowOrigin(http, cors)).ConfigureAwait(false);
            return;
        }

        if (integration?.IntegrationType != "HTTP_PROXY" || !TryForwardRequest(integration, context, out var forward))
        {
            LogUnsupportedIntegration(logger, integration?.IntegrationType ?? "(none)", context.ApiId, context.ResourcePath);
            await WriteAsync(http, context, cors, 500, "API_CONFIGURATION_ERROR", "Internal Server Error").ConfigureAwait(false);
            return;
        }

        var started = time.GetTimestamp();
        var (upstream, failure) = await forwarder.SendAsync(http, forward, null, passHeaders: true, http.RequestAborted).ConfigureAwait(false);
        context.IntegrationLatency = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (upstream is null)
        {
            await (failure == ForwardFailure.Timeout
                ? WriteAsync(http, context, cors, 503, "INTEGRATION_TIMEOUT", "Service Unavailable")
                : WriteAsync(http, context, cors, 502, "INTEGRATION_FAILURE", "Internal Server Error")).ConfigureAwait(false);
            return;
        }

        using (upstream)
        {
            context.IntegrationStatus = (int)upstream.StatusCode;
            await HttpForwarder.CopyResponseAsync(upstream, http, http.RequestAborted, cors is null ? null : response => AllowOrigin(http, cors)).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(HttpContext http, InvocationContext context, Cors? cors, int status, string type, string? message, string? wwwAuthenticate = null)
    {
        if (cors is not null)
        {
            AllowOrigin(http, cors);
        }

        return GatewayErrors.WriteAsync(http, context, status, type, message, wwwAuthenticate);
    }

    private static void Preflight(HttpContext http, Cors cors)
    {
        if (!AllowOrigin(http, cors))
        {
            return;
        }

        var headers = http.Response.Headers;
        if (cors.AllowMethods is { Count: > 0 } methods)
        {
            headers.AccessControlAllowMethods = string.Join(',', methods);
        }

        if (cors.AllowHeaders is { Count: > 0 } allowed)
        {
            headers.AccessControlAllowHeaders = string.Join(',', allowed);
        }

        if (cors.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Adds the origin headers when the request's <c>Origin</c> is allowed; they replace any the backend sent.</summary>
    private static bool AllowOrigin(HttpContext http, Cors cors)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || cors.AllowOrigins is not { Count: > 0 } origins)
        {
            return false;
        }

        var any = origins.Contains("*");
        if (!any && !origins.Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = any && cors.AllowCredentials != true ? "*" : origin;
        if (cors.AllowCredentials == true)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (cors.ExposeHeaders is { Count: > 0 } exposed)
        {
            headers.AccessControlExposeHeaders = string.Join(',', exposed);
        }

        if (!any)
        {
            headers.Vary = "Origin";
        }

        return true;
    }

    /// <summary>
    /// The backend request: <c>{name}</c> in the URI from the path parameters (a greedy one keeps its slashes), the
    /// query string passed on, then the <c>requestParameters</c> mappings (<c>overwrite:</c>, <c>append:</c>,
    /// <c>remove:</c> on <c>header.X</c>, <c>querystring.X</c> or <c>path</c>).
    /// </summary>
    private static bool TryForwardRequest(HttpIntegration integration, InvocationContext context, out ForwardRequest forward)
    {
        forward = null!;
        var uri = integration.IntegrationUri ?? "";
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
            var name = uri[(open + 1)..close].TrimEnd('+');
            var value = context.PathParameters.GetValueOrDefault(name) ?? "";
            builder.Append(string.Join('/', value.Split('/').Select(Uri.EscapeDataString)));
            i = close + 1;
        }

        if (!Uri.TryCreate(builder.ToString(), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var path = target.AbsolutePath;
        var queryPairs = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in context.Query)
        {
            queryPairs.Add(new(name, value));
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, expression) in integration.RequestParameters ?? [])
        {
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var (action, location) = (key[..colon], key[(colon + 1)..]);
            var value = Evaluate(expression, context);
            if (location == "path" && action == "overwrite")
            {
                path = value.StartsWith('/') ? value : "/" + value;
            }
            else if (location.StartsWith("header.", StringComparison.Ordinal))
            {
                Apply(headers, action, location["header.".Length..], value, StringComparer.OrdinalIgnoreCase);
            }
            else if (location.StartsWith("querystring.", StringComparison.Ordinal))
            {
                Apply(queryPairs, action, location["querystring.".Length..], value, StringComparer.Ordinal);
            }
        }

        var url = new StringBuilder().Append(target.GetLeftPart(UriPartial.Authority)).Append(path);
        if (target.Query.Length > 1)
        {
            url.Append(target.Query);
        }

        var first = target.Query.Length <= 1;
        foreach (var (name, value) in queryPairs)
        {
            url.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        var verb = integration.IntegrationMethod is null or "ANY" ? context.HttpMethod : integration.IntegrationMethod;
        var timeout = Math.Clamp(integration.TimeoutInMillis ?? MaxTimeoutMillis, 50, MaxTimeoutMillis);
        forward = new ForwardRequest(verb, new Uri(url.ToString()), headers, TimeSpan.FromMilliseconds(timeout));
        return true;
    }

    private static void Apply(List<KeyValuePair<string, string>> pairs, string action, string name, string value, StringComparer comparer)
    {
        if (action is "overwrite" or "remove")
        {
            pairs.RemoveAll(p => comparer.Equals(p.Key, name));
        }

        if (action is "overwrite" or "append")
        {
            pairs.Add(new(name, value));
        }
    }

    /// <summary>A mapping value: literal text with <c>$request.header.X</c>, <c>$request.querystring.X</c>, <c>$request.path.X</c>, <c>$context.X</c> and <c>$stageVariables.X</c>.</summary>
    private static string Evaluate(string expression, InvocationContext context)
    {
        var requestResolved = RequestReference().Replace(expression, m =>
        {
            var (source, name) = (m.Groups[1].Value, m.Groups[2].Value);
            return (source switch
            {
                "header" => context.Headers.GetValueOrDefault(name),
                "querystring" => context.Query.GetValueOrDefault(name),
                _ => context.PathParameters.GetValueOrDefault(name),
            }) ?? "";
        });
        return MappingTemplate.Render(requestResolved, context);
    }

    [GeneratedRegex(@"\$request\.(header|querystring|path)\.([A-Za-z0-9_\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestReference();

    [LoggerMessage(EventId = 5120, Level = LogLevel.Warning, Message = "Integration type {Type} of HTTP API {ApiId} route {RouteKey} is not supported yet; answered 500")]
    private static partial void LogUnsupportedIntegration(ILogger logger, string type, string apiId, string routeKey);
}
