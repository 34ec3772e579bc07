using System.Security.Cryptography;
using System.Text;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// Cognito's SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)), required from every
/// caller of a client that has a secret.
/// </summary>
public static class SecretHash
{
    public static string Compute(string clientSecret, string username, string clientId)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(clientSecret), Encoding.UTF8.GetBytes(username + clientId));
        return Convert.ToBase64String(mac);
    }

    /// <summary>
    /// Throws NotAuthorizedException unless <paramref name="secretHash"/> matches one of the names the user may
    /// be known by. Clients without a secret accept anything, as in Cognito.
    /// </summary>
    public static void Check(AppClient client, string? secretHash, params ReadOnlySpan<string?> usernames)
    {
        if (client.ClientSecret is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(secretHash))
        {
            throw CognitoException.NotAuthorized($"Client {client.ClientId} is configured for secret but secret was not received");
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(secretHash);
        }
        catch (FormatException)
        {
            throw Mismatch(client);
        }

        // Every secret (two while one is being rotated in) against every name, without stopping at a match.
        var matched = false;
        foreach (var secret in client.SecretValues())
        {
            foreach (var username in usernames)
            {
                if (username is null)
                {
                    continue;
                }

                var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username + client.ClientId));
                matched |= CryptographicOperations.FixedTimeEquals(expected, given);
            }
        }

        if (!matched)
        {
            throw Mismatch(client);
        }
    }

    private static CognitoException Mismatch(AppClient client) =>
        CognitoException.NotAuthorized($"Unable to verify secret hash for client {client.ClientId}");
}
