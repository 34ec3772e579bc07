namespace Gatehouse.Core;

/// <summary>
/// An error of the Cognito User Pools API, rendered as <c>{"__type": Type, "message": Message}</c>.
/// <see cref="Type"/> is AWS's exception name, for example <c>NotAuthorizedException</c>.
/// </summary>
public sealed class CognitoException(string type, string message) : Exception(message)
{
    /// <summary>AWS's exception name, without a namespace prefix.</summary>
    public string Type { get; } = type;

    /// <summary>HTTP status: 500 only for <c>InternalErrorException</c>, else 400.</summary>
    public int StatusCode => Type == "InternalErrorException" ? 500 : 400;

    public static CognitoException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static CognitoException NotAuthorized(string message) => new("NotAuthorizedException", message);

    public static CognitoException ResourceNotFound(string message) => new("ResourceNotFoundException", message);

    public static CognitoException UserNotFound() => new("UserNotFoundException", "User does not exist.");

    public static CognitoException IncorrectCredentials() => NotAuthorized("Incorrect username or password.");

    public static CognitoException PoolNotFound(string poolId) =>
        ResourceNotFound($"User pool {poolId} does not exist.");

    public static CognitoException ClientNotFound(string clientId) =>
        ResourceNotFound($"User pool client {clientId} does not exist.");
}
