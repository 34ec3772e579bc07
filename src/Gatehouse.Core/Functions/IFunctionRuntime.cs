namespace Gatehouse.Core.Functions;

/// <summary>
/// Runs functions of one kind (<c>python</c>, <c>node</c>, <c>url</c>, <c>command</c>): an event goes in, a result
/// or a function error comes out. Implementations are thread-safe singletons; they never throw for anything the
/// function did (a crash, a hang, garbage on stdout), only return <see cref="FunctionResult.Failure"/>.
/// </summary>
public interface IFunctionRuntime
{
    /// <summary>The <see cref="FunctionDefinition.Runtime"/> value this runtime serves.</summary>
    string Name { get; }

    /// <summary>
    /// Invokes <paramref name="function"/> once. <paramref name="cancellationToken"/> fires at the function's timeout
    /// or when the caller goes away; the runtime then stops the invocation (killing its worker when it must) and
    /// returns promptly.
    /// </summary>
    Task<FunctionResult> InvokeAsync(FunctionDefinition function, FunctionInvocation invocation, CancellationToken cancellationToken);

    /// <summary>Drops whatever is kept warm for <paramref name="name"/>: it was redefined or deleted.</summary>
    void Evict(string name);
}

/// <summary>One invocation.</summary>
/// <param name="RequestId">The Lambda request id (<c>context.aws_request_id</c>), a UUID.</param>
/// <param name="Event">The event, as UTF-8 JSON.</param>
/// <param name="Deadline">When the invocation times out (<c>get_remaining_time_in_millis()</c> counts down to it).</param>
/// <param name="FunctionArn">The invoked ARN (<c>context.invoked_function_arn</c>).</param>
public sealed record FunctionInvocation(string RequestId, ReadOnlyMemory<byte> Event, DateTimeOffset Deadline, string FunctionArn);
