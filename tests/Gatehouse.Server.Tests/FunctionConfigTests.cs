using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Gatehouse.Server.Config;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>The <c>functions:</c> section of gatehouse.yaml.</summary>
public sealed class FunctionConfigTests
{
    private const string Yaml = """
        functions:
          - name: autoConfirm
            runtime: python
            code: ./functions/auto      # relative to this file
            handler: app.handler
            timeout: 5
            concurrency: 2
            environment: {STAGE: local}
          - name: backend
            runtime: url
            url: http://localhost:9000/2015-03-31/functions/function/invocations
          - name: tool
            runtime: command
            command: [python3, tool.py]
        """;

    [Fact]
    public async Task Functions_are_declared_with_code_relative_to_the_file_and_applied_idempotently()
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var configDirectory = Path.Combine(gatehouse.Directory, "config");
        var code = Path.Combine(configDirectory, "functions", "auto");
        Directory.CreateDirectory(code);
        await File.WriteAllTextAsync(Path.Combine(code, "app.py"), """
            import os
            def handler(event, context):
                event["response"] = {"autoConfirmUser": True, "stage": os.environ["STAGE"]}
                return event
            """);
        var file = Path.Combine(configDirectory, "gatehouse.yaml");
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();

        var changes = await applier.ApplyAsync(Yaml, file, CancellationToken.None);

        Assert.Equal(["created function autoConfirm", "created function backend", "created function tool"], changes);
        var store = gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using (var session = await store.OpenAsync(false, CancellationToken.None))
        {
            var auto = (await FunctionRegistry.GetAsync(session, "autoConfirm", CancellationToken.None))!;
            Assert.Equal(code, auto.Code);
            Assert.Equal(2, auto.Concurrency);
            Assert.Equal("local", auto.Environment!["STAGE"]);
            Assert.Equal(["python3", "tool.py"], (await FunctionRegistry.GetAsync(session, "tool", CancellationToken.None))!.Command!);
        }

        Assert.Empty(await applier.ApplyAsync(Yaml, file, CancellationToken.None));
        Assert.Equal(["updated function autoConfirm"], await applier.ApplyAsync(Yaml.Replace("timeout: 5", "timeout: 6", StringComparison.Ordinal), file, CancellationToken.None));

        var result = await gatehouse.Services.GetRequiredService<FunctionInvoker>().InvokeAsync(
            "arn:aws:lambda:us-east-1:123456789012:function:autoConfirm", Encoding.UTF8.GetBytes("""{"response":{}}"""), "us-east-1", "123456789012", null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("local", (string)JsonNode.Parse(result.Payload)!["response"]!["stage"]!);
    }

    [Theory]
    [InlineData("functions:\n  - {name: f, runtime: java}\n", "gatehouse.yaml:2: functions[0]: runtime must be one of python, node, url, command.")]
    [InlineData("functions:\n  - {name: f, runtime: python, code: ., handler: nodot}\n", "gatehouse.yaml:2: functions[0]: handler must be module.function.")]
    [InlineData("functions:\n  - {name: 'bad name', runtime: url, url: 'http://x/'}\n", "gatehouse.yaml:2: functions[0]: name must be 1-64 letters")]
    [InlineData("functions:\n  - {name: f, runtime: url, url: 'http://x/'}\n  - {name: f, runtime: url, url: 'http://y/'}\n", "function name 'f' is declared twice")]
    [InlineData("functions:\n  - {name: f, runtime: url, url: 'http://x/', memory: 5}\n", "memory")]
    public async Task A_bad_function_declaration_is_refused_with_its_place(string yaml, string message)
    {
        await using var gatehouse = await TestGatehouse.StartAsync();
        var applier = gatehouse.Services.GetRequiredService<ConfigApplier>();

        var error = await Assert.ThrowsAsync<ConfigException>(() => applier.ApplyAsync(yaml, "gatehouse.yaml", CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
