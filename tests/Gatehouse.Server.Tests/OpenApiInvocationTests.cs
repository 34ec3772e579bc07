using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>
/// Issue 4, acceptance 4: seed 000's REST API (docs/openapi.md) and seed 004's HTTP API loaded from OpenAPI files with
/// AWS's extensions, then called through the gateway.
/// </summary>
public sealed class OpenApiInvocationTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private TestBackend _backend = null!;
    private ApiGatewayClient _api = null!;
    private Scenario _pool = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _backend = await TestBackend.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        _pool = await Scenario.CreateAsync(_gatehouse);
    }

    public async Task DisposeAsync()
    {
        await _gatehouse.DisposeAsync();
        await _backend.DisposeAsync();
    }

    private async Task<int> InvokeAsync(string method, string url, string? token = null, string? host = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return (int)(await _gatehouse.Http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Seed_000_from_docs_openapi_md_denies_without_a_token_and_outside_admin()
    {
        var doc = await File.ReadAllTextAsync(ConfigFileTests.RepositoryFile("docs/openapi.md"));
        var yaml = System.Text.RegularExpressions.Regex.Matches(doc, "```yaml\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)[0].Groups[1].Value
            .Replace("userpool/us-east-1_EXAMPLE", "userpool/" + _pool.PoolId, StringComparison.Ordinal);
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        var imported = await _gatehouse.Http.PostAsync("/restapis?mode=import&failonwarnings=true", content);
        Assert.Equal(201, (int)imported.StatusCode);
        var apiId = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await _api.CallAsync("POST", $"/restapis/{apiId}/deployments", new { stageName = "api" }, 201);

        await _gatehouse.CallAsync("CreateGroup", new { UserPoolId = _pool.PoolId, GroupName = "admin" });
        await _pool.SignUpConfirmedAsync("alice");
        await _pool.SignUpConfirmedAsync("bob");
        await _gatehouse.CallAsync("AdminAddUserToGroup", new { UserPoolId = _pool.PoolId, Username = "alice", GroupName = "admin" });
        var url = $"/_aws/execute-api/{apiId}/api/news";

        Assert.Equal(401, await InvokeAsync("DELETE", url));
        Assert.Equal(200, await InvokeAsync("DELETE", url, (await _pool.TokensAsync("alice")).IdToken));
        Assert.Equal(403, await InvokeAsync("DELETE", url, (await _pool.TokensAsync("bob")).IdToken));
    }

    [Fact]
    public async Task Seed_004_from_an_OpenAPI_file_answers_401_without_a_token_and_200_with_one()
    {
        var yaml = $$"""
            openapi: 3.0.1
            info:
              title: users-api
            paths:
              /users/{userId}:
                get:
                  security:
                    - cognito: []
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    httpMethod: GET
                    uri: {{_backend.Url}}/echo/users/{userId}
                    payloadFormatVersion: '1.0'
            components:
              securitySchemes:
                cognito:
                  type: oauth2
                  flows: {}
                  x-amazon-apigateway-authorizer:
                    type: jwt
                    identitySource: $request.header.Authorization
                    jwtConfiguration:
                      issuer: https://cognito-idp.us-east-1.amazonaws.com/{{_pool.PoolId}}
                      audience:
                        - {{_pool.ClientId}}
            """;
        var apiId = (await _api.CallAsync("PUT", "/v2/apis", new { body = yaml }, 201))["apiId"]!.GetValue<string>();
        await _api.CallAsync("POST", $"/v2/apis/{apiId}/stages", new { stageName = "$default", autoDeploy = true }, 201);
        await _pool.SignUpConfirmedAsync("alice");
        var host = $"{apiId}.execute-api.localhost";

        Assert.Equal(401, await InvokeAsync("GET", "/users/42", host: host));
        Assert.Equal(200, await InvokeAsync("GET", "/users/42", "Bearer " + (await _pool.TokensAsync("alice")).AccessToken, host));
    }
}
