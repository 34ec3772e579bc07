using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Functions;

/// <summary>
/// The one way Gatehouse calls a function: resolves a name or ARN (<see cref="FunctionArn"/>) to the registered
/// function, runs it on its runtime under its timeout, and returns the result or a <see cref="FunctionError"/>. It
/// never throws for anything the function does; only the caller's own cancellation escapes.
/// </summary>
public sealed partial class FunctionInvoker(
    FunctionRegistry registry, IEnumerable<IFunctionRuntime> runtimes, IdGenerator ids, TimeProvider time, ILogger<FunctionInvoker> logger)
{
    /// <summary>Lambda's largest synchronous response.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private readonly Dictionary<string, IFunctionRuntime> _runtimes = runtimes.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>
    /// Invokes the function <paramref name="reference"/> names with <paramref name="eventJson"/>.
    /// </summary>
    /// <param name="reference">A name, a Lambda ARN or an API Gateway Lambda integration URI.</param>
    /// <param name="eventJson">The event as UTF-8 JSON.</param>
    /// <param name="region">The region the caller is in, for <c>invoked_function_arn</c> and <c>AWS_REGION</c>.</param>
    /// <param name="accountId">The account the ARNs carry.</param>
    /// <param name="timeoutCap">
    /// A caller's own limit below the function's timeout: 5 s for Cognito triggers, 29 s for the gateway. The
    /// shorter of the two applies.
    /// </param>
    /// <param name="cancellationToken">The caller's cancellation; when it fires the invocation is abandoned.</param>
    public async Task<FunctionResult> InvokeAsync(
        string reference, ReadOnlyMemory<byte> eventJson, string region, string accountId, TimeSpan? timeoutCap, CancellationToken cancellationToken)
    {
        var name = FunctionArn.NameOf(reference);
        var function = name is null ? null : await registry.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (function is null)
        {
            return FunctionResult.Failure(new FunctionError(
                FunctionFailure.NotFound, "ResourceNotFoundException", $"Function not found: {reference}"));
        }

        if (!_runtimes.TryGetValue(function.Runtime, out var runtime))
        {
            return FunctionResult.Failure(new FunctionError(
                FunctionFailure.Crashed, "Runtime.InvalidRuntime", $"The runtime '{function.Runtime}' is not available."));
        }

        var timeout = function.TimeoutSpan;
        if (timeoutCap is { } cap && cap < timeout)
        {
            timeout = cap;
        }

        var requestId = ids.NewUuid();
        var invocation = new FunctionInvocation(requestId, eventJson, time.GetUtcNow() + timeout, FunctionArn.For(region, accountId, function.Name));
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        LogStart(logger, function.Name, requestId);
        var started = time.GetTimestamp();
        FunctionResult result;
        try
        {
            result = await runtime.InvokeAsync(function, invocation, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            result = FunctionResult.Failure(TimedOut(requestId, timeout));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A runtime's own bug must not turn into the caller's 500 page, nor take the server down.
            LogRuntimeFault(logger, e, function.Name, requestId);
            result = FunctionResult.Failure(new FunctionError(FunctionFailure.Crashed, "Runtime.Unknown", "The function's runtime failed."));
        }

        if (result.Payload is { Length: > MaxResponseBytes } payload)
        {
            result = FunctionResult.Failure(new FunctionError(
                FunctionFailure.InvalidResponse, "Function.ResponseSizeTooLarge", $"Response payload size ({payload.Length} bytes) exceeded maximum allowed payload size ({MaxResponseBytes} bytes)."));
        }

        var elapsed = time.GetElapsedTime(started).TotalMilliseconds;
        if (result.Error is { } error)
        {
            LogFailed(logger, function.Name, requestId, elapsed, error.Kind, error.ErrorType, error.ErrorMessage);
        }
        else
        {
            LogEnd(logger, function.Name, requestId, elapsed);
        }

        return result;
    }

    /// <summary>Lambda's timeout error, as its runtimes report it.</summary>
    public static FunctionError TimedOut(string requestId, TimeSpan timeout) =>
        new(FunctionFailure.Timeout, "Sandbox.Timedout", $"{requestId} Task timed out after {timeout.TotalSeconds:0.00} seconds");

    [LoggerMessage(Level = LogLevel.Debug, Message = "START {Function} RequestId: {RequestId}")]
    private static partial void LogStart(ILogger logger, string function, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "END {Function} RequestId: {RequestId} Duration: {Elapsed:0.00} ms")]
    private static partial void LogEnd(ILogger logger, string function, string requestId, double elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "END {Function} RequestId: {RequestId} Duration: {Elapsed:0.00} ms failed ({Kind}): {ErrorType}: {ErrorMessage}")]
    private static partial void LogFailed(ILogger logger, string function, string requestId, double elapsed, FunctionFailure kind, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Error, Message = "The runtime of {Function} failed on RequestId: {RequestId}")]
    private static partial void LogRuntimeFault(ILogger logger, Exception exception, string function, string requestId);
}
