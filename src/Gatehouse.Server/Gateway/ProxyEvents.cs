using System.Globalization;
using System.Text;
using System.Text.Json;
using Gatehouse.Core.Gateway.Invocation;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// The events Lambda proxy integrations send, written member by member in AWS's order, with AWS's null-versus-empty
/// rules: REST's v1.0 (<c>headers</c>, query strings, <c>pathParameters</c> and <c>stageVariables</c> are
/// <c>null</c> when there are none), the HTTP API's 1.0 (the same plus <c>version</c>, its <c>requestContext</c> in
/// AWS's alphabetical order) and 2.0 (absent members are left out).
/// </summary>
internal static class ProxyEvents
{
    /// <summary>The request as a proxy event reads it: the body's bytes and whether they travel base64-encoded.</summary>
    public sealed record RequestBody(ReadOnlyMemory<byte> Bytes, bool Base64);

    /// <summary>REST's v1.0 event (or the HTTP API's 1.0 with <paramref name="httpApi"/>).</summary>
    public static byte[] V1(HttpRequest request, InvocationContext context, string resource, string path, RequestBody body, bool httpApi)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (httpApi)
            {
                json.WriteString("version", "1.0");
            }

            json.WriteString("resource", resource);
            json.WriteString("path", path);
            json.WriteString("httpMethod", context.HttpMethod);
            WriteSingle(json, "headers", request.Headers.Select(h => (h.Key, (IReadOnlyList<string?>)h.Value)));
            WriteMulti(json, "multiValueHeaders", request.Headers.Select(h => (h.Key, (IReadOnlyList<string?>)h.Value)));
            WriteSingle(json, "queryStringParameters", request.Query.Select(q => (q.Key, (IReadOnlyList<string?>)q.Value)));
            WriteMulti(json, "multiValueQueryStringParameters", request.Query.Select(q => (q.Key, (IReadOnlyList<string?>)q.Value)));
            if (!httpApi)
            {
                WriteMap(json, "pathParameters", context.PathParameters);
                WriteMap(json, "stageVariables", context.StageVariables);
            }

            json.WritePropertyName("requestContext");
            if (httpApi)
            {
                HttpApiV1Context(json, context);
                WriteMap(json, "pathParameters", context.PathParameters);
                WriteMap(json, "stageVariables", context.StageVariables);
            }
            else
            {
                RestRequestContext.Write(json, context, context.ResourcePath, context.HttpMethod, j => WriteAuthorizer(j, context));
            }

            WriteBody(json, body);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The HTTP API's payload format 2.0 event.</summary>
    public static byte[] V2(HttpRequest request, InvocationContext context, string rawPath, RequestBody body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", context.ResourcePath);
            json.WriteString("rawPath", rawPath);
            json.WriteString("rawQueryString", request.QueryString.HasValue ? request.QueryString.Value![1..] : "");
            var cookies = request.Headers.Cookie.SelectMany(c => (c ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (cookies.Count > 0)
            {
                json.WriteStartArray("cookies");
                foreach (var cookie in cookies)
                {
                    json.WriteStringValue(cookie);
                }

                json.WriteEndArray();
            }

            json.WriteStartObject("headers");
            foreach (var (name, values) in request.Headers)
            {
                if (!name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
                {
                    json.WriteString(name.ToLowerInvariant(), string.Join(',', (IEnumerable<string?>)values));
                }
            }

            json.WriteEndObject();
            if (request.Query.Count > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in request.Query)
                {
                    json.WriteString(name, string.Join(',', (IEnumerable<string?>)values));
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("requestContext");
            json.WriteString("accountId", context.AccountId);
            json.WriteString("apiId", context.ApiId);
            if (IsLambda(context, out var lambda))
            {
                json.WriteStartObject("authorizer");
                json.WriteStartObject("lambda");
                foreach (var (name, value) in lambda.Context)
                {
                    json.WritePropertyName(name);
                    value.WriteTo(json);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }
            else if (context.Claims is { ValueKind: JsonValueKind.Object } claims)
            {
                json.WriteStartObject("authorizer");
                json.WriteStartObject("jwt");
                WriteClaims(json, claims, rest: false);
                var scopes = context.Authorizer is { Scopes.Count: > 0 } allow
                    ? allow.Scopes
                    : claims.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String ? scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
                if (scopes.Count > 0)
                {
                    json.WriteStartArray("scopes");
                    foreach (var item in scopes)
                    {
                        json.WriteStringValue(item);
                    }

                    json.WriteEndArray();
                }
                else
                {
                    json.WriteNull("scopes");
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteString("domainName", context.DomainName);
            json.WriteString("domainPrefix", context.DomainName.Split('.')[0]);
            json.WriteStartObject("http");
            json.WriteString("method", context.HttpMethod);
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
            if (body.Bytes.Length > 0)
            {
                json.WriteString("body", body.Base64 ? Convert.ToBase64String(body.Bytes.Span) : Encoding.UTF8.GetString(body.Bytes.Span));
            }

            if (context.PathParameters.Count > 0)
            {
                WriteMap(json, "pathParameters", context.PathParameters);
            }

            json.WriteBoolean("isBase64Encoded", body.Base64);
            if (context.StageVariables.Count > 0)
            {
                WriteMap(json, "stageVariables", context.StageVariables);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Whether <paramref name="contentType"/> is one of <paramref name="binaryMediaTypes"/> (<c>image/*</c> and <c>*/*</c> included).</summary>
    public static bool IsBinary(string? contentType, IReadOnlyList<string>? binaryMediaTypes)
    {
        if (string.IsNullOrWhiteSpace(contentType) || binaryMediaTypes is not { Count: > 0 })
        {
            return false;
        }

        var type = contentType.Split(';')[0].Trim();
        foreach (var candidate in binaryMediaTypes)
        {
            // binaryMediaTypes arrive with '/' escaped as '~1' from patch operations.
            var media = candidate.Replace("~1", "/", StringComparison.Ordinal);
            if (media == "*/*" || media.Equals(type, StringComparison.OrdinalIgnoreCase)
                || (media.EndsWith("/*", StringComparison.Ordinal) && type.StartsWith(media[..^1], StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HTTP APIs base64-encode every body that is not text.</summary>
    public static bool IsTextual(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("+json", StringComparison.Ordinal) || type.EndsWith("+xml", StringComparison.Ordinal)
            || type is "application/json" or "application/xml" or "application/javascript" or "application/x-www-form-urlencoded" or "application/graphql";
    }

    private static void HttpApiV1Context(Utf8JsonWriter json, InvocationContext context)
    {
        json.WriteStartObject();
        json.WriteString("accountId", context.AccountId);
        json.WriteString("apiId", context.ApiId);
        WriteAuthorizer(json, context);
        json.WriteString("domainName", context.DomainName);
        json.WriteString("domainPrefix", context.DomainName.Split('.')[0]);
        json.WriteString("extendedRequestId", context.ExtendedRequestId);
        json.WriteString("httpMethod", context.HttpMethod);
        json.WriteStartObject("identity");
        json.WriteNull("accessKey");
        json.WriteNull("accountId");
        json.WriteNull("caller");
        json.WriteNull("cognitoAuthenticationProvider");
        json.WriteNull("cognitoAuthenticationType");
        json.WriteNull("cognitoIdentityId");
        json.WriteNull("cognitoIdentityPoolId");
        json.WriteNull("principalOrgId");
        json.WriteString("sourceIp", context.SourceIp);
        json.WriteNull("user");
        json.WriteString("userAgent", context.UserAgent);
        json.WriteNull("userArn");
        json.WriteEndObject();
        json.WriteString("path", context.Stage == "$default" ? context.Path : "/" + context.Stage + context.Path);
        json.WriteString("protocol", context.Protocol);
        json.WriteString("requestId", context.RequestId);
        json.WriteString("requestTime", context.Variable("requestTime"));
        json.WriteNumber("requestTimeEpoch", context.RequestTime.ToUnixTimeMilliseconds());
        json.WriteString("resourceId", context.ResourceId);
        json.WriteString("resourcePath", Resource(context.ResourcePath));
        json.WriteString("stage", context.Stage);
        json.WriteEndObject();
    }

    /// <summary>The path part of an HTTP API route key (<c>GET /items/{id}</c> → <c>/items/{id}</c>).</summary>
    public static string Resource(string routeKey)
    {
        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? routeKey : routeKey[(space + 1)..];
    }

    /// <summary>A Lambda authorizer allowed the request: its answer has a context, or no token claims.</summary>
    private static bool IsLambda(InvocationContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Core.Gateway.Authorizers.AuthorizerAllow? allow)
    {
        allow = context.Authorizer;
        return allow is not null
            && (allow.Context.Count > 0 || allow.Claims.ValueKind != JsonValueKind.Object || !allow.Claims.EnumerateObject().Any());
    }

    private static void WriteAuthorizer(Utf8JsonWriter json, InvocationContext context)
    {
        if (IsLambda(context, out var lambda))
        {
            // REST APIs hand every context value on as a string (the authorizer already stringified them).
            json.WriteStartObject("authorizer");
            foreach (var (name, value) in lambda.Context)
            {
                json.WriteString(name, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
            }

            if (!lambda.Context.ContainsKey("principalId"))
            {
                json.WriteString("principalId", lambda.PrincipalId);
            }

            // The authorizer's own latency is not measured separately; a cached or fresh answer reports 0.
            json.WriteNumber("integrationLatency", 0);
            json.WriteEndObject();
        }
        else if (context.Claims is { ValueKind: JsonValueKind.Object } claims)
        {
            json.WriteStartObject("authorizer");
            WriteClaims(json, claims, rest: true);
            json.WriteEndObject();
        }
    }

    /// <summary>
    /// The token's claims as API Gateway hands them on: every value a string, arrays as <c>[a b]</c>; REST APIs
    /// render <c>exp</c> and <c>iat</c> as Java dates (<c>Sun Nov 22 12:00:00 UTC 2026</c>).
    /// </summary>
    private static void WriteClaims(Utf8JsonWriter json, JsonElement claims, bool rest)
    {
        json.WriteStartObject("claims");
        foreach (var claim in claims.EnumerateObject())
        {
            json.WriteString(claim.Name, ClaimText(claim.Name, claim.Value, rest));
        }

        json.WriteEndObject();
    }

    /// <summary>One claim as API Gateway hands it on: see <see cref="WriteClaims"/>.</summary>
    public static string ClaimText(string name, JsonElement value, bool rest)
    {
        if (rest && name is "exp" or "iat" && value.TryGetInt64(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())) + "]",
            _ => value.GetRawText(),
        };
    }

    private static void WriteBody(Utf8JsonWriter json, RequestBody body)
    {
        if (body.Bytes.Length == 0)
        {
            json.WriteNull("body");
        }
        else
        {
            json.WriteString("body", body.Base64 ? Convert.ToBase64String(body.Bytes.Span) : Encoding.UTF8.GetString(body.Bytes.Span));
        }

        json.WriteBoolean("isBase64Encoded", body.Base64);
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    /// <summary>One value per name: the last of a repeated one, as API Gateway does.</summary>
    private static void WriteSingle(Utf8JsonWriter json, string name, IEnumerable<(string Key, IReadOnlyList<string?> Values)> values)
    {
        var any = false;
        foreach (var (key, list) in values)
        {
            if (!any)
            {
                json.WriteStartObject(name);
                any = true;
            }

            json.WriteString(key, list.Count == 0 ? "" : list[^1]);
        }

        if (any)
        {
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteMulti(Utf8JsonWriter json, string name, IEnumerable<(string Key, IReadOnlyList<string?> Values)> values)
    {
        var any = false;
        foreach (var (key, list) in values)
        {
            if (!any)
            {
                json.WriteStartObject(name);
                any = true;
            }

            json.WriteStartArray(key);
            foreach (var value in list)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        if (any)
        {
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
