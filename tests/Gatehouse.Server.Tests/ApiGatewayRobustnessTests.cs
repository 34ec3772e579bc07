using System.Text.RegularExpressions;
using Gatehouse.Server.ApiGatewayApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>Every management operation, on real ids, with odd bodies: AWS's 4xx errors or a success, never a 500.</summary>
public sealed class ApiGatewayRobustnessTests : IAsyncLifetime
{
    private static readonly string[] Bodies =
    [
        "",
        "{}",
        "null",
        "[]",
        "\"text\"",
        "{\"patchOperations\": null}",
        "{\"patchOperations\": [{}]}",
        "{\"patchOperations\": [null]}",
        "{\"patchOperations\": [{\"op\": \"replace\"}]}",
        "{\"patchOperations\": [{\"op\": \"replace\", \"path\": \"/\"}]}",
        "{\"patchOperations\": [{\"op\": \"copy\", \"path\": \"/name\"}]}",
        "{\"patchOperations\": [{\"op\": \"move\", \"path\": \"/description\", \"from\": \"/name\"}]}",
        "{\"patchOperations\": [{\"op\": \"remove\", \"path\": \"/*/*\"}, {\"op\": \"replace\", \"path\": \"/*/*/throttling/rateLimit\"}]}",
        "{\"patchOperations\": [{\"op\": \"add\", \"path\": \"/variables/\"}, {\"op\": \"replace\", \"path\": \"//GET/throttling/burstLimit\", \"value\": \"1\"}]}",
        "{\"name\": null, \"type\": null, \"pathPart\": null, \"stageName\": null, \"authorizationType\": null}",
        "{\"name\": \"x\", \"type\": \"COGNITO_USER_POOLS\", \"providerARNs\": [null], \"identitySource\": \"method.request.header.A\"}",
        "{\"authorizationType\": \"NONE\", \"requestParameters\": {\"\": true}, \"requestModels\": {\"\": \"\"}}",
        "{\"type\": \"HTTP\", \"httpMethod\": \"GET\", \"uri\": \"http://\"}",
        "{\"stageName\": \"\", \"deploymentId\": \"\", \"variables\": {\"\": \"\"}}",
        "{\"endpointConfiguration\": {\"types\": []}, \"name\": \"n\"}",
        "{\"minimumCompressionSize\": 99999999999}",
    ];

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        var (id, root) = await _api.CreateApiAsync();
        var news = await _api.CreateResourceAsync(id, root, "news");
        var authorizer = await _api.CreateCognitoAuthorizerAsync(id);
        await _api.PutMockMethodAsync(id, news, "DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = authorizer });
        var deployment = (await _api.CallAsync("POST", $"/restapis/{id}/deployments", new { stageName = "api" }, 201))["id"]!.GetValue<string>();
        var apiKey = (await _api.CallAsync("POST", "/apikeys", new { name = "k" }, 201))["id"]!.GetValue<string>();
        var plan = (await _api.CallAsync("POST", "/usageplans", new { name = "p", apiStages = new[] { new { apiId = id, stage = "api" } } }, 201))["id"]!.GetValue<string>();
        await _api.CallAsync("POST", $"/usageplans/{plan}/keys", new { keyId = apiKey, keyType = "API_KEY" }, 201);
        _ids = new()
        {
            ["restapi_id"] = id,
            ["parent_id"] = root,
            ["resource_id"] = news,
            ["http_method"] = "DELETE",
            ["status_code"] = "200",
            ["authorizer_id"] = authorizer,
            ["deployment_id"] = deployment,
            ["stage_name"] = "api",
            ["response_type"] = "UNAUTHORIZED",
            ["export_type"] = "oas30",
            ["api_Key"] = apiKey,
            ["usageplanId"] = plan,
            ["keyId"] = apiKey,
        };
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task No_body_makes_any_operation_fail_with_a_500()
    {
        var endpoints = _gatehouse.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AwsOperationMetadata>()?.Service == ApiGatewayEndpoints.Service)
            .Select(e => (Method: e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single(), Route: e.RoutePattern.RawText!))
            .OrderBy(e => e.Method == "DELETE")
            .ToList();
        Assert.True(endpoints.Count >= 41);

        foreach (var (method, route) in endpoints)
        {
            var path = Regex.Replace(route, "{([^}]+)}", m => _ids[m.Groups[1].Value]);
            foreach (var body in method is "GET" or "DELETE" ? [""] : Bodies)
            {
                var (status, json, type) = await _api.RawAsync(method, path, body);
                Assert.True(status < 500, $"{method} {path} with {body}: {status} {type} {json?.ToJsonString()}");
                Assert.True(status < 300 || (type is not null && json?["message"] is not null), $"{method} {path} with {body}: {status} without AWS's error shape");
            }
        }
    }
}
