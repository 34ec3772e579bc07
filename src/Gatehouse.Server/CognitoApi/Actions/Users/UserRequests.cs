using Gatehouse.Core;
using Gatehouse.Server.CognitoApi.Actions.Pools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

/// <summary>The members that name one user of one pool, shared by the Admin* user actions.</summary>
internal class AdminUserRequest
{
    public string? UserPoolId { get; set; }
    public string? Username { get; set; }

    public void Validate()
    {
        UserPoolIdRequest.Validate(UserPoolId);
        ValidateUsername(Username);
    }

    public static void ValidateUsername(string? username, string member = "username") =>
        new Validation().Required(username, member).Length(username, 1, 128, member).Pattern(username, Patterns.Username(), member).ThrowIfAny();

    public static void ValidateClientId(string? clientId) =>
        new Validation().Required(clientId, "clientId").Length(clientId, 1, 128, "clientId").Pattern(clientId, Patterns.ClientId(), "clientId").ThrowIfAny();

    public static void ValidatePassword(string? password, string member = "password") =>
        new Validation().Required(password, member).Length(password, 1, 256, member, sensitive: true).Pattern(password, Patterns.Password(), member, sensitive: true).ThrowIfAny();

    public static void ValidateCode(string? code, string member = "confirmationCode") =>
        new Validation().Required(code, member).Length(code, 1, 2048, member).Pattern(code, Patterns.Code(), member).ThrowIfAny();
}

/// <summary>The members of the self-service actions that name a client and a user.</summary>
internal class ClientUserRequest
{
    public string? ClientId { get; set; }
    public string? SecretHash { get; set; }
    public string? Username { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }

    public void Validate()
    {
        AdminUserRequest.ValidateClientId(ClientId);
        AdminUserRequest.ValidateUsername(Username);
        new Validation().Length(SecretHash, 1, 128, "secretHash").ThrowIfAny();
    }
}
