using System.Text;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>Gateway responses: the 21 defaults, customising them, and rendering one from a deployment's snapshot.</summary>
public sealed class GatewayResponseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly IdGenerator _ids = new();

    private RestApiDefinition NewApi() => RestApis.Create(new CreateRestApiInput { Name = "api" }, null, _ids, "abcdefghij", Now);

    private static GatewayErrorContext Error(string message = "Unauthorized") => new()
    {
        Message = message,
        RequestId = "req-1",
        Stage = "api",
        StageVariables = new Dictionary<string, string> { ["origin"] = "https://app.example" },
        Authorizer = new Dictionary<string, string> { ["claims.sub"] = "user-1" },
        RequestHeaders = new Dictionary<string, string> { ["Origin"] = "https://caller.example" },
        QueryString = new Dictionary<string, string> { ["q"] = "1" },
    };

    private static string Body(RenderedGatewayResponse response) => Encoding.UTF8.GetString(response.Body);

    [Fact]
    public void All_21_types_have_AWS_defaults()
    {
        var all = GatewayResponses.List(NewApi());
        Assert.Equal(21, all.Count);
        Assert.All(all, r => Assert.True(r.DefaultResponse));
        Assert.All(all, r => Assert.Equal(GatewayResponses.DefaultTemplate, r.ResponseTemplates!["application/json"]));
        var status = all.ToDictionary(r => r.ResponseType!, r => r.StatusCode);
        Assert.Null(status["DEFAULT_4XX"]);
        Assert.Null(status["DEFAULT_5XX"]);
        Assert.Equal("401", status["UNAUTHORIZED"]);
        Assert.Equal("403", status["MISSING_AUTHENTICATION_TOKEN"]);
        Assert.Equal("504", status["INTEGRATION_TIMEOUT"]);
        Assert.Equal("429", status["THROTTLED"]);
        Assert.Equal("415", status["UNSUPPORTED_MEDIA_TYPE"]);
        Assert.Equal("413", status["REQUEST_TOO_LARGE"]);
        Assert.Equal("500", status["AUTHORIZER_FAILURE"]);
    }

    [Fact]
    public void An_uncustomised_type_renders_AWS_default_message()
    {
        var snapshot = new DeploymentSnapshot();
        var response = GatewayResponses.Render(snapshot, "UNAUTHORIZED", Error());
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("{\"message\":\"Unauthorized\"}", Body(response));
        Assert.Empty(response.Headers);

        var quoted = GatewayResponses.Render(snapshot, "MISSING_AUTHENTICATION_TOKEN", Error("Say \"hi\"\n"));
        Assert.Equal(403, quoted.StatusCode);
        Assert.Equal("{\"message\":\"Say \\\"hi\\\"\\n\"}", Body(quoted));
    }

    [Fact]
    public void A_customised_type_renders_its_status_headers_and_template()
    {
        var api = NewApi();
        GatewayResponses.Put(api, "UNAUTHORIZED", new PutGatewayResponseInput
        {
            StatusCode = "418",
            ResponseParameters = new()
            {
                ["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'",
                ["gatewayresponse.header.X-Origin"] = "method.request.header.origin",
                ["gatewayresponse.header.X-Q"] = "method.request.querystring.q",
                ["gatewayresponse.header.X-Stage"] = "stageVariables.origin",
            },
            ResponseTemplates = new()
            {
                ["application/json"] = "{\"error\":$context.error.messageString,\"type\":\"$context.error.responseType\",\"id\":\"${context.requestId}\",\"sub\":\"$context.authorizer.claims.sub\",\"v\":\"$stageVariables.origin\",\"none\":\"$context.nothing.here\"}",
            },
        });
        var response = GatewayResponses.Render(api.GatewayResponses, "UNAUTHORIZED", Error());
        Assert.Equal(418, response.StatusCode);
        Assert.Equal("{\"error\":\"Unauthorized\",\"type\":\"UNAUTHORIZED\",\"id\":\"req-1\",\"sub\":\"user-1\",\"v\":\"https://app.example\",\"none\":\"\"}", Body(response));
        var headers = response.Headers.ToDictionary(h => h.Key, h => h.Value);
        Assert.Equal("*", headers["Access-Control-Allow-Origin"]);
        Assert.Equal("https://caller.example", headers["X-Origin"]);
        Assert.Equal("1", headers["X-Q"]);
        Assert.Equal("https://app.example", headers["X-Stage"]);
    }

    [Fact]
    public void An_uncustomised_type_falls_back_to_DEFAULT_4XX_or_DEFAULT_5XX_of_its_class()
    {
        var api = NewApi();
        GatewayResponses.Put(api, "DEFAULT_4XX", new PutGatewayResponseInput
        {
            ResponseParameters = new() { ["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'" },
        });
        GatewayResponses.Put(api, "DEFAULT_5XX", new PutGatewayResponseInput
        {
            StatusCode = "503",
            ResponseTemplates = new() { ["text/plain"] = "oops $context.error.message" },
        });

        var denied = GatewayResponses.Render(api.GatewayResponses, "ACCESS_DENIED", Error("Forbidden"));
        Assert.Equal(403, denied.StatusCode);
        Assert.Equal("*", Assert.Single(denied.Headers).Value);
        Assert.Equal("{\"message\":\"Forbidden\"}", Body(denied));
        Assert.True(GatewayResponses.Get(api, "ACCESS_DENIED").DefaultResponse);

        var timeout = GatewayResponses.Render(api.GatewayResponses, "INTEGRATION_TIMEOUT", Error("Endpoint request timed out"));
        Assert.Equal(503, timeout.StatusCode);
        Assert.Equal("text/plain", timeout.ContentType);
        Assert.Equal("oops Endpoint request timed out", Body(timeout));

        GatewayResponses.Delete(api, "DEFAULT_5XX");
        Assert.Equal(504, GatewayResponses.Render(api.GatewayResponses, "INTEGRATION_TIMEOUT", Error()).StatusCode);
    }

    [Fact]
    public void The_Accept_header_picks_the_template()
    {
        var api = NewApi();
        GatewayResponses.Put(api, "THROTTLED", new PutGatewayResponseInput
        {
            ResponseTemplates = new() { ["application/json"] = "{}", ["application/xml"] = "<e>$context.error.message</e>" },
        });
        var xml = GatewayResponses.Render(api.GatewayResponses, "THROTTLED", new GatewayErrorContext { Message = "Too Many Requests", Accept = "application/xml;q=0.9, */*" });
        Assert.Equal("application/xml", xml.ContentType);
        Assert.Equal("<e>Too Many Requests</e>", Body(xml));
        Assert.Equal(429, xml.StatusCode);
        Assert.Equal("{}", Body(GatewayResponses.Render(api.GatewayResponses, "THROTTLED", new GatewayErrorContext { Message = "x" })));
    }

    [Fact]
    public void Update_patches_starting_from_the_default_and_checks_its_input()
    {
        var api = NewApi();
        var updated = GatewayResponses.Update(api, "EXPIRED_TOKEN", [
            new PatchOperation { Op = "replace", Path = "/statusCode", Value = "401" },
            new PatchOperation { Op = "add", Path = "/responseParameters/gatewayresponse.header.WWW-Authenticate", Value = "'Bearer'" },
            new PatchOperation { Op = "replace", Path = "/responseTemplates/application~1json", Value = "{\"m\":$context.error.messageString}" },
        ]);
        Assert.False(updated.DefaultResponse);
        Assert.Equal("401", updated.StatusCode);
        Assert.Equal("'Bearer'", updated.ResponseParameters!["gatewayresponse.header.WWW-Authenticate"]);
        Assert.Equal("{\"m\":$context.error.messageString}", updated.ResponseTemplates!["application/json"]);

        Assert.Equal("ValidationException", Assert.Throws<ApiGatewayException>(() => GatewayResponses.Get(api, "NOPE")).Type);
        Assert.Equal("ValidationException", Assert.Throws<ApiGatewayException>(() => GatewayResponses.Put(api, "THROTTLED", new PutGatewayResponseInput { StatusCode = "99" })).Type);
        Assert.Equal("BadRequestException", Assert.Throws<ApiGatewayException>(() => GatewayResponses.Put(api, "THROTTLED", new PutGatewayResponseInput { ResponseParameters = new() { ["header.X"] = "'a'" } })).Type);
        Assert.Equal("BadRequestException", Assert.Throws<ApiGatewayException>(() => GatewayResponses.Update(api, "THROTTLED", [new PatchOperation { Op = "replace", Path = "/nope", Value = "1" }])).Type);
        Assert.DoesNotContain(api.GatewayResponses, r => r.ResponseType == "THROTTLED");
    }

    [Fact]
    public void A_deployment_freezes_the_gateway_responses()
    {
        var api = NewApi();
        var resource = ResourceTree.Create(api, api.Api.RootResourceId!, "news", _ids);
        resource.ResourceMethods = new() { ["GET"] = new Method { HttpMethod = "GET", AuthorizationType = "NONE", MethodIntegration = new Integration { Type = "MOCK" } } };
        GatewayResponses.Put(api, "UNAUTHORIZED", new PutGatewayResponseInput { StatusCode = "402" });
        var snapshot = Deployments.Create(api, new CreateDeploymentInput { StageName = "api" }, _ids, Now);
        GatewayResponses.Delete(api, "UNAUTHORIZED");

        Assert.Equal(402, GatewayResponses.Render(snapshot, "UNAUTHORIZED", Error()).StatusCode);
        Assert.Equal(401, GatewayResponses.Render(api.GatewayResponses, "UNAUTHORIZED", Error()).StatusCode);
    }
}
