using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// The request's headers as the authorizers and mappings read them: case-insensitive, a repeated header one
/// comma-joined value. Nothing is copied.
/// </summary>
internal sealed class HeaderView(IHeaderDictionary headers) : IReadOnlyDictionary<string, string>
{
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => headers.Keys;

    public IEnumerable<string> Values => headers.Values.Select(v => v.ToString());

    public int Count => headers.Count;

    public bool ContainsKey(string key) => headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (headers.TryGetValue(key, out var values) && values.Count > 0)
        {
            value = values.Count == 1 ? values[0]! : string.Join(',', (IEnumerable<string?>)values);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The query string as the authorizers and mappings read it: the last value of a repeated name.</summary>
internal sealed class QueryView(IQueryCollection query) : IReadOnlyDictionary<string, string>
{
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => query.Keys;

    public IEnumerable<string> Values => query.Select(q => Last(q.Value));

    public int Count => query.Count;

    public bool ContainsKey(string key) => query.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (query.TryGetValue(key, out var values) && values.Count > 0)
        {
            value = Last(values);
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        query.Select(q => new KeyValuePair<string, string>(q.Key, Last(q.Value))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Last(StringValues values) => values.Count == 0 ? "" : values[^1] ?? "";
}

/// <summary>
/// The <see cref="Core.Gateway.Invocation.InvocationContext"/> both invokers start a request with. Its
/// <c>contextPath</c> is <c>$context.path</c>: with the stage for REST APIs, as the client sent it for HTTP APIs.
/// </summary>
internal static class InvocationContexts
{
    public static Core.Gateway.Invocation.InvocationContext Create(
        HttpContext http, string requestId, string accountId, string apiId, string stageName, string contextPath,
        IReadOnlyDictionary<string, string> stageVariables, Core.Gateway.DeploymentSnapshot? snapshot, DateTimeOffset now)
    {
        var request = http.Request;
        var headers = new HeaderView(request.Headers);
        return new Core.Gateway.Invocation.InvocationContext
        {
            Snapshot = snapshot,
            RequestId = requestId,
            ExtendedRequestId = http.Response.Headers["x-amz-apigw-id"].ToString(),
            AccountId = accountId,
            ApiId = apiId,
            Stage = stageName,
            DomainName = request.Host.Host,
            HttpMethod = request.Method,
            Path = contextPath,
            Protocol = request.Protocol,
            SourceIp = http.Connection.RemoteIpAddress?.ToString() ?? "",
            UserAgent = headers.GetValueOrDefault("User-Agent") ?? "",
            RequestTime = now,
            Headers = headers,
            Query = new QueryView(request.Query),
            StageVariables = stageVariables,
        };
    }
}
