using Gatehouse.Core.Functions;

namespace Gatehouse.Core.Tests.Functions;

public sealed class NodeRuntimeTests : IAsyncLifetime
{
    private readonly FunctionHarness _h = new("http://localhost:4242");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task An_async_handler_gets_the_event_a_Lambda_context_and_Lambda_environment()
    {
        _h.Write("index.mjs", """
            export const handler = async (event, context) => ({
              event,
              awsRequestId: context.awsRequestId,
              functionName: context.functionName,
              functionVersion: context.functionVersion,
              arn: context.invokedFunctionArn,
              memory: context.memoryLimitInMB,
              remaining: context.getRemainingTimeInMillis(),
              waits: context.callbackWaitsForEmptyEventLoop,
              env: Object.fromEntries(["AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "LAMBDA_TASK_ROOT", "_HANDLER", "AWS_EXECUTION_ENV",
                "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "GREETING"].map((n) => [n, process.env[n]])),
            });
            """);
        await _h.DefineAsync("hello", "node", "index.handler", environment: new() { ["GREETING"] = "hi" });

        var payload = (await _h.PayloadAsync("hello", """{"a":1}"""))!;

        Assert.Equal("""{"a":1}""", payload["event"]!.ToJsonString());
        Assert.Matches("^[0-9a-f-]{36}$", (string)payload["awsRequestId"]!);
        Assert.Equal("hello", (string)payload["functionName"]!);
        Assert.Equal("$LATEST", (string)payload["functionVersion"]!);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:hello", (string)payload["arn"]!);
        Assert.Equal("128", (string)payload["memory"]!);
        Assert.InRange((int)payload["remaining"]!, 500, 3000);
        Assert.True((bool)payload["waits"]!);
        var env = payload["env"]!;
        Assert.Equal("hello", (string)env["AWS_LAMBDA_FUNCTION_NAME"]!);
        Assert.Equal("eu-west-1", (string)env["AWS_REGION"]!);
        Assert.Equal(_h.Code, (string)env["LAMBDA_TASK_ROOT"]!);
        Assert.Equal("index.handler", (string)env["_HANDLER"]!);
        Assert.StartsWith("AWS_Lambda_nodejs", (string)env["AWS_EXECUTION_ENV"]!);
        Assert.Equal("http://localhost:4242", (string)env["AWS_ENDPOINT_URL"]!);
        Assert.NotNull((string?)env["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("hi", (string)env["GREETING"]!);
    }

    [Fact]
    public async Task Callback_style_and_CommonJS_handlers_work_and_stay_warm()
    {
        _h.Write("cb.js", """
            let count = 0;
            exports.handler = (event, context, callback) => {
              count++;
              console.log('counting', count);
              process.stdout.write('written to stdout\n');
              if (event.fail) return callback(new TypeError('bad input'));
              setTimeout(() => callback(null, { count, pid: process.pid }), 5);
            };
            """);
        await _h.DefineAsync("cb", "node", "cb.handler");

        var first = (await _h.PayloadAsync("cb"))!;
        var second = (await _h.PayloadAsync("cb"))!;
        var error = (await _h.InvokeAsync("cb", """{"fail":true}""")).Error!;

        Assert.Equal(1, (int)first["count"]!);
        Assert.Equal(2, (int)second["count"]!);
        Assert.Equal((int)first["pid"]!, (int)second["pid"]!);
        Assert.Equal(FunctionFailure.Handled, error.Kind);
        Assert.Equal("TypeError", error.ErrorType);
        Assert.Equal("bad input", error.ErrorMessage);
        Assert.Equal("TypeError: bad input", error.StackTrace![0]);
        await _h.AssertLoggedAsync(l => l.StartsWith("cb RequestId: ", StringComparison.Ordinal) && l.EndsWith(" counting 2", StringComparison.Ordinal));
        await _h.AssertLoggedAsync(l => l.EndsWith(" written to stdout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_thrown_error_comes_back_in_Lambdas_error_shape()
    {
        _h.Write("index.js", """
            exports.handler = async () => { throw new RangeError('too far'); };
            exports.str = async () => { throw 'just a string'; };
            """);
        await _h.DefineAsync("throws", "node", "index.handler");
        await _h.DefineAsync("str", "node", "index.str");

        var error = (await _h.InvokeAsync("throws")).Error!;
        var stringError = (await _h.InvokeAsync("str")).Error!;

        Assert.Equal(FunctionFailure.Handled, error.Kind);
        Assert.Equal("RangeError", error.ErrorType);
        Assert.Equal("too far", error.ErrorMessage);
        Assert.Contains(error.StackTrace!, l => l.Contains("index.js", StringComparison.Ordinal));
        Assert.Equal("string", stringError.ErrorType);
        Assert.Equal("just a string", stringError.ErrorMessage);
    }

    [Theory]
    [InlineData("exports.handler = async () => 1;", "missing.handler", "Runtime.ImportModuleError", "Error: Cannot find module 'missing'")]
    [InlineData("exports.handler = async () => 1;", "index.other", "Runtime.HandlerNotFound", "index.other is undefined or not exported")]
    [InlineData("exports.handler = async () => { return 1 ", "index.handler", "Runtime.UserCodeSyntaxError", "SyntaxError: ")]
    [InlineData("require('not-a-package'); exports.handler = async () => 1;", "index.handler", "Runtime.ImportModuleError", "Error: Cannot find module 'not-a-package'")]
    public async Task A_handler_that_cannot_load_answers_Lambdas_init_errors(string code, string handler, string errorType, string message)
    {
        _h.Write("index.js", code);
        await _h.DefineAsync("broken", "node", handler);

        var error = (await _h.InvokeAsync("broken")).Error!;

        Assert.Equal(FunctionFailure.Handled, error.Kind);
        Assert.Equal(errorType, error.ErrorType);
        Assert.StartsWith(message, error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_h.Node.WorkerProcessIds);
    }

    [Fact]
    public async Task Process_exit_is_a_crash_and_the_worker_is_replaced()
    {
        _h.Write("index.js", """
            exports.handler = async (event) => { if (event.die) process.exit(2); return process.pid; };
            """);
        await _h.DefineAsync("exit", "node", "index.handler");
        var before = (int)(await _h.PayloadAsync("exit"))!;

        var error = (await _h.InvokeAsync("exit", """{"die":true}""")).Error!;

        Assert.Equal(FunctionFailure.Crashed, error.Kind);
        Assert.EndsWith("Runtime exited with error: exit status 2", error.ErrorMessage, StringComparison.Ordinal);
        Assert.NotEqual(before, (int)(await _h.PayloadAsync("exit"))!);
    }

    [Fact]
    public async Task Garbage_written_to_the_protocol_channel_is_an_invalid_response_and_kills_the_worker()
    {
        _h.Write("index.js", """
            const fs = require('fs');
            exports.handler = async (event) => { if (event.junk) fs.writeSync(1, 'junk that is not a frame'); return process.pid; };
            """);
        await _h.DefineAsync("junk", "node", "index.handler");
        var before = (int)(await _h.PayloadAsync("junk"))!;

        var error = (await _h.InvokeAsync("junk", """{"junk":true}""")).Error!;

        Assert.Equal(FunctionFailure.InvalidResponse, error.Kind);
        Assert.Equal("Runtime.InvalidResponse", error.ErrorType);
        await FunctionHarness.AssertGoneAsync(before);
        Assert.NotEqual(before, (int)(await _h.PayloadAsync("junk"))!);
    }

    [Fact]
    public async Task A_hang_times_out_and_a_huge_result_is_refused()
    {
        _h.Write("index.js", """
            exports.hang = () => new Promise(() => {});
            exports.big = async () => 'x'.repeat(7 * 1024 * 1024);
            """);
        await _h.DefineAsync("hang", "node", "index.hang", timeout: 1);
        await _h.DefineAsync("big", "node", "index.big");

        var hang = (await _h.InvokeAsync("hang")).Error!;
        var big = (await _h.InvokeAsync("big")).Error!;

        Assert.Equal(FunctionFailure.Timeout, hang.Kind);
        Assert.Equal(FunctionFailure.InvalidResponse, big.Kind);
        Assert.Equal("Function.ResponseSizeTooLarge", big.ErrorType);
        Assert.Empty(_h.Node.WorkerProcessIds);
    }
}
