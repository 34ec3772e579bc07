using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Messaging;
using Gatehouse.Core.Storage;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi;

/// <summary>What the Cognito actions share: the store, the clock, Core's services, and the lookups every action repeats.</summary>
internal sealed class CognitoServices(
    IGatehouseStore store,
    TimeProvider time,
    IdGenerator ids,
    GatehouseOptions options,
    PasswordHasher hasher,
    Outbox outbox,
    SigningKeys keys,
    TokenValidator validator,
    Authenticator authenticator,
    Codes codes,
    RefreshTokens refreshTokens,
    Core.Functions.CognitoTriggers triggers,
    Credentials credentials,
    SrpSignIn srp)
{
    public IGatehouseStore Store { get; } = store;
    public TimeProvider Time { get; } = time;
    public IdGenerator Ids { get; } = ids;
    public GatehouseOptions Options { get; } = options;
    public PasswordHasher Hasher { get; } = hasher;
    public SigningKeys Keys { get; } = keys;
    public Authenticator Authenticator { get; } = authenticator;
    public Codes Codes { get; } = codes;
    public RefreshTokens RefreshTokens { get; } = refreshTokens;
    public Core.Functions.CognitoTriggers Triggers { get; } = triggers;
    public Credentials Credentials { get; } = credentials;
    public SrpSignIn Srp { get; } = srp;

    public DateTimeOffset Now => Time.GetUtcNow();

    public Task<IStoreSession> WriteAsync(CognitoCall call) => Store.OpenAsync(write: true, call.CancellationToken);

    public Task<IStoreSession> ReadAsync(CognitoCall call) => Store.OpenAsync(write: false, call.CancellationToken);

    public static async Task<UserPool> PoolAsync(IStoreSession session, string poolId, CognitoCall call) =>
        await session.GetPoolAsync(poolId, call.CancellationToken).ConfigureAwait(false) ?? throw CognitoException.PoolNotFound(poolId);

    public static async Task<AppClient> ClientAsync(IStoreSession session, string clientId, CognitoCall call) =>
        await session.GetClientAsync(clientId, call.CancellationToken).ConfigureAwait(false) ?? throw CognitoException.ClientNotFound(clientId);

    /// <summary>A client of the given pool; a client of another pool is as unknown as a missing one.</summary>
    public static async Task<AppClient> ClientOfPoolAsync(IStoreSession session, string poolId, string clientId, CognitoCall call)
    {
        var client = await ClientAsync(session, clientId, call).ConfigureAwait(false);
        return client.UserPoolId == poolId ? client : throw CognitoException.ClientNotFound(clientId);
    }

    /// <summary>The pool and client of a self-service call, which names only the client.</summary>
    public static async Task<(UserPool Pool, AppClient Client)> PoolOfClientAsync(IStoreSession session, string clientId, CognitoCall call)
    {
        var client = await ClientAsync(session, clientId, call).ConfigureAwait(false);
        var pool = await session.GetPoolAsync(client.UserPoolId!, call.CancellationToken).ConfigureAwait(false) ?? throw CognitoException.ClientNotFound(clientId);
        return (pool, client);
    }

    /// <summary>
    /// The signed-in user behind an access token, with Cognito's errors for every way the token can be wrong.
    /// </summary>
    public async Task<SignedInUser> SignedInAsync(IStoreSession session, string? accessToken, CognitoCall call)
    {
        var check = await validator.CheckAsync(accessToken, "access", call.CancellationToken).ConfigureAwait(false);
        if (!check.IsValid)
        {
            throw CognitoException.NotAuthorized(check.Verdict switch
            {
                TokenVerdict.Expired => "Access Token has expired",
                TokenVerdict.Revoked => "Access Token has been revoked",
                _ => "Invalid Access Token",
            });
        }

        // A client_credentials token has no user and no admin scope; Cognito refuses it for the user's own actions.
        if (check.Claim("scope")?.Split(' ').Contains("aws.cognito.signin.user.admin") != true)
        {
            throw CognitoException.NotAuthorized("Access Token does not have required scopes");
        }

        var pool = await session.GetPoolAsync(check.PoolId!, call.CancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.NotAuthorized("Invalid Access Token");
        var user = await session.GetUserAsync(pool.Id, UserKeys.Username(pool, check.Claim("username") ?? ""), call.CancellationToken).ConfigureAwait(false);
        if (user is null || user.Sub != check.Claim("sub"))
        {
            throw CognitoException.NotAuthorized("User does not exist.");
        }

        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        var client = await session.GetClientAsync(check.Claim("client_id") ?? "", call.CancellationToken).ConfigureAwait(false);
        return new SignedInUser(pool, client, user, check);
    }

    /// <summary>Queues a message in the session's transaction; it is announced after the response.</summary>
    public async Task SendAsync(
        IStoreSession session, CognitoCall call, User user, string medium, string destination, RenderedMessage message, string? code, bool codeIsPassword = false)
    {
        message = Core.Functions.CognitoTriggers.Customized(call.CustomMessage, medium, code, user.Username, codeIsPassword, message);
        var queued = await outbox.AddAsync(session, user.PoolId, user.Username, medium, destination, message.Subject, message.Body, code, call.CancellationToken)
            .ConfigureAwait(false);
        queued.CodeIsPassword = codeIsPassword;
        call.Queued(queued);
    }

    public Task AnnounceAsync(CognitoCall call) =>
        Task.WhenAll(call.Sent.Select(m => outbox.AnnounceAsync(m, CancellationToken.None)));

    public string PoolArn(string region, string poolId) => $"arn:aws:cognito-idp:{region}:{Options.AccountId}:userpool/{poolId}";
}

internal sealed record SignedInUser(UserPool Pool, AppClient? Client, User User, TokenCheck Token);
