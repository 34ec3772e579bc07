using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// The gateway's entry: a middleware ahead of everything else, because the <c>{apiId}.execute-api</c> host form owns
/// every path (even <c>POST /</c>, which is otherwise Cognito's). Requests for no deployed stage answer as AWS does.
/// </summary>
internal static partial class GatewayEndpoint
{
    public static void Use(WebApplication app)
    {
        // Resolved on the first gateway request, not here: the token verifier depends on IssuerUrls, which must see
        // the port Kestrel actually bound when the configured port is 0.
        var services = app.Services;
        var stagesLazy = new Lazy<GatewayStages>(services.GetRequiredService<GatewayStages>);
        var restLazy = new Lazy<RestApiInvoker>(services.GetRequiredService<RestApiInvoker>);
        var httpApisLazy = new Lazy<HttpApiInvoker>(services.GetRequiredService<HttpApiInvoker>);
        var loggerLazy = new Lazy<ILogger>(() => services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayEndpoint)));
        app.Use(async (http, next) =>
        {
            if (!GatewayAddress.TryParse(http.Request, out var address))
            {
                await next(http).ConfigureAwait(false);
                return;
            }

            var requestId = RequestIds.NewRequestId();
            http.Response.Headers["x-amzn-RequestId"] = requestId;
            http.Response.Headers["x-amz-apigw-id"] = RequestIds.NewExtendedRequestId();
            try
            {
                await ServeAsync(http, address, requestId, stagesLazy.Value, restLazy.Value, httpApisLazy.Value).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (Exception e)
            {
                // Whatever broke, the caller gets API Gateway's shape, never a bare 500 page.
                LogUnhandled(loggerLazy.Value, e, address.ApiId, requestId);
                await GatewayErrors.WriteAsync(http, new Core.Gateway.Invocation.InvocationContext { RequestId = requestId }, 500, "API_CONFIGURATION_ERROR", "Internal server error").ConfigureAwait(false);
            }
        });
    }

    private static async Task ServeAsync(HttpContext http, GatewayAddress address, string requestId, GatewayStages stages, RestApiInvoker rest, HttpApiInvoker httpApis)
    {
        var (stageName, path) = address.StageAndPath();
        stageName = Uri.UnescapeDataString(stageName);
        var stage = stageName.Length == 0 ? null : await stages.RestStageAsync(address.ApiId, stageName, http.RequestAborted).ConfigureAwait(false);
        if (stage is not null)
        {
            await rest.InvokeAsync(http, stage, address.ApiId, stageName, path, requestId).ConfigureAwait(false);
            return;
        }

        // An HTTP API: a named stage in the first segment, else the $default stage at the root.
        var named = stageName.Length == 0 || stageName == "$default" ? null : await stages.HttpStageAsync(address.ApiId, stageName, http.RequestAborted).ConfigureAwait(false);
        var httpStage = named ?? await stages.HttpStageAsync(address.ApiId, "$default", http.RequestAborted).ConfigureAwait(false);
        if (httpStage is not null)
        {
            await httpApis.InvokeAsync(http, httpStage, address.ApiId, named is null ? "$default" : stageName, named is null ? address.Rest : path, requestId).ConfigureAwait(false);
            return;
        }

        // An API or stage that is not deployed: AWS answers 403 Forbidden.
        await GatewayErrors.WriteAsync(http, new Core.Gateway.Invocation.InvocationContext { RequestId = requestId }, 403, "FORBIDDEN", "Forbidden").ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 5130, Level = LogLevel.Error, Message = "Unhandled error invoking API {ApiId} (request {RequestId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string apiId, string requestId);
}
