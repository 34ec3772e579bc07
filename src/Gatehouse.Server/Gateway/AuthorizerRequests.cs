using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.Invocation;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Gateway;

/// <summary>The <see cref="GatewayRequest"/> both invokers hand their authorizers, over the request's own collections.</summary>
internal static class AuthorizerRequests
{
    /// <summary>
    /// The request for <paramref name="authorizer"/>, <paramref name="path"/> being the path inside the stage (e.g.
    /// <c>/users/42</c>). Only Lambda authorizers get the multi-value copies their events need; token authorizers stay
    /// allocation-free.
    /// </summary>
    public static GatewayRequest Create(HttpContext http, InvocationContext context, string path, IAuthorizer authorizer)
    {
        var request = http.Request;
        if (authorizer is not LambdaAuthorizer)
        {
            return new GatewayRequest
            {
                Headers = context.Headers,
                Query = context.Query,
                HttpMethod = request.Method,
                Path = path,
                StageVariables = context.StageVariables,
                Invocation = context,
            };
        }

        return new GatewayRequest
        {
            Headers = context.Headers,
            Query = context.Query,
            HttpMethod = request.Method,
            Path = path,
            StageVariables = context.StageVariables,
            Invocation = context,
            MultiValueHeaders = request.Headers.ToDictionary(
                h => h.Key, h => (IReadOnlyList<string>)[.. h.Value.Select(v => v ?? "")], StringComparer.OrdinalIgnoreCase),
            MultiValueQuery = request.Query.ToDictionary(
                q => q.Key, q => (IReadOnlyList<string>)[.. q.Value.Select(v => v ?? "")], StringComparer.Ordinal),
            RawQueryString = request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
        };
    }
}
