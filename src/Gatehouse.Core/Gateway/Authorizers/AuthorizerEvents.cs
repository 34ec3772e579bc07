using System.Buffers;
using System.Text.Json;
using Gatehouse.Core.Gateway.Invocation;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// The events API Gateway sends Lambda authorizers, written as AWS documents them: REST's <c>TOKEN</c> and
/// <c>REQUEST</c> events (also an HTTP API's payload 1.0, with <c>version</c>, <c>identitySource</c> and
/// <c>authorizationToken</c>), and an HTTP API's payload 2.0.
/// </summary>
internal static class AuthorizerEvents
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    public static byte[] Token(string token, string methodArn)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + token.Length + methodArn.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "TOKEN");
            json.WriteString("authorizationToken", token);
            json.WriteString("methodArn", methodArn);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>REST's REQUEST event; with <paramref name="httpIdentity"/> (the identity values joined by commas) an HTTP API's payload 1.0.</summary>
    public static byte[] Request(GatewayRequest request, string methodArn, string? httpIdentity)
    {
        var context = request.Invocation ?? new InvocationContext();
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (httpIdentity is not null)
            {
                json.WriteString("version", "1.0");
            }

            json.WriteString("type", "REQUEST");
            json.WriteString("methodArn", methodArn);
            if (httpIdentity is not null)
            {
                json.WriteString("identitySource", httpIdentity);
                json.WriteString("authorizationToken", httpIdentity);
            }

            var resource = httpIdentity is null ? context.ResourcePath : RoutePath(context.ResourcePath, request.Path);
            json.WriteString("resource", resource);
            json.WriteString("path", request.Path);
            json.WriteString("httpMethod", request.HttpMethod);
            var headers = MultiValueHeaders(request);
            WriteLast(json, "headers", headers);
            WriteMulti(json, "multiValueHeaders", headers);
            var query = MultiValueQuery(request);
            WriteLast(json, "queryStringParameters", query);
            WriteMulti(json, "multiValueQueryStringParameters", query);
            WriteMap(json, "pathParameters", context.PathParameters);
            WriteMap(json, "stageVariables", request.StageVariables);
            json.WritePropertyName("requestContext");
            RestRequestContext.Write(json, context, resource, request.HttpMethod, authorizer: null);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An HTTP API's payload 2.0 event.</summary>
    public static byte[] HttpV2(GatewayRequest request, string routeArn, IReadOnlyList<string> identity, string rawPath)
    {
        var context = request.Invocation ?? new InvocationContext();
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("type", "REQUEST");
            json.WriteString("routeArn", routeArn);
            json.WriteStartArray("identitySource");
            foreach (var value in identity)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
            json.WriteString("routeKey", context.ResourcePath);
            json.WriteString("rawPath", rawPath);
            json.WriteString("rawQueryString", request.RawQueryString);
            var headers = MultiValueHeaders(request);
            var cookies = headers.FirstOrDefault(h => string.Equals(h.Key, "Cookie", StringComparison.OrdinalIgnoreCase)).Value;
            if (cookies is { Count: > 0 })
            {
                json.WriteStartArray("cookies");
                foreach (var cookie in cookies.SelectMany(c => c.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                {
                    json.WriteStringValue(cookie);
                }

                json.WriteEndArray();
            }

            // Payload 2.0 lowercases header names, joins repeated values with commas and carries cookies apart.
            json.WriteStartObject("headers");
            foreach (var (name, values) in headers)
            {
                if (!string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    json.WriteString(name.ToLowerInvariant(), string.Join(',', values));
                }
            }

            json.WriteEndObject();
            var query = MultiValueQuery(request);
            if (query.Count > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in query)
                {
                    json.WriteString(name, string.Join(',', values));
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("requestContext");
            json.WriteString("accountId", context.AccountId);
            json.WriteString("apiId", context.ApiId);
            json.WriteString("domainName", context.DomainName);
            json.WriteString("domainPrefix", context.Variable("domainPrefix"));
            json.WriteStartObject("http");
            json.WriteString("method", request.HttpMethod);
            json.WriteString("path", rawPath);
            json.WriteString("protocol", context.Protocol);
            json.WriteString("sourceIp", context.SourceIp);
            json.WriteString("userAgent", context.UserAgent);
            json.WriteEndObject();
            json.WriteString("requestId", context.RequestId);
            json.WriteString("routeKey", context.ResourcePath);
            json.WriteString("stage", context.Stage);
            json.WriteString("time", context.Variable("requestTime"));
            json.WriteNumber("timeEpoch", context.RequestTime.ToUnixTimeMilliseconds());
            json.WriteEndObject();
            if (context.PathParameters.Count > 0)
            {
                WriteMap(json, "pathParameters", context.PathParameters);
            }

            if (request.StageVariables.Count > 0)
            {
                WriteMap(json, "stageVariables", request.StageVariables);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> MultiValueHeaders(GatewayRequest request) =>
        request.MultiValueHeaders ?? request.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)[h.Value], StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> MultiValueQuery(GatewayRequest request) =>
        request.MultiValueQuery ?? request.Query.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[q.Value], StringComparer.Ordinal);

    // An HTTP API route key is "GET /items/{id}" (or "$default"); payload 1.0's resource is its path.
    private static string RoutePath(string routeKey, string path)
    {
        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        return space >= 0 ? routeKey[(space + 1)..] : path;
    }

    private static void WriteLast(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, list) in values)
        {
            if (list.Count > 0)
            {
                json.WriteString(key, list[^1]);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteMulti(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, list) in values)
        {
            json.WriteStartArray(key);
            foreach (var value in list)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string>? values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values ?? None)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }
}
