using System.Security.Cryptography;
using System.Text;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.OAuth;

/// <summary>
/// The client a request to the token or revocation endpoint names. <see cref="UsedBasic"/> says the credentials came
/// in an HTTP Basic header rather than the form; <see cref="Domain"/> is the pool domain the request was sent to, if any.
/// </summary>
public sealed record ClientCredentials(string? ClientId, string? ClientSecret, bool UsedBasic, string? Domain = null);

/// <summary>
/// client_secret_basic, client_secret_post, or none for a public client (RFC 6749 2.3), as the token and revocation
/// endpoints check it. Every failure is the same <c>invalid_client</c>, so nothing tells which part was wrong.
/// </summary>
public static class ClientAuthentication
{
    /// <summary>The authenticated client, of the request's pool domain when it came by one; else invalid_client.</summary>
    public static async Task<AppClient> AuthenticateAsync(IStoreSession session, ClientCredentials credentials, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(credentials.ClientId))
        {
            throw OAuthError.InvalidClient(credentials.UsedBasic);
        }

        var client = await session.GetClientAsync(credentials.ClientId, cancellationToken).ConfigureAwait(false);
        if (client is null || !SecretMatches(client, credentials.ClientSecret))
        {
            throw OAuthError.InvalidClient(credentials.UsedBasic);
        }

        // Sent to a pool's domain, the client must be of that pool, as each Cognito domain serves one pool.
        if (credentials.Domain is not null
            && (await UserPoolDomains.GetAsync(session, credentials.Domain, cancellationToken).ConfigureAwait(false))?.UserPoolId != client.UserPoolId)
        {
            throw OAuthError.InvalidClient(credentials.UsedBasic);
        }

        return client;
    }

    /// <summary>
    /// A client with a secret must present it (either one while a new secret is rotated in); one without must present
    /// none. Compared in constant time over equal lengths (hashes), so the time taken says nothing about how much of
    /// the secret was right.
    /// </summary>
    public static bool SecretMatches(AppClient client, string? secret)
    {
        if (client.ClientSecret is null || secret is null)
        {
            return client.ClientSecret is null && secret is null;
        }

        // Every secret (two while one is being rotated in), without stopping at a match.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var matched = false;
        foreach (var value in client.SecretValues())
        {
            matched |= CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value)), given);
        }

        return matched;
    }
}
