using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Core.Gateway.Authorizers;
using Gatehouse.Core.Gateway.Invocation;
using Gatehouse.Server.Gateway;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Tests;

/// <summary>Proxy events for what the gateway tests cannot reach yet: a Lambda authorizer's context.</summary>
public sealed class ProxyEventsTests
{
    private static (HttpRequest Request, InvocationContext Context) Request()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Headers["Host"] = "abc.execute-api.localhost";
        var context = new InvocationContext
        {
            RequestId = "req-1",
            ApiId = "abc",
            Stage = "prod",
            DomainName = "abc.execute-api.localhost",
            HttpMethod = "GET",
            Path = "/prod/x",
            RequestTime = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
            ResourceId = "r1",
            ResourcePath = "/x",
            PrincipalId = "user-9",
            Authorizer = new AuthorizerAllow(
                "user-9",
                JsonDocument.Parse("{}").RootElement,
                [],
                new Dictionary<string, JsonElement> { ["tenant"] = JsonDocument.Parse("\"acme\"").RootElement, ["admin"] = JsonDocument.Parse("true").RootElement }),
        };
        return (http.Request, context);
    }

    [Fact]
    public void A_Lambda_authorizers_context_principal_and_latency_go_to_requestContext_authorizer_in_v1()
    {
        var (request, context) = Request();

        var v1 = JsonNode.Parse(ProxyEvents.V1(request, context, "/x", "/x", new ProxyEvents.RequestBody(default, false), httpApi: false))!;

        var requestContext = v1["requestContext"]!.AsObject();
        Assert.Equal(["resourceId", "authorizer", "resourcePath"], requestContext.Select(p => p.Key).Take(3));
        Assert.Equal("""{"tenant":"acme","admin":"true","principalId":"user-9","integrationLatency":0}""", requestContext["authorizer"]!.ToJsonString());
        Assert.Equal("abc", requestContext["domainPrefix"]!.GetValue<string>());
    }

    [Fact]
    public void A_Lambda_authorizers_context_is_authorizer_lambda_in_v2()
    {
        var (request, context) = Request();

        var v2 = JsonNode.Parse(ProxyEvents.V2(request, context, "/prod/x", new ProxyEvents.RequestBody(default, false)))!;

        Assert.Equal("""{"lambda":{"tenant":"acme","admin":true}}""", v2["requestContext"]!["authorizer"]!.ToJsonString());
    }
}
