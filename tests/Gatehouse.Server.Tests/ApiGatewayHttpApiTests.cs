using System.Text.Json.Nodes;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>HTTP APIs (apigatewayv2) over rest-json: CRUD of every part, AWS's errors, autoDeploy and the deployed snapshot.</summary>
public sealed class ApiGatewayHttpApiTests : IAsyncLifetime
{
    private const string Issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abcDEF123";

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private static string S(JsonNode node, string name) => node[name]!.GetValue<string>();

    private async Task<string> CreateApiAsync(object? body = null) =>
        S(await _api.CallAsync("POST", "/v2/apis", body ?? new { name = "users", protocolType = "HTTP" }, 201), "apiId");

    private async Task<string> CreateIntegrationAsync(string apiId, string uri = "http://127.0.0.1:9/users/{userId}") =>
        S(await _api.CallAsync("POST", $"/v2/apis/{apiId}/integrations", new { integrationType = "HTTP_PROXY", integrationMethod = "GET", integrationUri = uri, payloadFormatVersion = "1.0" }, 201), "integrationId");

    private async Task<string> CreateAuthorizerAsync(string apiId, string name = "cognito") =>
        S(await _api.CallAsync("POST", $"/v2/apis/{apiId}/authorizers", new
        {
            name,
            authorizerType = "JWT",
            identitySource = new[] { "$request.header.Authorization" },
            jwtConfiguration = new { audience = new[] { "client123" }, issuer = Issuer },
        }, 201), "authorizerId");

    private async Task<DeployedHttpStage?> DeployedAsync(string apiId, string stage)
    {
        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(write: false, CancellationToken.None);
        return await HttpApiStore.GetDeployedStageAsync(session, apiId, stage, CancellationToken.None);
    }

    [Fact]
    public async Task CreateApi_answers_201_with_AWS_defaults()
    {
        var api = await _api.CallAsync("POST", "/v2/apis", new { name = "users", protocolType = "HTTP", tags = new { team = "a" } }, 201);

        var id = S(api, "apiId");
        Assert.Matches("^[a-z0-9]{10}$", id);
        Assert.Equal("HTTP", S(api, "protocolType"));
        Assert.Equal("$request.method $request.path", S(api, "routeSelectionExpression"));
        Assert.Equal("$request.header.x-api-key", S(api, "apiKeySelectionExpression"));
        Assert.Equal("ipv4", S(api, "ipAddressType"));
        Assert.False(api["disableExecuteApiEndpoint"]!.GetValue<bool>());
        Assert.Equal($"http://{id}.execute-api.localhost:80", S(api, "apiEndpoint"));
        Assert.Equal(_gatehouse.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), S(api, "createdDate"));
        Assert.Equal("a", S(api["tags"]!, "team"));

        var fetched = await _api.CallAsync("GET", $"/v2/apis/{id}");
        Assert.Equal("users", S(fetched, "name"));
        var list = await _api.CallAsync("GET", "/v2/apis");
        Assert.Equal(id, S(Assert.Single(list["items"]!.AsArray())!, "apiId"));
    }

    [Fact]
    public async Task CreateApi_refuses_what_Gatehouse_or_AWS_refuses()
    {
        await _api.FailAsync("POST", "/v2/apis", new { name = "ws", protocolType = "WEBSOCKET" }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/v2/apis", new { name = "x", protocolType = "SOAP" }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/v2/apis", new { protocolType = "HTTP" }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/v2/apis", new { name = "x" }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/v2/apis", new { name = 5, protocolType = "HTTP" }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/v2/apis", new { name = "x", protocolType = "HTTP", routeKey = "GET /a" }, 400, "BadRequestException");
        await _api.FailAsync("POST", "/v2/apis", new { name = "x", protocolType = "HTTP", corsConfiguration = new { allowOrigins = new[] { "*" }, allowCredentials = true } }, 400, "BadRequestException");
        var (status, body, type) = await _api.RawAsync("POST", "/v2/apis", "{not json");
        Assert.Equal((400, "BadRequestException"), (status, type));
        Assert.NotNull(body!["message"]);
        Assert.Empty((await _api.CallAsync("GET", "/v2/apis"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Unknown_ids_are_NotFoundException()
    {
        Assert.Equal("Invalid API identifier specified nothere123", await _api.FailAsync("GET", "/v2/apis/nothere123", null, 404, "NotFoundException"));
        await _api.FailAsync("DELETE", "/v2/apis/nothere123", null, 404, "NotFoundException");
        await _api.FailAsync("POST", "/v2/apis/nothere123/routes", new { routeKey = "GET /a" }, 404, "NotFoundException");
        var id = await CreateApiAsync();
        Assert.Equal("Invalid Route identifier specified abc1234", await _api.FailAsync("GET", $"/v2/apis/{id}/routes/abc1234", null, 404, "NotFoundException"));
        Assert.Equal("Invalid Integration identifier specified abc1234", await _api.FailAsync("PATCH", $"/v2/apis/{id}/integrations/abc1234", new { }, 404, "NotFoundException"));
        Assert.Equal("Invalid Authorizer identifier specified abc1234", await _api.FailAsync("DELETE", $"/v2/apis/{id}/authorizers/abc1234", null, 404, "NotFoundException"));
        Assert.Equal("Invalid stage identifier specified", await _api.FailAsync("GET", $"/v2/apis/{id}/stages/prod", null, 404, "NotFoundException"));
        await _api.FailAsync("GET", $"/v2/apis/{id}/deployments/abc1234", null, 404, "NotFoundException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a", target = "integrations/abc1234" }, 404, "NotFoundException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a", authorizationType = "JWT", authorizerId = "abc1234" }, 404, "NotFoundException");
    }

    [Fact]
    public async Task Seed_004_api_route_integration_authorizer_and_stage()
    {
        var id = await CreateApiAsync();
        var integration = await _api.CallAsync("POST", $"/v2/apis/{id}/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "GET",
            integrationUri = "http://127.0.0.1:9/users/{userId}",
            payloadFormatVersion = "1.0",
        }, 201);
        var integrationId = S(integration, "integrationId");
        Assert.Matches("^[a-z0-9]{7}$", integrationId);
        Assert.Equal(30000, integration["timeoutInMillis"]!.GetValue<int>());
        Assert.Equal("INTERNET", S(integration, "connectionType"));

        var authorizerId = await CreateAuthorizerAsync(id);
        var authorizer = await _api.CallAsync("GET", $"/v2/apis/{id}/authorizers/{authorizerId}");
        Assert.Equal(Issuer, S(authorizer["jwtConfiguration"]!, "issuer"));
        Assert.Equal("$request.header.Authorization", authorizer["identitySource"]![0]!.GetValue<string>());

        var route = await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new
        {
            routeKey = "GET /users/{userId}",
            authorizationType = "JWT",
            authorizerId,
            authorizationScopes = new[] { "openid" },
            target = $"integrations/{integrationId}",
        }, 201);
        var routeId = S(route, "routeId");
        Assert.Matches("^[a-z0-9]{7}$", routeId);
        Assert.False(route["apiKeyRequired"]!.GetValue<bool>());

        var stage = await _api.CallAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        Assert.True(stage["autoDeploy"]!.GetValue<bool>());
        Assert.NotNull(stage["deploymentId"]);

        var routes = await _api.CallAsync("GET", $"/v2/apis/{id}/routes");
        Assert.Equal("GET /users/{userId}", S(Assert.Single(routes["items"]!.AsArray())!, "routeKey"));

        var deployed = await DeployedAsync(id, "$default");
        Assert.NotNull(deployed);
        var table = HttpApiRouteTable.For(deployed.Snapshot);
        var match = table.Match("GET", "/users/42")!.Value;
        Assert.Equal("42", match.PathParameters["userId"]);
        Assert.Equal("JWT", match.Route.AuthorizationType);
        Assert.Equal("http://127.0.0.1:9/users/{userId}", deployed.Snapshot.Integration(match.Route.IntegrationId!)!.IntegrationUri);
        Assert.Equal(Issuer, deployed.Snapshot.Authorizer(match.Route.AuthorizerId!)!.JwtConfiguration!.Issuer);
    }

    [Fact]
    public async Task Route_keys_are_validated_and_unique()
    {
        var id = await CreateApiAsync();
        foreach (var bad in new[] { "FETCH /a", "GET a", "GET /{proxy+}/b", "GET /a//b", "get /a", "" })
        {
            await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = bad }, 400, "BadRequestException");
        }

        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = new[] { "GET /a" } }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a", authorizationType = "MAGIC" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a", authorizationType = "JWT" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a", target = "lambda/x" }, 400, "BadRequestException");

        var first = S(await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "ANY /{proxy+}" }, 201), "routeId");
        await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "$default" }, 201);
        var second = S(await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /users/{userId}" }, 201), "routeId");
        Assert.Equal("Route with key ANY /{proxy+} already exists for this API", await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "ANY /{proxy+}" }, 409, "ConflictException"));
        await _api.FailAsync("PATCH", $"/v2/apis/{id}/routes/{second}", new { routeKey = "ANY /{proxy+}" }, 409, "ConflictException");

        var updated = await _api.CallAsync("PATCH", $"/v2/apis/{id}/routes/{first}", new { routeKey = "ANY /files/{proxy+}" });
        Assert.Equal("ANY /files/{proxy+}", S(updated, "routeKey"));
        await _api.CallAsync("DELETE", $"/v2/apis/{id}/routes/{first}", null, 204);
        Assert.Equal(2, (await _api.CallAsync("GET", $"/v2/apis/{id}/routes"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Routes_carry_the_group_extension_only_with_JWT()
    {
        var id = await CreateApiAsync();
        var authorizerId = await CreateAuthorizerAsync(id);
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "DELETE /news", authorizationGroups = new[] { "admin" } }, 400, "BadRequestException");
        var route = await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "DELETE /news", authorizationType = "JWT", authorizerId, authorizationGroups = new[] { "admin" } }, 201);
        Assert.Equal("admin", route["authorizationGroups"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Integrations_are_validated_and_cannot_be_deleted_while_a_route_uses_them()
    {
        var id = await CreateApiAsync();
        var integrations = $"/v2/apis/{id}/integrations";
        await _api.FailAsync("POST", integrations, new { integrationType = "MOCK" }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "HTTP_PROXY", integrationMethod = "GET" }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "HTTP_PROXY", integrationMethod = "GET", integrationUri = "ftp://x/y" }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "HTTP_PROXY", integrationUri = "http://x/y" }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "HTTP_PROXY", integrationMethod = "GET", integrationUri = "http://x/y", payloadFormatVersion = "2.0" }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "HTTP_PROXY", integrationMethod = "GET", integrationUri = "http://x/y", timeoutInMillis = 30001 }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "HTTP_PROXY", integrationMethod = "GET", integrationUri = "http://x/y", timeoutInMillis = "fast" }, 400, "BadRequestException");
        await _api.FailAsync("POST", integrations, new { integrationType = "AWS_PROXY", integrationUri = "arn:aws:lambda:us-east-1:123456789012:function:f", payloadFormatVersion = "3.0" }, 400, "BadRequestException");

        var lambda = await _api.CallAsync("POST", integrations, new { integrationType = "AWS_PROXY", integrationUri = "arn:aws:lambda:us-east-1:123456789012:function:f" }, 201);
        Assert.Equal("2.0", S(lambda, "payloadFormatVersion"));

        var integrationId = await CreateIntegrationAsync(id);
        var updated = await _api.CallAsync("PATCH", $"{integrations}/{integrationId}", new { integrationUri = "https://example.com/u/{userId}", timeoutInMillis = 5000 });
        Assert.Equal("https://example.com/u/{userId}", S(updated, "integrationUri"));
        Assert.Equal("GET", S(updated, "integrationMethod"));

        await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /users/{userId}", target = $"integrations/{integrationId}" }, 201);
        await _api.FailAsync("DELETE", $"{integrations}/{integrationId}", null, 409, "ConflictException");
        Assert.Equal(2, (await _api.CallAsync("GET", integrations))["items"]!.AsArray().Count);
        await _api.CallAsync("DELETE", $"{integrations}/{S(lambda, "integrationId")}", null, 204);
    }

    [Fact]
    public async Task Authorizers_are_validated_updated_and_protected_while_in_use()
    {
        var id = await CreateApiAsync();
        var authorizers = $"/v2/apis/{id}/authorizers";
        await _api.FailAsync("POST", authorizers, new { name = "a", authorizerType = "JWT", identitySource = new[] { "$request.header.Authorization" } }, 400, "BadRequestException");
        await _api.FailAsync("POST", authorizers, new { name = "a", authorizerType = "JWT", identitySource = new[] { "$request.header.Authorization" }, jwtConfiguration = new { issuer = "not a url", audience = new[] { "c" } } }, 400, "BadRequestException");
        await _api.FailAsync("POST", authorizers, new { name = "a", authorizerType = "JWT", identitySource = new[] { "$request.header.Authorization" }, jwtConfiguration = new { issuer = Issuer } }, 400, "BadRequestException");
        await _api.FailAsync("POST", authorizers, new { name = "a", authorizerType = "JWT", identitySource = new[] { "Authorization" }, jwtConfiguration = new { issuer = Issuer, audience = new[] { "c" } } }, 400, "BadRequestException");
        await _api.FailAsync("POST", authorizers, new { name = "a", authorizerType = "COGNITO", identitySource = new[] { "$request.header.Authorization" } }, 400, "BadRequestException");
        await _api.FailAsync("POST", authorizers, new { name = "a", authorizerType = "REQUEST", identitySource = new[] { "$request.header.Authorization" } }, 400, "BadRequestException");

        var authorizerId = await CreateAuthorizerAsync(id);
        await _api.FailAsync("POST", authorizers, new { name = "cognito", authorizerType = "JWT", identitySource = new[] { "$request.header.Authorization" }, jwtConfiguration = new { issuer = Issuer, audience = new[] { "c" } } }, 409, "ConflictException");
        var lambda = await _api.CallAsync("POST", authorizers, new
        {
            name = "lambda",
            authorizerType = "REQUEST",
            identitySource = new[] { "$request.header.Authorization" },
            authorizerUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
            authorizerPayloadFormatVersion = "2.0",
            enableSimpleResponses = true,
        }, 201);
        Assert.Equal("REQUEST", S(lambda, "authorizerType"));

        var updated = await _api.CallAsync("PATCH", $"{authorizers}/{authorizerId}", new { jwtConfiguration = new { audience = new[] { "client123", "client456" } } });
        Assert.Equal(Issuer, S(updated["jwtConfiguration"]!, "issuer"));
        Assert.Equal(2, updated["jwtConfiguration"]!["audience"]!.AsArray().Count);

        var route = S(await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a", authorizationType = "JWT", authorizerId }, 201), "routeId");
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /b", authorizationType = "CUSTOM", authorizerId }, 400, "BadRequestException");
        await _api.FailAsync("DELETE", $"{authorizers}/{authorizerId}", null, 409, "ConflictException");
        await _api.CallAsync("PATCH", $"/v2/apis/{id}/routes/{route}", new { authorizationType = "NONE" });
        await _api.CallAsync("DELETE", $"{authorizers}/{authorizerId}", null, 204);
        Assert.Single((await _api.CallAsync("GET", authorizers))["items"]!.AsArray());
    }

    [Fact]
    public async Task Without_autoDeploy_changes_are_live_only_after_a_deployment()
    {
        var id = await CreateApiAsync();
        await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /a" }, 201);
        await _api.CallAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "prod", stageVariables = new { env = "prod" } }, 201);
        Assert.Null(await DeployedAsync(id, "prod"));
        await _api.FailAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "prod" }, 409, "ConflictException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "bad name" }, 400, "BadRequestException");
        await _api.FailAsync("POST", $"/v2/apis/{id}/deployments", new { stageName = "nope" }, 404, "NotFoundException");

        var deployment = await _api.CallAsync("POST", $"/v2/apis/{id}/deployments", new { stageName = "prod", description = "first" }, 201);
        var deploymentId = S(deployment, "deploymentId");
        Assert.Equal("DEPLOYED", S(deployment, "deploymentStatus"));
        Assert.False(deployment["autoDeployed"]!.GetValue<bool>());
        Assert.Equal(deploymentId, S(await _api.CallAsync("GET", $"/v2/apis/{id}/stages/prod"), "deploymentId"));

        await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /b" }, 201);
        var deployed = await DeployedAsync(id, "prod");
        Assert.Equal(["GET /a"], deployed!.Snapshot.Routes.Select(r => r.RouteKey!));
        Assert.Equal("prod", deployed.Stage.StageVariables!["env"]);

        var second = S(await _api.CallAsync("POST", $"/v2/apis/{id}/deployments", new { }, 201), "deploymentId");
        Assert.Single((await DeployedAsync(id, "prod"))!.Snapshot.Routes);
        await _api.CallAsync("PATCH", $"/v2/apis/{id}/stages/prod", new { deploymentId = second });
        Assert.Equal(2, (await DeployedAsync(id, "prod"))!.Snapshot.Routes.Count);

        await _api.FailAsync("DELETE", $"/v2/apis/{id}/deployments/{second}", null, 400, "BadRequestException");
        Assert.Equal("renamed", S(await _api.CallAsync("PATCH", $"/v2/apis/{id}/deployments/{deploymentId}", new { description = "renamed" }), "description"));
        await _api.CallAsync("DELETE", $"/v2/apis/{id}/deployments/{deploymentId}", null, 204);
        Assert.Single((await _api.CallAsync("GET", $"/v2/apis/{id}/deployments"))["items"]!.AsArray());
        await _api.FailAsync("PATCH", $"/v2/apis/{id}/stages/prod", new { deploymentId = "nothere" }, 404, "NotFoundException");
        await _api.CallAsync("DELETE", $"/v2/apis/{id}/stages/prod", null, 204);
        Assert.Null(await DeployedAsync(id, "prod"));
    }

    [Fact]
    public async Task AutoDeploy_stages_follow_every_change()
    {
        var id = await CreateApiAsync();
        var stage = await _api.CallAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        var first = S(stage, "deploymentId");

        var integrationId = await CreateIntegrationAsync(id);
        var route = S(await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET /users/{userId}", target = $"integrations/{integrationId}" }, 201), "routeId");
        var deployed = await DeployedAsync(id, "$default");
        Assert.NotEqual(first, deployed!.Snapshot.Deployment.DeploymentId);
        Assert.True(deployed.Snapshot.Deployment.AutoDeployed);
        Assert.Equal("GET /users/{userId}", Assert.Single(deployed.Snapshot.Routes).RouteKey);

        await _api.CallAsync("PATCH", $"/v2/apis/{id}", new { corsConfiguration = new { allowOrigins = new[] { "https://app.example.com" }, allowMethods = new[] { "GET" } } });
        Assert.Equal("https://app.example.com", (await DeployedAsync(id, "$default"))!.Snapshot.Api.CorsConfiguration!.AllowOrigins![0]);

        await _api.CallAsync("DELETE", $"/v2/apis/{id}/cors", null, 204);
        Assert.Null((await DeployedAsync(id, "$default"))!.Snapshot.Api.CorsConfiguration);
        Assert.Null((await _api.CallAsync("GET", $"/v2/apis/{id}"))["corsConfiguration"]);

        await _api.CallAsync("DELETE", $"/v2/apis/{id}/routes/{route}", null, 204);
        Assert.Empty((await DeployedAsync(id, "$default"))!.Snapshot.Routes);

        // Superseded automatic deployments are dropped: only the one the stage serves is left.
        var deployments = (await _api.CallAsync("GET", $"/v2/apis/{id}/deployments"))["items"]!.AsArray();
        Assert.Equal(S(await _api.CallAsync("GET", $"/v2/apis/{id}/stages/$default"), "deploymentId"), S(Assert.Single(deployments)!, "deploymentId"));

        // A failed change deploys nothing.
        var before = (await DeployedAsync(id, "$default"))!.Snapshot.Deployment.DeploymentId;
        await _api.FailAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = "GET x" }, 400, "BadRequestException");
        Assert.Equal(before, (await DeployedAsync(id, "$default"))!.Snapshot.Deployment.DeploymentId);
    }

    [Fact]
    public async Task Quick_create_makes_integration_route_and_auto_deployed_default_stage()
    {
        var api = await _api.CallAsync("POST", "/v2/apis", new { name = "quick", protocolType = "HTTP", target = "http://127.0.0.1:9/backend", routeKey = "ANY /{proxy+}" }, 201);
        var id = S(api, "apiId");

        var route = Assert.Single((await _api.CallAsync("GET", $"/v2/apis/{id}/routes"))["items"]!.AsArray())!;
        Assert.Equal("ANY /{proxy+}", S(route, "routeKey"));
        Assert.True(route["apiGatewayManaged"]!.GetValue<bool>());
        var integration = await _api.CallAsync("GET", $"/v2/apis/{id}/integrations/{S(route, "target")["integrations/".Length..]}");
        Assert.Equal("HTTP_PROXY", S(integration, "integrationType"));
        Assert.Equal("ANY", S(integration, "integrationMethod"));
        var stage = await _api.CallAsync("GET", $"/v2/apis/{id}/stages/$default");
        Assert.True(stage["autoDeploy"]!.GetValue<bool>());
        Assert.NotNull((await DeployedAsync(id, "$default"))!.Snapshot.Routes.Single().Target);

        await _api.CallAsync("PATCH", $"/v2/apis/{id}", new { target = "http://127.0.0.1:9/other" });
        var deployed = (await DeployedAsync(id, "$default"))!.Snapshot;
        Assert.Equal("http://127.0.0.1:9/other", deployed.Integrations.Single().IntegrationUri);
    }

    [Fact]
    public async Task UpdateApi_and_DeleteApi()
    {
        var id = await CreateApiAsync();
        var updated = await _api.CallAsync("PATCH", $"/v2/apis/{id}", new { name = "renamed", description = "d", disableExecuteApiEndpoint = true });
        Assert.Equal("renamed", S(updated, "name"));
        Assert.True(updated["disableExecuteApiEndpoint"]!.GetValue<bool>());
        await _api.FailAsync("PATCH", $"/v2/apis/{id}", new { protocolType = "WEBSOCKET" }, 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/v2/apis/{id}", new { target = "http://x/" }, 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"/v2/apis/{id}", new { routeSelectionExpression = "$request.body.action" }, 400, "BadRequestException");

        await _api.CallAsync("POST", $"/v2/apis/{id}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        await _api.CallAsync("DELETE", $"/v2/apis/{id}", null, 204);
        await _api.FailAsync("GET", $"/v2/apis/{id}", null, 404, "NotFoundException");
        Assert.Null(await DeployedAsync(id, "$default"));
    }

    [Fact]
    public async Task Lists_page_with_maxResults_and_nextToken()
    {
        var id = await CreateApiAsync();
        for (var i = 0; i < 5; i++)
        {
            await _api.CallAsync("POST", $"/v2/apis/{id}/routes", new { routeKey = $"GET /r{i}" }, 201);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _api.CallAsync("GET", $"/v2/apis/{id}/routes?maxResults=2" + (token is null ? "" : $"&nextToken={token}"));
            seen.AddRange(page["items"]!.AsArray().Select(r => S(r!, "routeKey")));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(5, seen.Distinct().Count());
        await _api.FailAsync("GET", $"/v2/apis/{id}/routes?maxResults=zero", null, 400, "BadRequestException");
    }

    [Fact]
    public async Task Nulls_and_wrong_types_anywhere_are_BadRequestException_never_500()
    {
        var id = await CreateApiAsync();
        var integration = await CreateIntegrationAsync(id);
        var bodies = new (string Path, string Json)[]
        {
            ("/v2/apis", """{"name": "a", "protocolType": "HTTP", "tags": {"a": null}}"""),
            ("/v2/apis", """{"name": "a", "protocolType": "HTTP", "corsConfiguration": {"allowOrigins": [null]}}"""),
            ("/v2/apis", """{"name": "a", "protocolType": "HTTP", "corsConfiguration": "yes"}"""),
            ("/v2/apis", "[]"),
            ("/v2/apis", "null"),
            ($"/v2/apis/{id}/routes", """{"routeKey": "GET /a", "requestParameters": {"route.request.header.x": null}}"""),
            ($"/v2/apis/{id}/routes", """{"routeKey": "GET /a", "authorizationScopes": [null]}"""),
            ($"/v2/apis/{id}/routes", """{"routeKey": "GET /a", "apiKeyRequired": "yes"}"""),
            ($"/v2/apis/{id}/routes", $$$"""{"routeKey": "GET /a", "target": "integrations/{{{integration}}}", "requestModels": {"a": null}}"""),
            ($"/v2/apis/{id}/integrations", """{"integrationType": "HTTP_PROXY", "integrationMethod": "GET", "integrationUri": "http://x/", "requestParameters": {"a": null}}"""),
            ($"/v2/apis/{id}/integrations", """{"integrationType": "HTTP_PROXY", "integrationMethod": "GET", "integrationUri": "http://x/", "responseParameters": {"200": null}}"""),
            ($"/v2/apis/{id}/integrations", """{"integrationType": "HTTP_PROXY", "integrationMethod": "GET", "integrationUri": "http://x/", "responseParameters": {"200": {"a": null}}}"""),
            ($"/v2/apis/{id}/integrations", """{"integrationType": "HTTP_PROXY", "integrationMethod": "GET", "integrationUri": "http://x/", "timeoutInMillis": 99999999999}"""),
            ($"/v2/apis/{id}/authorizers", """{"name": "a", "authorizerType": "JWT", "identitySource": [null], "jwtConfiguration": {"issuer": "https://x", "audience": ["a"]}}"""),
            ($"/v2/apis/{id}/authorizers", """{"name": "a", "authorizerType": "JWT", "identitySource": ["$request.header.Authorization"], "jwtConfiguration": {"issuer": "https://x", "audience": [null]}}"""),
            ($"/v2/apis/{id}/authorizers", """{"name": "a", "authorizerType": "JWT", "identitySource": "$request.header.Authorization", "jwtConfiguration": {"issuer": "https://x", "audience": ["a"]}}"""),
            ($"/v2/apis/{id}/stages", """{"stageName": "s", "stageVariables": {"a": null}}"""),
            ($"/v2/apis/{id}/stages", """{"stageName": "s", "routeSettings": {"GET /a": null}}"""),
            ($"/v2/apis/{id}/stages", """{"stageName": "s", "defaultRouteSettings": {"loggingLevel": "LOUD"}}"""),
            ($"/v2/apis/{id}/stages", """{"stageName": "s", "stageVariables": {"bad-name": "x"}}"""),
            ($"/v2/apis/{id}/deployments", """{"stageName": 5}"""),
        };
        foreach (var (path, json) in bodies)
        {
            var (status, body, type) = await _api.RawAsync("POST", path, json);
            Assert.True(status == 400 && type == "BadRequestException", $"{path} {json}: {status} {type} {body?.ToJsonString()}");
        }

        Assert.Single((await _api.CallAsync("GET", "/v2/apis"))["items"]!.AsArray());
        Assert.Empty((await _api.CallAsync("GET", $"/v2/apis/{id}/routes"))["items"]!.AsArray());
        Assert.Empty((await _api.CallAsync("GET", $"/v2/apis/{id}/stages"))["items"]!.AsArray());
    }
}
