using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary><c>/_gatehouse/functions</c>: the registry's operator surface and the Invoke-like endpoint.</summary>
public sealed class FunctionEndpointTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _code = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _code = Path.Combine(_gatehouse.Directory, "code");
        Directory.CreateDirectory(_code);
        await File.WriteAllTextAsync(Path.Combine(_code, "app.py"), """
            def handler(event, context):
                if event.get("fail"):
                    raise ValueError("no " + event["fail"])
                return {"echo": event, "name": context.function_name}
            """);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await _gatehouse.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private string Definition(string runtime = "python") =>
        new JsonObject { ["runtime"] = runtime, ["code"] = _code, ["handler"] = "app.handler", ["timeout"] = 5, ["environment"] = new JsonObject { ["A"] = "1" } }.ToJsonString();

    [Fact]
    public async Task Put_get_list_and_delete_a_function()
    {
        var created = await SendAsync(HttpMethod.Put, "/_gatehouse/functions/echo", Definition());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("echo", (string)created.Body!["name"]!);
        Assert.Equal(5, (int)created.Body["timeout"]!);

        var replaced = await SendAsync(HttpMethod.Put, "/_gatehouse/functions/echo", Definition().Replace("\"runtime\"", "\"name\":\"echo\",\"runtime\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        await SendAsync(HttpMethod.Put, "/_gatehouse/functions/another", Definition());

        var got = await SendAsync(HttpMethod.Get, "/_gatehouse/functions/echo");
        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal("app.handler", (string)got.Body!["handler"]!);
        Assert.Equal("1", (string)got.Body["environment"]!["A"]!);

        var list = await SendAsync(HttpMethod.Get, "/_gatehouse/functions");
        Assert.Equal(["another", "echo"], list.Body!["functions"]!.AsArray().Select(f => (string)f!["name"]!));

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/_gatehouse/functions/echo")).Status);
        var gone = await SendAsync(HttpMethod.Get, "/_gatehouse/functions/echo");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("Function echo does not exist.", (string)gone.Body!["message"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/_gatehouse/functions/echo")).Status);
    }

    [Theory]
    [InlineData("not json", "The body is not a function definition")]
    [InlineData("[1,2]", "The body is not a function definition")]
    [InlineData("null", "The body must be a JSON object")]
    [InlineData("", "The body is not a function definition")]
    [InlineData("{\"name\":\"other\",\"runtime\":\"url\",\"url\":\"http://localhost:1/\"}", "The body names the function 'other', the path 'fn'.")]
    [InlineData("{\"runtime\":\"java\"}", "runtime must be one of python, node, url, command.")]
    [InlineData("{\"runtime\":\"python\",\"code\":\".\",\"handler\":\"nodot\"}", "handler must be module.function.")]
    [InlineData("{\"runtime\":\"url\",\"url\":\"ftp://x/\"}", "url must be an absolute http(s) URL.")]
    [InlineData("{\"runtime\":\"command\",\"command\":[]}", "command must name a program.")]
    [InlineData("{\"runtime\":\"url\",\"url\":\"http://x/\",\"timeout\":0}", "timeout must be 1-900 seconds.")]
    [InlineData("{\"runtime\":\"url\",\"url\":\"http://x/\",\"timeout\":\"slow\"}", "The body is not a function definition")]
    [InlineData("{\"runtime\":\"url\",\"url\":\"http://x/\",\"concurrency\":1000}", "concurrency must be 1-64.")]
    public async Task Put_refuses_a_bad_definition_with_400(string body, string message)
    {
        var (status, json, _) = await SendAsync(HttpMethod.Put, "/_gatehouse/functions/fn", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(message, (string)json!["message"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/_gatehouse/functions/fn")).Status);
    }

    [Fact]
    public async Task Put_refuses_a_bad_name_and_a_huge_body()
    {
        var badName = await SendAsync(HttpMethod.Put, "/_gatehouse/functions/has.dot", Definition());
        var huge = await SendAsync(HttpMethod.Put, "/_gatehouse/functions/fn", "{\"runtime\":\"url\",\"url\":\"http://x/\",\"handler\":\"" + new string('a', 300_000) + "\"}");

        Assert.Equal(HttpStatusCode.BadRequest, badName.Status);
        Assert.Equal("name must be 1-64 letters, digits, '-' or '_'.", (string)badName.Body!["message"]!);
        Assert.Equal(HttpStatusCode.BadRequest, huge.Status);
    }

    [Fact]
    public async Task Invocations_answer_like_Lambdas_Invoke()
    {
        await SendAsync(HttpMethod.Put, "/_gatehouse/functions/echo", Definition());

        var ok = await SendAsync(HttpMethod.Post, "/_gatehouse/functions/echo/invocations", """{"x":1}""");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal("""{"echo":{"x":1},"name":"echo"}""", ok.Body!.ToJsonString());
        Assert.False(ok.Response.Headers.Contains("X-Amz-Function-Error"));

        var empty = await SendAsync(HttpMethod.Post, "/_gatehouse/functions/echo/invocations");
        Assert.Equal("{}", empty.Body!["echo"]!.ToJsonString());

        var failed = await SendAsync(HttpMethod.Post, "/_gatehouse/functions/echo/invocations", """{"fail":"way"}""");
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Equal("Unhandled", failed.Response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal("ValueError", (string)failed.Body!["errorType"]!);
        Assert.Equal("no way", (string)failed.Body["errorMessage"]!);
        Assert.NotEmpty(failed.Body["stackTrace"]!.AsArray());

        var missing = await SendAsync(HttpMethod.Post, "/_gatehouse/functions/nope/invocations", "{}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("ResourceNotFoundException", missing.Response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Stopping_the_server_stops_its_workers()
    {
        await File.WriteAllTextAsync(Path.Combine(_code, "pid.py"), "import os\ndef handler(event, context):\n    return os.getpid()\n");
        var gatehouse = await TestGatehouse.StartAsync();
        using var put = new StringContent(new JsonObject { ["runtime"] = "python", ["code"] = _code, ["handler"] = "pid.handler" }.ToJsonString(), Encoding.UTF8, "application/json");
        (await gatehouse.Http.PutAsync("/_gatehouse/functions/pid", put)).EnsureSuccessStatusCode();
        using var response = await gatehouse.Http.PostAsync("/_gatehouse/functions/pid/invocations", null);
        var pid = int.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{pid}"));

        await gatehouse.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"), "the worker outlived the server");
    }

    [Fact]
    public async Task Invocations_refuse_a_body_that_is_not_JSON_or_too_large()
    {
        await SendAsync(HttpMethod.Put, "/_gatehouse/functions/echo", Definition());

        var notJson = await SendAsync(HttpMethod.Post, "/_gatehouse/functions/echo/invocations", "{\"x\":");
        var huge = await SendAsync(HttpMethod.Post, "/_gatehouse/functions/echo/invocations", "\"" + new string('a', 6 * 1024 * 1024) + "\"");

        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("InvalidRequestContentException", notJson.Response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(HttpStatusCode.BadRequest, huge.Status);
        Assert.Equal("RequestTooLargeException", huge.Response.Headers.GetValues("x-amzn-ErrorType").Single());
    }
}
