using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi;

/// <summary>One operation of API Gateway's management API: an HTTP verb on a route template, as botocore's model has it.</summary>
internal interface IApiGatewayOperation
{
    /// <summary>AWS's operation name, e.g. <c>CreateRestApi</c>.</summary>
    string Name { get; }

    /// <summary>The service it belongs to: <c>apigateway</c> (v1), or <c>apigatewayv2</c>.</summary>
    string Service { get; }

    string HttpMethod { get; }

    /// <summary>The route template, with botocore's URI parameter names, e.g. <c>/restapis/{restapi_id}</c>.</summary>
    string Route { get; }

    /// <summary>The status of a success: 200, or 201/202/204 where the model says so.</summary>
    int SuccessStatus { get; }

    /// <summary>Runs the operation; returns the JSON body, or null for an empty one.</summary>
    Task<byte[]?> ExecuteAsync(ReadOnlyMemory<byte> body, ApiGatewayCall call);
}

/// <summary>
/// Deserializes the JSON body with source-generated metadata, runs the operation, serializes its answer. A class
/// deriving from this is named exactly after the AWS operation it implements.
/// </summary>
internal abstract class ApiGatewayOperation<TRequest, TResponse>(ApiGatewayServices services) : IApiGatewayOperation
    where TRequest : class
    where TResponse : class
{
    public string Name => GetType().Name;

    public virtual string Service => ApiGatewayEndpoints.Service;

    public abstract string HttpMethod { get; }

    public abstract string Route { get; }

    public virtual int SuccessStatus => 200;

    protected ApiGatewayServices Services { get; } = services;

    protected abstract JsonTypeInfo<TRequest> RequestType { get; }

    protected abstract JsonTypeInfo<TResponse> ResponseType { get; }

    public async Task<byte[]?> ExecuteAsync(ReadOnlyMemory<byte> body, ApiGatewayCall call)
    {
        TRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body.IsEmpty ? "{}"u8 : body.Span, RequestType);
        }
        catch (JsonException e)
        {
            throw BadBody(e.Path is { Length: > 1 } path
                ? $"Could not deserialize the request: unexpected value at '{path}'."
                : "Could not deserialize the request: it is not valid JSON.");
        }

        if (request is null)
        {
            throw BadBody("The request body must be a JSON object.");
        }

        var response = await HandleAsync(request, call).ConfigureAwait(false);
        return response is null ? null : JsonSerializer.SerializeToUtf8Bytes(response, ResponseType);
    }

    protected abstract Task<TResponse?> HandleAsync(TRequest request, ApiGatewayCall call);

    // v1 calls a body it cannot read a SerializationException; v2 a BadRequestException.
    private ApiGatewayException BadBody(string message) =>
        Service == ApiGatewayEndpoints.Service ? ApiGatewayException.Serialization(message) : ApiGatewayException.BadRequest(message);
}

/// <summary>A GET: no body in, a JSON body out.</summary>
internal abstract class ApiGatewayQuery<TResponse>(ApiGatewayServices services) : ApiGatewayOperation<NoBody, TResponse>(services)
    where TResponse : class
{
    public override string HttpMethod => "GET";

    protected override JsonTypeInfo<NoBody> RequestType => ApiGatewayJson.Default.NoBody;

    protected override Task<TResponse?> HandleAsync(NoBody request, ApiGatewayCall call) => QueryAsync(call)!;

    protected abstract Task<TResponse> QueryAsync(ApiGatewayCall call);
}

/// <summary>A DELETE: no body in, none out, 202 unless the model says 204.</summary>
internal abstract class ApiGatewayDeletion(ApiGatewayServices services) : ApiGatewayOperation<NoBody, NoBody>(services)
{
    public override string HttpMethod => "DELETE";

    public override int SuccessStatus => 202;

    protected override JsonTypeInfo<NoBody> RequestType => ApiGatewayJson.Default.NoBody;

    protected override JsonTypeInfo<NoBody> ResponseType => ApiGatewayJson.Default.NoBody;

    protected override async Task<NoBody?> HandleAsync(NoBody request, ApiGatewayCall call)
    {
        await DeleteAsync(call).ConfigureAwait(false);
        return null;
    }

    protected abstract Task DeleteAsync(ApiGatewayCall call);
}

/// <summary>An operation whose request has no body members (or an answer with none).</summary>
internal sealed class NoBody;
