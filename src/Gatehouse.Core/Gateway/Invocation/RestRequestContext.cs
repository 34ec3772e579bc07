using System.Text.Json;

namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>
/// The <c>requestContext</c> a REST API hands to Lambda, in AWS's member order: one writer for the proxy
/// integration's v1.0 event and the REQUEST authorizer's event, which differ only in the authorizer block.
/// </summary>
public static class RestRequestContext
{
    /// <summary>Writes the object as the value of the property the caller has just named.</summary>
    /// <param name="json">The event being written.</param>
    /// <param name="context">The request.</param>
    /// <param name="resourcePath">The matched resource, e.g. <c>/users/{userId}</c>.</param>
    /// <param name="httpMethod">The request's verb.</param>
    /// <param name="authorizer">Writes the <c>authorizer</c> member after <c>resourceId</c>, or null for none.</param>
    public static void Write(Utf8JsonWriter json, InvocationContext context, string resourcePath, string httpMethod, Action<Utf8JsonWriter>? authorizer)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(context);
        json.WriteStartObject();
        json.WriteString("resourceId", context.ResourceId);
        authorizer?.Invoke(json);
        json.WriteString("resourcePath", resourcePath);
        json.WriteString("httpMethod", httpMethod);
        json.WriteString("extendedRequestId", context.ExtendedRequestId);
        json.WriteString("requestTime", context.Variable("requestTime"));
        json.WriteString("path", context.Path);
        json.WriteString("accountId", context.AccountId);
        json.WriteString("protocol", context.Protocol);
        json.WriteString("stage", context.Stage);
        json.WriteString("domainPrefix", context.Variable("domainPrefix"));
        json.WriteNumber("requestTimeEpoch", context.RequestTime.ToUnixTimeMilliseconds());
        json.WriteString("requestId", context.RequestId);
        json.WriteStartObject("identity");
        json.WriteNull("cognitoIdentityPoolId");
        json.WriteNull("accountId");
        json.WriteNull("cognitoIdentityId");
        json.WriteNull("caller");
        json.WriteString("sourceIp", context.SourceIp);
        json.WriteNull("principalOrgId");
        json.WriteNull("accessKey");
        json.WriteNull("cognitoAuthenticationType");
        json.WriteNull("cognitoAuthenticationProvider");
        json.WriteNull("userArn");
        json.WriteString("userAgent", context.UserAgent);
        json.WriteNull("user");
        json.WriteEndObject();
        json.WriteString("domainName", context.DomainName);
        json.WriteString("apiId", context.ApiId);
        json.WriteEndObject();
    }
}
