using System.Globalization;
using Gatehouse.Core.Gateway;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.ApiGatewayApi;

/// <summary>The per-request state of one management call: URI and query parameters, region, request id.</summary>
internal sealed class ApiGatewayCall(HttpRequest request, string requestId)
{
    public string RequestId { get; } = requestId;

    /// <summary>From the SigV4 credential scope when the request is signed, else us-east-1.</summary>
    public string Region { get; } = CognitoApi.SigV4.Region(request.Headers.Authorization);

    public CancellationToken CancellationToken { get; } = request.HttpContext.RequestAborted;

    /// <summary>A URI parameter by botocore's name (<c>restapi_id</c>), already percent-decoded.</summary>
    public string Uri(string name) => request.RouteValues[name] as string ?? "";

    /// <summary>Where the gateway serves an HTTP API, as v2's <c>apiEndpoint</c>: <c>http://{apiId}.execute-api.localhost:{port}</c>.</summary>
    public string ApiEndpoint(string apiId) =>
        $"{request.Scheme}://{apiId}.execute-api.localhost:{request.Host.Port ?? (request.IsHttps ? 443 : 80)}";

    public string? Query(string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>An integer query parameter; a non-number is AWS's serialization error.</summary>
    public int? QueryInt(string name) => Query(name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
        var text => throw ApiGatewayException.Serialization($"Could not deserialize the request: '{text}' at '{name}' is not an integer."),
    };

    /// <summary>Whether the comma-separated <c>embed</c> list names <paramref name="what"/>.</summary>
    public bool Embeds(string what) =>
        request.Query.TryGetValue("embed", out var values)
        && values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).Contains(what, StringComparer.OrdinalIgnoreCase);
}
