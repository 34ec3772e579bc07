using Gatehouse.Core.Functions;

namespace Gatehouse.Core.Tests.Functions;

public sealed class CommandRuntimeTests : IAsyncLifetime
{
    private readonly FunctionHarness _h = new("http://localhost:4242");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task DefineAsync(string name, string script, int? timeout = null)
    {
        _h.Write(name + ".py", script);
        return _h.DefineAsync(new FunctionDefinition { Name = name, Runtime = "command", Code = _h.Code, Command = ["python3", name + ".py"], Timeout = timeout });
    }

    [Fact]
    public async Task The_event_goes_to_stdin_and_stdout_is_the_result()
    {
        await DefineAsync("echo", """
            import json, os, sys
            event = json.load(sys.stdin)
            sys.stderr.write("a log line\n")
            print(json.dumps({"got": event, "cwd": os.getcwd(), "name": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "endpoint": os.environ["AWS_ENDPOINT_URL"]}))
            """);

        var payload = (await _h.PayloadAsync("echo", """{"x":[1]}"""))!;

        Assert.Equal("""{"x":[1]}""", payload["got"]!.ToJsonString());
        Assert.Equal(_h.Code, (string)payload["cwd"]!);
        Assert.Equal("echo", (string)payload["name"]!);
        Assert.Equal("http://localhost:4242", (string)payload["endpoint"]!);
        await _h.AssertLoggedAsync(l => l.StartsWith("echo RequestId: ", StringComparison.Ordinal) && l.EndsWith(" a log line", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_non_zero_exit_is_an_exit_error()
    {
        await DefineAsync("exits", "import sys\nsys.exit(4)");

        var error = (await _h.InvokeAsync("exits")).Error!;

        Assert.Equal(FunctionFailure.Crashed, error.Kind);
        Assert.Equal("Runtime.ExitError", error.ErrorType);
        Assert.EndsWith("exit status 4", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_that_is_not_JSON_is_an_invalid_response()
    {
        await DefineAsync("garbage", "print('hello, not json')");

        Assert.Equal(FunctionFailure.InvalidResponse, (await _h.InvokeAsync("garbage")).Error!.Kind);
    }

    [Fact]
    public async Task A_timeout_kills_the_command()
    {
        var pidFile = Path.Combine(_h.Code, "pid");
        await _h.DefineAsync(new FunctionDefinition { Name = "hangs", Runtime = "command", Code = _h.Code, Command = ["sh", "-c", "echo $$ > pid; sleep 60"], Timeout = 1 });

        var error = (await _h.InvokeAsync("hangs")).Error!;

        Assert.Equal(FunctionFailure.Timeout, error.Kind);
        Assert.True(File.Exists(pidFile));
        await FunctionHarness.AssertGoneAsync(int.Parse(File.ReadAllText(pidFile).Trim()));
    }

    [Fact]
    public async Task A_missing_program_is_a_crash_not_an_exception()
    {
        await _h.DefineAsync(new FunctionDefinition { Name = "missing", Runtime = "command", Command = ["/no/such/program"] });

        var error = (await _h.InvokeAsync("missing")).Error!;

        Assert.Equal(FunctionFailure.Crashed, error.Kind);
        Assert.Equal("Runtime.Unavailable", error.ErrorType);
    }
}
