namespace Gatehouse.Core.Functions;

/// <summary>
/// What one invocation gave back: the handler's return value as JSON (<see cref="Payload"/>), or an
/// <see cref="Error"/>. Each caller maps an error to its own documented answer (the gateway's 502/500, Cognito's
/// UserLambdaValidationException or UnexpectedLambdaException).
/// </summary>
public sealed class FunctionResult
{
    private FunctionResult(byte[]? payload, FunctionError? error)
    {
        Payload = payload;
        Error = error;
    }

    /// <summary>The handler's result, serialized as JSON (<c>null</c> when it returned nothing); null on error.</summary>
    public byte[]? Payload { get; }

    public FunctionError? Error { get; }

    public bool Succeeded => Error is null;

    public static FunctionResult Success(byte[] payload) => new(payload, null);

    public static FunctionResult Failure(FunctionError error) => new(null, error);
}

/// <summary>How an invocation failed.</summary>
public enum FunctionFailure
{
    /// <summary>The handler raised or threw: Lambda's <c>X-Amz-Function-Error: Unhandled</c> with the handler's own error.</summary>
    Handled,

    /// <summary>No function of that name is registered.</summary>
    NotFound,

    /// <summary>The function ran past its timeout; its worker was killed.</summary>
    Timeout,

    /// <summary>The worker process died, could not start, or the url did not answer.</summary>
    Crashed,

    /// <summary>The function answered something that is not a JSON result, or one larger than Lambda's 6 MB.</summary>
    InvalidResponse,

    /// <summary>Every worker was busy and the wait for one outlasted the timeout (Lambda's TooManyRequestsException).</summary>
    Throttled,
}

/// <summary>
/// A failed invocation in Lambda's shape: <c>{"errorMessage","errorType","stackTrace"}</c>.
/// </summary>
/// <param name="Kind">What went wrong, for callers that answer differently (a timeout is not a handler error).</param>
/// <param name="ErrorType">The exception's type (<c>KeyError</c>, <c>Error</c>) or Lambda's (<c>Sandbox.Timedout</c>, <c>Runtime.ExitError</c>).</param>
/// <param name="ErrorMessage">The exception's message; Cognito quotes it in UserLambdaValidationException.</param>
/// <param name="StackTrace">The handler's stack, when it had one.</param>
public sealed record FunctionError(FunctionFailure Kind, string ErrorType, string ErrorMessage, IReadOnlyList<string>? StackTrace = null);
