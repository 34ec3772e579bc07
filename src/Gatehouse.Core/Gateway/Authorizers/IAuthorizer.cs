namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// One configured authorizer of a deployed API: a request goes in, <see cref="AuthorizerAllow"/> or
/// <see cref="AuthorizerDeny"/> comes out. Built once per deployment snapshot and shared by every request and method
/// that uses it; implementations are thread-safe.
/// </summary>
public interface IAuthorizer
{
    /// <summary>
    /// Decides on <paramref name="request"/> for a method that asks <paramref name="requirements"/>. Completes
    /// synchronously (no allocation) for a token seen before.
    /// </summary>
    ValueTask<AuthorizerDecision> AuthorizeAsync(GatewayRequest request, AuthorizationRequirements requirements, CancellationToken cancellationToken);
}
