using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

/// <summary>
/// The MFA_SETUP session that AssociateSoftwareToken and VerifySoftwareToken accept instead of an access token while
/// a user sets up TOTP during sign-in. These calls carry no ClientId: the session names the pool, client and user.
/// </summary>
internal static partial class MfaSetup
{
    public const string Challenge = "MFA_SETUP";

    /// <summary>The private session entry counting wrong codes, and how many a session survives.</summary>
    public const string AttemptsKey = "totpAttempts";
    public const int MaxAttempts = 3;

    public static CognitoException Expired() => CognitoException.NotAuthorized("Invalid session for the user, session is expired.");

    public static CognitoException CodeMismatch() => new("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");

    /// <summary>Exactly one of AccessToken and Session, each within AWS's model constraints.</summary>
    public static void ValidateCredentials(string? accessToken, string? session)
    {
        new Validation()
            .Pattern(accessToken, Patterns.Code(), "accessToken", sensitive: true)
            .Length(session, 20, 2048, "session", sensitive: true)
            .ThrowIfAny();
        if ((accessToken is null) == (session is null))
        {
            throw CognitoException.InvalidParameter("Exactly one of AccessToken and Session must be provided.");
        }
    }

    /// <summary>The session's user and client; a session whose user or client is gone is as expired as a stale one.</summary>
    public static async Task<(OpenAuthSession Found, User User, AppClient Client)> OpenAsync(
        IStoreSession session, AuthSessions sessions, string token, CancellationToken cancellationToken)
    {
        var found = await sessions.FindAsync(session, token, Challenge, cancellationToken).ConfigureAwait(false) ?? throw Expired();
        var user = await session.GetUserAsync(found.PoolId, found.Data.UserKey, cancellationToken).ConfigureAwait(false);
        var client = found.ClientId is null ? null : await session.GetClientAsync(found.ClientId, cancellationToken).ConfigureAwait(false);
        if (user is null || client is null || !user.Enabled)
        {
            throw Expired();
        }

        return (found, user, client);
    }

    /// <summary>The session's data for its successor: the same, without the wrong-code count, plus <paramref name="extra"/>.</summary>
    public static AuthSessionData Successor(AuthSessionData data, (string Key, string Value)? extra = null)
    {
        var copy = new Dictionary<string, string>(data.Private ?? [], StringComparer.Ordinal);
        copy.Remove(AttemptsKey);
        if (extra is { } pair)
        {
            copy[pair.Key] = pair.Value;
        }

        return data with { Private = copy.Count == 0 ? null : copy };
    }

    [GeneratedRegex(@"^[0-9]+\z")]
    public static partial Regex UserCode();
}
