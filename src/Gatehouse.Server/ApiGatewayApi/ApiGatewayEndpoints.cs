using System.Text.Json;
using Gatehouse.Core;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.ApiGatewayApi;

/// <summary>Marks an endpoint as an operation of an AWS service, so what is served can be listed (docs/compatibility.md).</summary>
public sealed record AwsOperationMetadata(string Service, string Operation);

/// <summary>
/// API Gateway's management API (rest-json, signing name <c>apigateway</c>; v2 under <c>/v2/</c>): one table of operations, each mapped on
/// its own verb and route template, as botocore's model has them. Errors are AWS's: the status, a
/// <c>{"message"}</c> body and <c>x-amzn-ErrorType</c>. The gateway's invocation paths
/// (<c>/restapis/{id}/{stage}/_user_request_/...</c>) are left to the gateway.
/// </summary>
public static partial class ApiGatewayEndpoints
{
    public const string Service = "apigateway";
    private const string ContentType = "application/json";
    private const string QueryModeKey = "mode";

    /// <summary>Maps every operation of <see cref="Operations"/>.</summary>
    public static void Map(WebApplication app)
    {
        var services = new ApiGatewayServices(
            app.Services.GetRequiredService<IGatehouseStore>(),
            app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<IdGenerator>(),
            app.Services.GetRequiredService<GatehouseOptions>(),
            app.Services.GetRequiredService<Core.Gateway.ApiKeys.ApiKeyGate>(),

            // Not through GatewayStages: that would build the issuer URLs before a port-0 server knows its port.
            app.Services.GetRequiredService<Core.Gateway.Authorizers.LambdaAuthorizerCache>(),
            app.Services.GetRequiredService<Gateway.GatewayStages>);
        var options = app.Services.GetRequiredService<GatehouseOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiGatewayEndpoints));
        var operations = Operations(services).ToList();
        foreach (var operation in operations)
        {
            var parameters = RoutePatternFactory.Parse(operation.Route).Parameters;
            var policies = parameters.ToDictionary(p => p.Name, _ => (object)NotUserRequest.Instance);
            var modes = operations.Where(o => o.HttpMethod == operation.HttpMethod && o.Route == operation.Route && o.QueryMode is not null).Select(o => o.QueryMode!).ToList();
            if (modes.Count > 0)
            {
                policies[QueryModeKey] = new QueryMode(operation.QueryMode, modes);
            }

            var pattern = RoutePatternFactory.Parse(operation.Route, defaults: null, policies);
            app.Map(pattern, context => HandleAsync(context, operation, options.MaxRequestBodyBytes, logger))
                .WithMetadata(new HttpMethodMetadata([operation.HttpMethod]), new AwsOperationMetadata(operation.Service, operation.Name));
        }
    }

    internal static IEnumerable<IApiGatewayOperation> Operations(ApiGatewayServices services) =>
        typeof(ApiGatewayEndpoints).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IApiGatewayOperation).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (IApiGatewayOperation)Activator.CreateInstance(t, services)!);

    private static async Task HandleAsync(HttpContext context, IApiGatewayOperation operation, int maxBody, ILogger logger)
    {
        var requestId = RequestIds.NewRequestId();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        try
        {
            var body = await RequestBody.ReadAsync(context.Request.BodyReader, maxBody, context.RequestAborted).ConfigureAwait(false);
            var call = new ApiGatewayCall(context.Request, requestId);
            var response = await operation.ExecuteAsync(body, call).ConfigureAwait(false);
            context.Response.StatusCode = operation.SuccessStatus;
            foreach (var (name, value) in call.ResponseHeaders)
            {
                context.Response.Headers[name] = value;
            }

            if (response is not null)
            {
                context.Response.ContentType = call.ResponseContentType;
                context.Response.ContentLength = response.Length;
                await context.Response.Body.WriteAsync(response, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (ApiGatewayException e)
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
            LogUnhandled(logger, e, operation.Service, operation.Name, requestId);
            await WriteErrorAsync(context, 500, "InternalFailure", "An internal error occurred.").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Keeps management off the gateway's paths: <c>/restapis/{id}/resources/_user_request_/</c> is stage
    /// <c>resources</c> of API <c>id</c>, not resource <c>_user_request_</c>.
    /// </summary>
    private sealed class NotUserRequest : IRouteConstraint
    {
        public static readonly NotUserRequest Instance = new();

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            !string.Equals(values[routeKey] as string, "_user_request_", StringComparison.Ordinal);
    }

    /// <summary>
    /// Tells apart operations on one verb and route by their <c>mode</c> query parameter, as botocore's
    /// <c>/restapis?mode=import</c> (ImportRestApi) beside <c>/restapis</c> (CreateRestApi): the operation with a
    /// mode takes requests carrying it; the one without takes the rest.
    /// </summary>
    private sealed class QueryMode(string? mode, IReadOnlyList<string> siblings) : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            var actual = httpContext?.Request.Query[QueryModeKey].ToString();
            return mode is null ? !siblings.Contains(actual, StringComparer.Ordinal) : string.Equals(actual, mode, StringComparison.Ordinal);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers["x-amzn-ErrorType"] = type;
        var body = JsonSerializer.SerializeToUtf8Bytes(new ApiGatewayErrorBody(message), ApiGatewayJson.Default.ApiGatewayErrorBody);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }


    [LoggerMessage(EventId = 5000, Level = LogLevel.Error, Message = "Unhandled error in {Service} {Operation} (request {RequestId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string service, string operation, string requestId);
}
