using System.Text.Json;

namespace Gatehouse.Core.UserPools;

/// <summary>An app client, shaped as AWS's <c>UserPoolClientType</c>.</summary>
public sealed class AppClient
{
    public string? UserPoolId { get; set; }
    public string? ClientName { get; set; }
    public string ClientId { get; set; } = "";
    public string? ClientSecret { get; set; }
    public DateTimeOffset? LastModifiedDate { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public int? RefreshTokenValidity { get; set; }
    public int? AccessTokenValidity { get; set; }
    public int? IdTokenValidity { get; set; }
    public TokenValidityUnits? TokenValidityUnits { get; set; }
    public List<string>? ReadAttributes { get; set; }
    public List<string>? WriteAttributes { get; set; }
    public List<string>? ExplicitAuthFlows { get; set; }
    public List<string>? SupportedIdentityProviders { get; set; }
    public List<string>? CallbackURLs { get; set; }
    public List<string>? LogoutURLs { get; set; }
    public string? DefaultRedirectURI { get; set; }
    public List<string>? AllowedOAuthFlows { get; set; }
    public List<string>? AllowedOAuthScopes { get; set; }
    public bool? AllowedOAuthFlowsUserPoolClient { get; set; }
    public JsonElement? AnalyticsConfiguration { get; set; }
    public string? PreventUserExistenceErrors { get; set; }
    public bool? EnableTokenRevocation { get; set; }
    public bool? EnablePropagateAdditionalUserContextData { get; set; }
    public int? AuthSessionValidity { get; set; }
    public JsonElement? RefreshTokenRotation { get; set; }

    /// <summary>
    /// Gatehouse's own, never in a response: every secret of a client that has had AddUserPoolClientSecret, oldest
    /// first, the first being <see cref="ClientSecret"/>. Null until the client's first AddUserPoolClientSecret.
    /// </summary>
    public List<ClientSecretEntry>? SecretRotation { get; set; }

    public bool HidesUserExistence => PreventUserExistenceErrors == "ENABLED";

    /// <summary>The values of <see cref="Secrets"/>, without making their ids: what checking a secret needs.</summary>
    public IEnumerable<string> SecretValues() =>
        Rotating ? SecretRotation!.Select(entry => entry.Value) : ClientSecret is null ? [] : [ClientSecret];

    /// <summary>
    /// The secrets that authenticate this client, oldest first: <see cref="SecretRotation"/> while its first entry is
    /// still <see cref="ClientSecret"/> (a secret set another way, such as the config file, ends a rotation), else the
    /// one secret, whose id is made from the client's creation date as Cognito's are.
    /// </summary>
    public IReadOnlyList<ClientSecretEntry> Secrets()
    {
        if (Rotating)
        {
            return SecretRotation!;
        }

        if (ClientSecret is null)
        {
            return [];
        }

        var created = CreationDate ?? DateTimeOffset.UnixEpoch;
        return [new ClientSecretEntry { Id = ClientSecretEntry.IdOf(ClientId, created), Value = ClientSecret, Created = created }];
    }

    private bool Rotating => ClientSecret is not null && SecretRotation is [var first, ..] && first.Value == ClientSecret;
}

/// <summary>One of an app client's secrets, as ListUserPoolClientSecrets describes it, with its value.</summary>
public sealed class ClientSecretEntry
{
    /// <summary><c>{clientId}--{creation time in epoch milliseconds}</c>, the format Cognito documents.</summary>
    public string Id { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTimeOffset Created { get; set; }

    public static string IdOf(string clientId, DateTimeOffset created) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{clientId}--{created.ToUnixTimeMilliseconds()}");
}

public sealed class TokenValidityUnits
{
    public string? AccessToken { get; set; }
    public string? IdToken { get; set; }
    public string? RefreshToken { get; set; }
}
