using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>API Gateway's management API over the in-memory server, as the AWS CLI sends it (rest-json).</summary>
public sealed class ApiGatewayClient(TestGatehouse gatehouse)
{
    public TestGatehouse Gatehouse { get; } = gatehouse;

    /// <summary>Sends a call and expects <paramref name="status"/>; returns the JSON body (an empty object when there is none).</summary>
    public async Task<JsonNode> CallAsync(string method, string path, object? body = null, int status = 200)
    {
        var (actual, json, type) = await RawAsync(method, path, body is null ? null : JsonSerializer.Serialize(body));
        Assert.True(actual == status, $"{method} {path}: expected {status}, got {actual} {type} {json?.ToJsonString()}");
        return json ?? new JsonObject();
    }

    /// <summary>Expects AWS's error: <paramref name="status"/>, <c>x-amzn-ErrorType</c> and a <c>{"message"}</c> body; returns the message.</summary>
    public async Task<string> FailAsync(string method, string path, object? body, int status, string type)
    {
        var (actual, json, actualType) = await RawAsync(method, path, body is null ? null : JsonSerializer.Serialize(body));
        Assert.True(actual == status && actualType == type, $"{method} {path}: expected {status} {type}, got {actual} {actualType} {json?.ToJsonString()}");
        return json!["message"]!.GetValue<string>();
    }

    public async Task<(int Status, JsonNode? Body, string? ErrorType)> RawAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await Gatehouse.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : null;
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), type);
    }

    public async Task<(string ApiId, string RootId)> CreateApiAsync(string name = "api")
    {
        var api = await CallAsync("POST", "/restapis", new { name }, 201);
        return (api["id"]!.GetValue<string>(), api["rootResourceId"]!.GetValue<string>());
    }

    public async Task<string> CreateResourceAsync(string apiId, string parentId, string pathPart) =>
        (await CallAsync("POST", $"/restapis/{apiId}/resources/{parentId}", new { pathPart }, 201))["id"]!.GetValue<string>();

    public async Task<string> CreateCognitoAuthorizerAsync(string apiId, string poolId = "us-east-1_abcDEF123") =>
        (await CallAsync("POST", $"/restapis/{apiId}/authorizers", new
        {
            name = "pool",
            type = "COGNITO_USER_POOLS",
            providerARNs = new[] { $"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{poolId}" },
            identitySource = "method.request.header.Authorization",
        }, 201))["id"]!.GetValue<string>();

    /// <summary>A method with a MOCK integration answering 200, as seed 000's DELETE /news.</summary>
    public async Task PutMockMethodAsync(string apiId, string resourceId, string verb, object? method = null)
    {
        await CallAsync("PUT", $"/restapis/{apiId}/resources/{resourceId}/methods/{verb}", method ?? new { authorizationType = "NONE" }, 201);
        await CallAsync("PUT", $"/restapis/{apiId}/resources/{resourceId}/methods/{verb}/integration", new
        {
            type = "MOCK",
            requestTemplates = new Dictionary<string, string> { ["application/json"] = "{\"statusCode\": 200}" },
        }, 201);
        await CallAsync("PUT", $"/restapis/{apiId}/resources/{resourceId}/methods/{verb}/responses/200", new { }, 201);
        await CallAsync("PUT", $"/restapis/{apiId}/resources/{resourceId}/methods/{verb}/integration/responses/200", new { selectionPattern = "" }, 201);
    }

    public static object[] Ops(params (string Op, string Path, string? Value)[] ops) =>
        [.. ops.Select(o => (object)new { op = o.Op, path = o.Path, value = o.Value })];

    public static object Patch(params (string Op, string Path, string? Value)[] ops) => new { patchOperations = Ops(ops) };
}
