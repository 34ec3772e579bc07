using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.OAuth;

/// <summary>The parameters of <c>/oauth2/authorize</c> (and of the hosted pages it leads to), as sent.</summary>
public sealed record AuthorizeParameters(
    string? ResponseType,
    string? ClientId,
    string? RedirectUri,
    string? State = null,
    string? Scope = null,
    string? Nonce = null,
    string? CodeChallenge = null,
    string? CodeChallengeMethod = null);

/// <summary>An authorization request that passed every check: the pool, the client and the scopes it is granted.</summary>
public sealed record ValidAuthorization(
    UserPool Pool,
    AppClient Client,
    string ResponseType,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string? State,
    string? Nonce,
    string? CodeChallenge);

/// <summary>
/// What an authorization code remembers until it is exchanged at the token endpoint. <see cref="Sub"/> is the user's, so
/// that a user deleted and created again under the same name in the meantime does not receive the old one's tokens.
/// </summary>
public sealed record AuthorizationCodeData(
    string RedirectUri, IReadOnlyList<string> Scopes, string? Nonce, string? CodeChallenge, DateTimeOffset AuthTime, string? Sub = null);

/// <summary>Where an authorization sends the browser: a code's redirect, or the implicit grant's tokens still to issue.</summary>
public sealed record AuthorizationRedirect(string? Location, PendingTokens? Implicit, ValidAuthorization Authorization);

/// <summary>
/// The authorization code and implicit grants: checks an authorize request against the client's OAuth settings, and
/// completes it for a signed-in user with a single-use code (5 minutes) or, for the implicit grant, tokens in the
/// redirect's fragment.
/// </summary>
public sealed class Authorizations(TokenIssuer issuer, RefreshTokens refreshTokens, IdGenerator ids, TimeProvider time)
{
    /// <summary>How long an authorization code can be exchanged, as in Cognito.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    private const string CodeKind = "authcode";

    /// <summary>
    /// Checks the request in Cognito's order. An unknown client or an unregistered <c>redirect_uri</c> is an
    /// <see cref="AuthorizeError"/> without a redirect; every later failure redirects back to the client.
    /// <paramref name="domain"/> is the pool domain the request was sent to, when it came by a domain's host name.
    /// </summary>
    public static async Task<ValidAuthorization> ValidateAsync(
        IStoreSession session, AuthorizeParameters parameters, string? domain, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(parameters.ClientId))
        {
            throw new AuthorizeError("invalid_request");
        }

        var client = await session.GetClientAsync(parameters.ClientId, cancellationToken).ConfigureAwait(false);
        var pool = client is null ? null : await session.GetPoolAsync(client.UserPoolId!, cancellationToken).ConfigureAwait(false);
        if (client is null || pool is null
            || (domain is not null && (await UserPoolDomains.GetAsync(session, domain, cancellationToken).ConfigureAwait(false))?.UserPoolId != pool.Id))
        {
            throw new AuthorizeError("invalid_request", clientId: parameters.ClientId);
        }

        var redirectUri = parameters.RedirectUri;
        if (string.IsNullOrEmpty(redirectUri) || client.CallbackURLs?.Contains(redirectUri, StringComparer.Ordinal) != true)
        {
            throw new AuthorizeError("redirect_mismatch", clientId: client.ClientId);
        }

        AuthorizeError Refuse(string error) => new(error, redirectUri, parameters.State, client.ClientId);

        if (string.IsNullOrEmpty(parameters.ResponseType))
        {
            throw Refuse("invalid_request");
        }

        var flow = parameters.ResponseType switch
        {
            "code" => "code",
            "token" => "implicit",
            _ => throw Refuse("unsupported_response_type"),
        };
        if (client.AllowedOAuthFlowsUserPoolClient != true || client.AllowedOAuthFlows?.Contains(flow, StringComparer.Ordinal) != true
            || client.SupportedIdentityProviders?.Contains("COGNITO", StringComparer.Ordinal) != true)
        {
            throw Refuse("unauthorized_client");
        }

        var scopes = await GrantedScopesAsync(session, client, parameters.Scope, cancellationToken).ConfigureAwait(false)
            ?? throw Refuse("invalid_scope");

        string? challenge = null;
        if (flow == "code")
        {
            challenge = parameters.CodeChallenge;
            if (challenge is null ? parameters.CodeChallengeMethod is not null || client.ClientSecret is null
                : parameters.CodeChallengeMethod != "S256" || !IsPkceValue(challenge))
            {
                throw Refuse("invalid_request");
            }
        }

        return new ValidAuthorization(pool, client, parameters.ResponseType, redirectUri, scopes, parameters.State, parameters.Nonce, challenge);
    }

    /// <summary>
    /// Completes the request for a user who is signed in (since <paramref name="authTime"/>). Runs in a write session,
    /// which the caller commits and closes before <see cref="RedirectAsync"/> gives the URL to send the browser to: the
    /// implicit grant's tokens are issued only then, after PreTokenGeneration (which may call back into Gatehouse).
    /// </summary>
    public async Task<AuthorizationRedirect> CompleteAsync(
        IStoreSession session, ValidAuthorization authorization, User user, DateTimeOffset authTime, CancellationToken cancellationToken)
    {
        var client = authorization.Client;
        if (authorization.ResponseType == "code")
        {
            var code = ids.NewUuid();
            var data = new AuthorizationCodeData(
                authorization.RedirectUri, authorization.Scopes, authorization.Nonce, authorization.CodeChallenge, authTime, user.Sub);
            await session.SaveGrantAsync(
                new Grant
                {
                    Kind = CodeKind,
                    Id = Grant.HashOf(code),
                    PoolId = authorization.Pool.Id,
                    ClientId = client.ClientId,
                    UserKey = user.Key,
                    Data = JsonSerializer.Serialize(data, OAuthJson.Default.AuthorizationCodeData),
                    ExpiresAt = time.GetUtcNow() + CodeLifetime,
                },
                cancellationToken).ConfigureAwait(false);
            return new AuthorizationRedirect(Query.Append(authorization.RedirectUri, ("code", code), ("state", authorization.State)), null, authorization);
        }

        // The implicit grant: no refresh token, as in Cognito, and the tokens travel in the fragment.
        var groups = await session.ListGroupsForUserAsync(authorization.Pool.Id, user.Key, null, 1000, cancellationToken).ConfigureAwait(false);
        var pending = new PendingTokens(
            authorization.Pool, client, user, groups, new AuthEvent(ids.NewUuid(), ids.NewUuid(), authTime), "TokenGeneration_HostedAuth", false,
            new OAuthGrantContext(authorization.Scopes, authorization.Nonce));
        return new AuthorizationRedirect(null, pending, authorization);
    }

    /// <summary>
    /// The URL to redirect the browser to: the code's, or for the implicit grant the tokens in the fragment, issued
    /// now (call it with no write session open). A failing PreTokenGeneration trigger redirects with an error.
    /// </summary>
    public async Task<string> RedirectAsync(AuthorizationRedirect redirect, SignInTriggers triggers, CancellationToken cancellationToken)
    {
        if (redirect.Implicit is not { } pending)
        {
            return redirect.Location!;
        }

        var authorization = redirect.Authorization;
        IssuedTokens tokens;
        try
        {
            var custom = await triggers.PreTokenGenerationAsync(
                pending.Pool, pending.Client, pending.User, pending.Groups, pending.OAuth!.Scopes, pending.TriggerSource, null, cancellationToken).ConfigureAwait(false);
            tokens = await issuer.IssueAsync(pending.Pool, pending.Client, pending.User, pending.Groups, pending.Event, cancellationToken, pending.OAuth, custom)
                .ConfigureAwait(false);
        }
        catch (CognitoException e)
        {
            return authorization.RedirectUri + "#" + Query.Join(("error", "invalid_request"), ("error_description", e.Message), ("state", authorization.State));
        }

        var fragment = Query.Join(
            ("access_token", tokens.AccessToken),
            ("id_token", tokens.IdToken),
            ("token_type", "Bearer"),
            ("expires_in", tokens.ExpiresIn.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("state", authorization.State));
        return authorization.RedirectUri + "#" + fragment;
    }

    /// <summary>
    /// The authorization_code grant: the code is taken out of the store whatever happens next, so it can never be
    /// used twice; the redirect URI must be the one the code was issued for, and the PKCE verifier must match. Commits
    /// the session and returns the refresh token and the pending ID and access tokens, which the caller issues once the
    /// session is closed (PreTokenGeneration runs first, as TokenGeneration_HostedAuth).
    /// </summary>
    public async Task<(PendingTokens Pending, string RefreshToken)> ExchangeAsync(
        IStoreSession session, AppClient client, string? code, string? redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        if (client.AllowedOAuthFlowsUserPoolClient != true || client.AllowedOAuthFlows?.Contains("code", StringComparer.Ordinal) != true)
        {
            throw OAuthError.UnauthorizedClient();
        }

        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(redirectUri))
        {
            throw OAuthError.InvalidRequest();
        }

        var grant = code.Length > 128 ? null : await session.GetGrantAsync(CodeKind, Grant.HashOf(code), cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            throw OAuthError.InvalidGrant();
        }

        await session.DeleteGrantAsync(CodeKind, grant.Id, cancellationToken).ConfigureAwait(false);
        var data = JsonSerializer.Deserialize(grant.Data, OAuthJson.Default.AuthorizationCodeData)!;
        if (grant.ClientId != client.ClientId || grant.ExpiresAt <= time.GetUtcNow() || data.RedirectUri != redirectUri
            || (data.CodeChallenge is not null && !PkceMatches(data.CodeChallenge, codeVerifier)))
        {
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw OAuthError.InvalidGrant();
        }

        var pool = await session.GetPoolAsync(grant.PoolId, cancellationToken).ConfigureAwait(false);
        var user = pool is null ? null : await session.GetUserAsync(pool.Id, grant.UserKey!, cancellationToken).ConfigureAwait(false);
        if (pool is null || user is null || !user.Enabled || user.Sub != data.Sub)
        {
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw OAuthError.InvalidGrant();
        }

        var authEvent = new AuthEvent(ids.NewUuid(), ids.NewUuid(), data.AuthTime);
        var groups = await session.ListGroupsForUserAsync(pool.Id, user.Key, null, 1000, cancellationToken).ConfigureAwait(false);
        var refresh = await refreshTokens.IssueAsync(session, client, user.Key, user.Username, authEvent, cancellationToken, data.Scopes).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        var oauth = new OAuthGrantContext(data.Scopes, data.Nonce);
        return (new PendingTokens(pool, client, user, groups, authEvent, "TokenGeneration_HostedAuth", false, oauth), refresh);
    }

    /// <summary>
    /// The scopes granted: those asked for, or all the client's allowed scopes when none were; null when one is not
    /// allowed to the client or belongs to a resource server deleted since.
    /// </summary>
    private static async Task<IReadOnlyList<string>?> GrantedScopesAsync(
        IStoreSession session, AppClient client, string? scope, CancellationToken cancellationToken)
    {
        var allowed = client.AllowedOAuthScopes ?? [];
        var requested = string.IsNullOrWhiteSpace(scope)
            ? allowed
            : [.. scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
        if (requested.Count == 0 || requested.Any(s => !allowed.Contains(s, StringComparer.Ordinal)))
        {
            return null;
        }

        var custom = requested.Where(s => !OAuthScopes.Standard.Contains(s, StringComparer.Ordinal)).ToList();
        if (custom.Count > 0)
        {
            var existing = await ResourceServers.ScopeSetAsync(session, client.UserPoolId!, cancellationToken).ConfigureAwait(false);
            if (custom.Any(s => !existing.Contains(s)))
            {
                return null;
            }
        }

        return requested;
    }

    /// <summary>RFC 7636: a code challenge or verifier is 43 to 128 unreserved characters.</summary>
    private static bool IsPkceValue(string value) =>
        value.Length is >= 43 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    private static bool PkceMatches(string challenge, string? verifier)
    {
        if (verifier is null || !IsPkceValue(verifier))
        {
            return false;
        }

        var computed = Encoding.ASCII.GetBytes(IdGenerator.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(challenge));
    }
}

[JsonSerializable(typeof(AuthorizationCodeData))]
internal sealed partial class OAuthJson : JsonSerializerContext;
