using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// Functions that misbehave behind a real server's gateway (issue 5, acceptance 5): one that crashes its process, one
/// that hangs past its timeout, one that prints garbage on stdout and stderr, one that answers 7 MB and one that
/// answers something that is not a proxy response. Each maps to API Gateway's documented answer, and afterwards the
/// server is healthy and a well-behaved function on the same stage still answers.
/// </summary>
[Trait("Category", "Compat")]
public sealed class FaultyFunctionTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>, IDisposable
{
    private const string Handlers = """
        import os, sys

        def crash(event, context):
            os._exit(3)

        def hang(event, context):
            while True:
                pass

        def garbage(event, context):
            os.write(1, b'\x00\xff{not json\n')
            os.write(2, b'\x1b[31m\xfe\n')
            print('}}}{{{')
            return {'statusCode': 200, 'body': 'still fine'}

        def huge(event, context):
            return {'statusCode': 200, 'body': 'x' * (7 * 1024 * 1024)}

        def malformed(event, context):
            return ['not', 'a', 'proxy', 'response']

        def fine(event, context):
            return {'statusCode': 200, 'body': 'ok'}
        """;

    private readonly GatehouseProcess _server = fixture.Server;
    private readonly string _code = Directory.CreateTempSubdirectory("gatehouse-faulty-").FullName;

    [Fact]
    public async Task Crashing_hanging_garbage_printing_and_oversized_functions_get_gateway_errors_and_the_server_stays_healthy()
    {
        await File.WriteAllTextAsync(Path.Combine(_code, "handlers.py"), Handlers);
        using var http = new HttpClient();
        var apiId = (await _server.ApiGatewayAsync("create-rest-api", "--name", Unique.Name("faulty"))).Json()["id"]!.GetValue<string>();
        var rootId = (await _server.ApiGatewayAsync("get-resources", "--rest-api-id", apiId)).Json()["items"]![0]!["id"]!.GetValue<string>();
        foreach (var name in new[] { "crash", "hang", "garbage", "huge", "malformed", "fine" })
        {
            var definition = new JsonObject { ["runtime"] = "python", ["code"] = _code, ["handler"] = $"handlers.{name}", ["timeout"] = name == "hang" ? 2 : 15 };
            using var put = await http.PutAsJsonAsync(new Uri($"{_server.Endpoint}/_gatehouse/functions/faulty-{name}"), definition);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

            var resourceId = (await _server.ApiGatewayAsync("create-resource", "--rest-api-id", apiId, "--parent-id", rootId, "--path-part", name)).Json()["id"]!.GetValue<string>();
            (await _server.ApiGatewayAsync("put-method", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", "GET", "--authorization-type", "NONE")).Succeeded();
            (await _server.ApiGatewayAsync(
                "put-integration", "--rest-api-id", apiId, "--resource-id", resourceId, "--http-method", "GET", "--type", "AWS_PROXY", "--integration-http-method", "POST",
                "--uri", $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:faulty-{name}/invocations")).Succeeded();
        }

        (await _server.ApiGatewayAsync("create-deployment", "--rest-api-id", apiId, "--stage-name", "test")).Succeeded();
        string Url(string name) => $"{_server.Endpoint}/restapis/{apiId}/test/_user_request_/{name}";

        Assert.Equal((502, """{"message":"Internal server error"}"""), await Tools.CurlAsync("GET", Url("crash")));
        Assert.Equal((504, """{"message":"Endpoint request timed out"}"""), await Tools.CurlAsync("GET", Url("hang")));
        Assert.Equal((200, "still fine"), await Tools.CurlAsync("GET", Url("garbage")));
        Assert.Equal((502, """{"message":"Internal server error"}"""), await Tools.CurlAsync("GET", Url("huge")));
        Assert.Equal((502, """{"message":"Internal server error"}"""), await Tools.CurlAsync("GET", Url("malformed")));

        // The crashed and timed-out workers were replaced: the same functions are called again, and the server is fine.
        Assert.Equal(502, (await Tools.CurlAsync("GET", Url("crash"))).Status);
        Assert.Equal((200, "ok"), await Tools.CurlAsync("GET", Url("fine")));
        Assert.Equal("ok", (await _server.GetJsonAsync("/_gatehouse/health"))["status"]!.GetValue<string>());
        Assert.True(_server.IsRunning);
        Assert.Contains("faulty-garbage", _server.Log, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_code, recursive: true);
}
