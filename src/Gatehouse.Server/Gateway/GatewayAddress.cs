using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// Which API a request invokes, from one of the three forms a deployed stage is reachable at:
/// <list type="bullet">
/// <item><c>http://{apiId}.execute-api.localhost:{port}/{stage}/{path}</c> (any host whose first labels are
/// <c>{apiId}.execute-api</c>, so AWS's own host name works through a hosts-file entry too);</item>
/// <item><c>/_aws/execute-api/{apiId}/{stage}/{path}</c>;</item>
/// <item><c>/restapis/{apiId}/{stage}/_user_request_/{path}</c>.</item>
/// </list>
/// </summary>
/// <param name="ApiId">The API's id.</param>
/// <param name="Rest">
/// The rest of the path after the API id: <c>/{stage}/{path}</c>. An HTTP API with a <c>$default</c> stage reads
/// it all as its path.
/// </param>
internal readonly record struct GatewayAddress(string ApiId, string Rest)
{
    private const string AwsPrefix = "/_aws/execute-api/";
    private const string RestApisPrefix = "/restapis/";
    private const string UserRequest = "/_user_request_";

    public static bool TryParse(HttpRequest request, out GatewayAddress address)
    {
        var path = request.Path.Value ?? "/";
        var host = request.Host.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && host.AsSpan(dot + 1).StartsWith("execute-api.", StringComparison.OrdinalIgnoreCase))
        {
            address = new GatewayAddress(host[..dot].ToLowerInvariant(), path);
            return true;
        }

        if (path.StartsWith(AwsPrefix, StringComparison.Ordinal))
        {
            var end = path.IndexOf('/', AwsPrefix.Length);
            address = end < 0
                ? new GatewayAddress(path[AwsPrefix.Length..], "/")
                : new GatewayAddress(path[AwsPrefix.Length..end], path[end..]);
            return address.ApiId.Length > 0;
        }

        if (path.StartsWith(RestApisPrefix, StringComparison.Ordinal))
        {
            // /restapis/{apiId}/{stage}/_user_request_/{path}
            var apiEnd = path.IndexOf('/', RestApisPrefix.Length);
            var stageEnd = apiEnd < 0 ? -1 : path.IndexOf('/', apiEnd + 1);
            if (stageEnd > apiEnd + 1 && path.AsSpan(stageEnd).StartsWith(UserRequest, StringComparison.Ordinal)
                && (path.Length == stageEnd + UserRequest.Length || path[stageEnd + UserRequest.Length] == '/'))
            {
                var rest = path[(stageEnd + UserRequest.Length)..];
                address = new GatewayAddress(path[RestApisPrefix.Length..apiEnd], string.Concat(path.AsSpan(apiEnd, stageEnd - apiEnd), rest.Length == 0 ? "/" : rest));
                return true;
            }
        }

        address = default;
        return false;
    }

    /// <summary>Splits <see cref="Rest"/> into its first segment (the stage) and the path after it (at least <c>/</c>).</summary>
    public (string Stage, string Path) StageAndPath()
    {
        var rest = Rest.AsSpan().TrimStart('/');
        var slash = rest.IndexOf('/');
        return slash < 0 ? (rest.ToString(), "/") : (rest[..slash].ToString(), rest[slash..].ToString());
    }
}
