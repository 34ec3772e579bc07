using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Server.Operator;

/// <summary>
/// <c>/_gatehouse/functions</c>: the function registry (<c>PUT/GET/DELETE /_gatehouse/functions/{name}</c>, <c>GET
/// /_gatehouse/functions</c>) and <c>POST /_gatehouse/functions/{name}/invocations</c>, which answers as Lambda's
/// Invoke API does: 200 with the payload, or 200 with <c>X-Amz-Function-Error: Unhandled</c> and the error.
/// </summary>
internal static class FunctionEndpoints
{
    /// <summary>The largest definition <c>PUT</c> takes; a definition is a few hundred bytes.</summary>
    private const int MaxDefinitionBytes = 256 * 1024;

    /// <summary>Lambda's largest synchronous request payload.</summary>
    private const int MaxEventBytes = 6 * 1024 * 1024;

    public static void Map(WebApplication app)
    {
        app.MapGet("/_gatehouse/functions", ListAsync);
        app.MapGet("/_gatehouse/functions/{name}", GetAsync);
        app.MapPut("/_gatehouse/functions/{name}", PutAsync);
        app.MapDelete("/_gatehouse/functions/{name}", DeleteAsync);
        app.MapPost("/_gatehouse/functions/{name}/invocations", InvokeAsync);
    }

    private static async Task<IResult> ListAsync(IGatehouseStore store, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        var functions = await FunctionRegistry.ListAsync(session, cancellationToken).ConfigureAwait(false);
        return Results.Json(new FunctionList([.. functions.OrderBy(f => f.Name, StringComparer.Ordinal)]), FunctionEndpointJson.Default.FunctionList);
    }

    private static async Task<IResult> GetAsync(string name, IGatehouseStore store, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        return await FunctionRegistry.GetAsync(session, name, cancellationToken).ConfigureAwait(false) is { } function
            ? Results.Json(function, FunctionJson.Default.FunctionDefinition)
            : NotFound(name);
    }

    private static async Task<IResult> PutAsync(string name, HttpContext context, IGatehouseStore store, IEnumerable<IFunctionRuntime> runtimes)
    {
        var cancellationToken = context.RequestAborted;
        var body = await ReadAsync(context, MaxDefinitionBytes).ConfigureAwait(false);
        if (body is null)
        {
            return Error(400, $"The function definition must be at most {MaxDefinitionBytes} bytes.");
        }

        FunctionDefinition? function;
        try
        {
            function = JsonSerializer.Deserialize(body, FunctionJson.Default.FunctionDefinition);
        }
        catch (JsonException e)
        {
            return Error(400, $"The body is not a function definition: {e.Message}");
        }

        if (function is null)
        {
            return Error(400, "The body must be a JSON object: the function definition.");
        }

        if (string.IsNullOrEmpty(function.Name))
        {
            function.Name = name;
        }
        else if (function.Name != name)
        {
            return Error(400, $"The body names the function '{function.Name}', the path '{name}'.");
        }

        bool created;
        try
        {
            FunctionRegistry.Validate(function);
            await using var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
            created = await FunctionRegistry.GetAsync(session, name, cancellationToken).ConfigureAwait(false) is null;
            await FunctionRegistry.SaveAsync(session, function, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return Error(400, e.Message);
        }

        Evict(runtimes, name);
        return Results.Json(function, FunctionJson.Default.FunctionDefinition, statusCode: created ? 201 : 200);
    }

    private static async Task<IResult> DeleteAsync(string name, IGatehouseStore store, IEnumerable<IFunctionRuntime> runtimes, CancellationToken cancellationToken)
    {
        await using (var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false))
        {
            if (await FunctionRegistry.GetAsync(session, name, cancellationToken).ConfigureAwait(false) is null)
            {
                return NotFound(name);
            }

            await FunctionRegistry.DeleteAsync(session, name, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Evict(runtimes, name);
        return Results.NoContent();
    }

    private static async Task<IResult> InvokeAsync(string name, HttpContext context, FunctionInvoker invoker, GatehouseOptions options)
    {
        var body = await ReadAsync(context, MaxEventBytes).ConfigureAwait(false);
        if (body is null)
        {
            return Error(400, $"Request must be smaller than {MaxEventBytes} bytes for the InvokeFunction operation", "RequestTooLargeException");
        }

        if (body.Length == 0)
        {
            body = "{}"u8.ToArray();
        }
        else if (!IsJson(body))
        {
            return Error(400, "Could not parse request body into json: the payload is not a JSON document.", "InvalidRequestContentException");
        }

        var region = context.Request.Query["region"].FirstOrDefault() ?? "us-east-1";
        var result = await invoker.InvokeAsync(name, body, region, options.AccountId, null, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        if (result.Error is not { } error)
        {
            return Results.Bytes(result.Payload!, "application/json");
        }

        switch (error.Kind)
        {
            case FunctionFailure.NotFound:
                return Error(404, $"Function not found: {FunctionArn.For(region, options.AccountId, name)}", "ResourceNotFoundException");
            case FunctionFailure.Throttled:
                return Error(429, "Rate Exceeded.", "TooManyRequestsException");
            default:
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                var payload = new LambdaErrorBody { ErrorMessage = error.ErrorMessage, ErrorType = error.ErrorType, StackTrace = error.StackTrace?.ToList() };
                return Results.Json(payload, FunctionJson.Default.LambdaErrorBody);
        }
    }

    private static void Evict(IEnumerable<IFunctionRuntime> runtimes, string name)
    {
        foreach (var runtime in runtimes)
        {
            runtime.Evict(name);
        }
    }

    /// <summary>The body, or null when it is larger than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IResult NotFound(string name) => Error(404, $"Function {name} does not exist.", "ResourceNotFoundException");

    private static IResult Error(int status, string message, string? type = null) =>
        new ErrorResult(status, message, type);

    private sealed class ErrorResult(int status, string message, string? type) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (type is not null)
            {
                httpContext.Response.Headers["x-amzn-ErrorType"] = type;
            }

            return Results.Json(new OperatorError(message), OperatorJson.Default.OperatorError, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}

internal sealed record FunctionList([property: JsonPropertyName("functions")] IReadOnlyList<FunctionDefinition> Functions);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FunctionList))]
internal sealed partial class FunctionEndpointJson : JsonSerializerContext;
