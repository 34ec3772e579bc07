using Gatehouse.Core.Functions;

namespace Gatehouse.Core.Tests.Functions;

public sealed class PythonRuntimeTests : IAsyncLifetime
{
    private readonly FunctionHarness _h = new("http://localhost:4242");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Calls_the_handler_with_the_event_a_Lambda_context_and_Lambda_environment()
    {
        _h.Write("lambda_function.py", """
            import os
            def lambda_handler(event, context):
                names = ["AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_REGION",
                         "AWS_DEFAULT_REGION", "LAMBDA_TASK_ROOT", "_HANDLER", "AWS_EXECUTION_ENV", "AWS_ACCESS_KEY_ID",
                         "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "GREETING"]
                return {
                    "event": event,
                    "request_id": context.aws_request_id,
                    "function_name": context.function_name,
                    "function_version": context.function_version,
                    "arn": context.invoked_function_arn,
                    "memory": context.memory_limit_in_mb,
                    "log_group": context.log_group_name,
                    "log_stream": context.log_stream_name,
                    "remaining": context.get_remaining_time_in_millis(),
                    "env": {n: os.environ.get(n) for n in names},
                }
            """);
        await _h.DefineAsync("hello", "python", "lambda_function.lambda_handler", timeout: 7, environment: new() { ["GREETING"] = "hi" });

        var payload = (await _h.PayloadAsync("hello", """{"a":[1,2,{"b":null}]}"""))!;

        Assert.Equal("""{"a":[1,2,{"b":null}]}""", payload["event"]!.ToJsonString());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", (string)payload["request_id"]!);
        Assert.Equal("hello", (string)payload["function_name"]!);
        Assert.Equal("$LATEST", (string)payload["function_version"]!);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:hello", (string)payload["arn"]!);
        Assert.Equal("128", (string)payload["memory"]!);
        Assert.Equal("/aws/lambda/hello", (string)payload["log_group"]!);
        Assert.Contains("[$LATEST]", (string)payload["log_stream"]!);
        Assert.InRange((int)payload["remaining"]!, 1000, 7000);
        var env = payload["env"]!;
        Assert.Equal("hello", (string)env["AWS_LAMBDA_FUNCTION_NAME"]!);
        Assert.Equal("$LATEST", (string)env["AWS_LAMBDA_FUNCTION_VERSION"]!);
        Assert.Equal("128", (string)env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]!);
        Assert.Equal("eu-west-1", (string)env["AWS_REGION"]!);
        Assert.Equal("eu-west-1", (string)env["AWS_DEFAULT_REGION"]!);
        Assert.Equal(_h.Code, (string)env["LAMBDA_TASK_ROOT"]!);
        Assert.Equal("lambda_function.lambda_handler", (string)env["_HANDLER"]!);
        Assert.StartsWith("AWS_Lambda_python3.", (string)env["AWS_EXECUTION_ENV"]!);
        Assert.NotNull((string?)env["AWS_ACCESS_KEY_ID"]);
        Assert.NotNull((string?)env["AWS_SECRET_ACCESS_KEY"]);
        Assert.NotNull((string?)env["AWS_SESSION_TOKEN"]);
        Assert.Equal("http://localhost:4242", (string)env["AWS_ENDPOINT_URL"]!);
        Assert.Equal("hi", (string)env["GREETING"]!);
    }

    [Fact]
    public async Task A_raised_exception_comes_back_in_Lambdas_error_shape()
    {
        _h.Write("app.py", """
            def handler(event, context):
                raise KeyError("missing")
            """);
        await _h.DefineAsync("fails", "python", "app.handler");

        var error = (await _h.InvokeAsync("fails")).Error!;

        Assert.Equal(FunctionFailure.Handled, error.Kind);
        Assert.Equal("KeyError", error.ErrorType);
        Assert.Equal("'missing'", error.ErrorMessage);
        Assert.Contains(error.StackTrace!, line => line.Contains("app.py", StringComparison.Ordinal) && line.Contains("in handler", StringComparison.Ordinal));

        // The worker survives its handler's exception.
        Assert.Equal("KeyError", (await _h.InvokeAsync("fails")).Error!.ErrorType);
    }

    [Theory]
    [InlineData("import not_a_module\ndef handler(e, c): return 1", "app.handler", "Runtime.ImportModuleError", "Unable to import module 'app': No module named 'not_a_module'")]
    [InlineData("def handler(e, c) return 1", "app.handler", "Runtime.UserCodeSyntaxError", "Syntax error in module 'app'")]
    [InlineData("def handler(e, c): return 1", "app.other", "Runtime.HandlerNotFound", "Handler 'other' missing on module 'app'")]
    [InlineData("def handler(e, c): return 1", "nope.handler", "Runtime.ImportModuleError", "Unable to import module 'nope'")]
    [InlineData("def handler(e, c): return 1", "sys.handler", "Runtime.BuiltInModuleConflict", "Cannot use built-in module sys as a handler module")]
    [InlineData("raise ValueError('bad config')\ndef handler(e, c): return 1", "app.handler", "ValueError", "bad config")]
    public async Task A_handler_that_cannot_load_answers_Lambdas_init_errors(string code, string handler, string errorType, string message)
    {
        _h.Write("app.py", code);
        await _h.DefineAsync("broken", "python", handler);

        var error = (await _h.InvokeAsync("broken")).Error!;

        Assert.Equal(FunctionFailure.Handled, error.Kind);
        Assert.Equal(errorType, error.ErrorType);
        Assert.StartsWith(message, error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_h.Python.WorkerProcessIds);
    }

    [Fact]
    public async Task Workers_stay_warm_and_print_goes_to_the_log_with_the_request_id()
    {
        _h.Write("counter.py", """
            import os, sys
            count = 0
            def handler(event, context):
                global count
                count += 1
                print("counting", count, "in", context.aws_request_id)
                os.write(1, b"raw bytes on fd 1\n")
                sys.stderr.write("to stderr\n")
                return {"count": count, "pid": os.getpid()}
            """);
        await _h.DefineAsync("counter", "python", "counter.handler");

        var first = (await _h.PayloadAsync("counter"))!;
        var second = (await _h.PayloadAsync("counter"))!;
        var third = (await _h.PayloadAsync("counter"))!;

        Assert.Equal([1, 2, 3], new[] { first, second, third }.Select(p => (int)p["count"]!));
        Assert.Equal((int)first["pid"]!, (int)third["pid"]!);
        await _h.AssertLoggedAsync(l => l.StartsWith("counter RequestId: ", StringComparison.Ordinal) && l.Contains(" counting 3 in ", StringComparison.Ordinal));

        // Every line carries the request that printed it, however late the log pipe is read.
        var counting = _h.Log.Lines.Where(l => l.Contains(" counting ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, counting.Count);
        Assert.All(counting, l => Assert.Equal(l.Split(' ')[2], l.Split(' ')[^1]));
        Assert.DoesNotContain(_h.Log.Lines, l => l.Contains("GATEHOUSE-END", StringComparison.Ordinal));
        await _h.AssertLoggedAsync(l => l.EndsWith(" raw bytes on fd 1", StringComparison.Ordinal));
        await _h.AssertLoggedAsync(l => l.EndsWith(" to stderr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_that_exits_mid_invocation_is_a_crash_and_is_replaced()
    {
        _h.Write("crash.py", """
            import os
            def handler(event, context):
                if event.get("die"):
                    os._exit(3)
                return os.getpid()
            """);
        await _h.DefineAsync("crash", "python", "crash.handler");
        var before = (int)(await _h.PayloadAsync("crash"))!;

        var error = (await _h.InvokeAsync("crash", """{"die":true}""")).Error!;

        Assert.Equal(FunctionFailure.Crashed, error.Kind);
        Assert.Equal("Runtime.ExitError", error.ErrorType);
        Assert.EndsWith("Error: Runtime exited with error: exit status 3", error.ErrorMessage, StringComparison.Ordinal);
        var after = (int)(await _h.PayloadAsync("crash"))!;
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task A_timeout_kills_the_worker_and_what_it_started()
    {
        var pids = Path.Combine(_h.Code, "pids");
        _h.Write("hang.py", $$"""
            import os, subprocess, time
            def handler(event, context):
                child = subprocess.Popen(["sleep", "60"])
                with open({{System.Text.Json.JsonSerializer.Serialize(pids)}}, "w") as f:
                    f.write("%d %d" % (os.getpid(), child.pid))
                time.sleep(60)
            """);
        await _h.DefineAsync("hang", "python", "hang.handler", timeout: 2);

        var error = (await _h.InvokeAsync("hang")).Error!;

        Assert.Equal(FunctionFailure.Timeout, error.Kind);
        Assert.Equal("Sandbox.Timedout", error.ErrorType);
        Assert.EndsWith("Task timed out after 2.00 seconds", error.ErrorMessage, StringComparison.Ordinal);

        // On a loaded machine the worker may not have got as far as the handler in 2 s; it is gone either way.
        foreach (var pid in File.Exists(pids) ? File.ReadAllText(pids).Split(' ').Select(int.Parse) : [])
        {
            await FunctionHarness.AssertGoneAsync(pid);
        }

        Assert.Empty(_h.Python.WorkerProcessIds);
    }

    [Fact]
    public async Task A_result_over_6_MB_is_an_invalid_response_and_the_next_call_works()
    {
        _h.Write("big.py", """
            def handler(event, context):
                return "x" * event["size"]
            """);
        await _h.DefineAsync("big", "python", "big.handler");

        var error = (await _h.InvokeAsync("big", """{"size": 7000000}""")).Error!;

        Assert.Equal(FunctionFailure.InvalidResponse, error.Kind);
        Assert.Equal("Function.ResponseSizeTooLarge", error.ErrorType);
        Assert.Equal(5, ((string)(await _h.PayloadAsync("big", """{"size": 5}"""))!).Length);
    }

    [Fact]
    public async Task A_result_that_is_not_JSON_serializable_is_a_marshal_error()
    {
        _h.Write("marshaling.py", """
            def handler(event, context):
                return {"when": object()}
            """);
        await _h.DefineAsync("marshal", "python", "marshaling.handler");

        var error = (await _h.InvokeAsync("marshal")).Error!;

        Assert.Equal("Runtime.MarshalError", error.ErrorType);
        Assert.StartsWith("Unable to marshal response: ", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_run_concurrently_up_to_the_functions_concurrency()
    {
        // Each invocation waits until the other has started: only two concurrent workers can finish.
        var dir = Path.Combine(_h.Code, "barrier");
        Directory.CreateDirectory(dir);
        _h.Write("barrier.py", $$"""
            import os, time
            def handler(event, context):
                open(os.path.join({{System.Text.Json.JsonSerializer.Serialize(dir)}}, str(os.getpid())), "w").close()
                while len(os.listdir({{System.Text.Json.JsonSerializer.Serialize(dir)}})) < 2:
                    if context.get_remaining_time_in_millis() < 100:
                        return "alone"
                    time.sleep(0.01)
                return "together"
            """);
        await _h.DefineAsync("barrier", "python", "barrier.handler", timeout: 10, concurrency: 2);

        var results = await Task.WhenAll(_h.PayloadAsync("barrier"), _h.PayloadAsync("barrier"));

        Assert.All(results, r => Assert.Equal("together", (string)r!));
    }

    [Fact]
    public async Task An_invocation_that_finds_every_worker_busy_until_its_deadline_is_throttled()
    {
        _h.Write("slow.py", """
            import time
            def handler(event, context):
                time.sleep(event["sleep"])
                return "done"
            """);
        await _h.DefineAsync("slow", "python", "slow.handler", timeout: 1, concurrency: 1);

        var hang = _h.InvokeAsync("slow", """{"sleep": 30}""");
        while (_h.Python.WorkerProcessIds.Count == 0)
        {
            await Task.Delay(10);
        }

        // Its deadline comes before the first invocation's, so the one worker is still busy when it passes.
        var throttled = await _h.InvokeAsync("slow", """{"sleep": 0}""", TimeSpan.FromMilliseconds(500));

        Assert.Equal(FunctionFailure.Throttled, throttled.Error!.Kind);
        Assert.Equal(FunctionFailure.Timeout, (await hang).Error!.Kind);
    }

    [Fact]
    public async Task Redefining_a_function_stops_its_warm_workers()
    {
        _h.Write("state.py", """
            import os
            count = 0
            def handler(event, context):
                global count
                count += 1
                return {"count": count, "pid": os.getpid(), "v": os.environ.get("V")}
            """);
        await _h.DefineAsync("state", "python", "state.handler", environment: new() { ["V"] = "1" });
        await _h.PayloadAsync("state");
        var old = (await _h.PayloadAsync("state"))!;
        Assert.Equal(2, (int)old["count"]!);

        await _h.DefineAsync("state", "python", "state.handler", environment: new() { ["V"] = "2" });
        var fresh = (await _h.PayloadAsync("state"))!;

        Assert.Equal(1, (int)fresh["count"]!);
        Assert.Equal("2", (string)fresh["v"]!);
        await FunctionHarness.AssertGoneAsync((int)old["pid"]!);

        _h.Python.Evict("state");
        await FunctionHarness.AssertGoneAsync((int)fresh["pid"]!);
    }

    [Fact]
    public async Task Disposing_the_runtime_stops_every_worker()
    {
        _h.Write("pid.py", """
            import os
            def handler(event, context):
                return os.getpid()
            """);
        await _h.DefineAsync("pid", "python", "pid.handler", concurrency: 3);
        var pids = (await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _h.PayloadAsync("pid")))).Select(p => (int)p!).ToList();
        Assert.All(pids, pid => Assert.True(FunctionHarness.IsRunning(pid)));

        await _h.Python.DisposeAsync();

        Assert.All(pids, pid => Assert.False(FunctionHarness.IsRunning(pid)));
        Assert.Equal(FunctionFailure.Crashed, (await _h.InvokeAsync("pid")).Error!.Kind);
    }
}
