using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Auth.Srp;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// What a SECRET_BLOCK carries from the SRP challenge to its answer: who is signing in, through which client, the
/// client's A and the server's secret b. <see cref="Challenge"/> is PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER;
/// <see cref="UserKey"/> is empty for a name nobody has (the challenge was simulated).
/// </summary>
public sealed record SrpBlock(
    string Challenge,
    string PoolId,
    string ClientId,
    string UserKey,
    string UserIdForSrp,
    string SrpA,
    string PrivateB,
    long ExpiresAt,
    string Id,
    string? DeviceKey = null);

/// <summary>
/// The server side of USER_SRP_AUTH and of device SRP. The SECRET_BLOCK is the session: the block's state sealed with
/// the data key, so starting a challenge writes nothing, and the answer cannot be pointed at another user, client or
/// challenge. Each block is accepted once: <see cref="ConsumeAsync"/> records its id until it expires.
/// </summary>
public sealed class SrpSignIn(DataKey dataKey, TimeProvider time)
{
    private const string BlockContext = "srp-secret-block";
    private const string UsedKind = "srp-block";

    private readonly byte[] _decoySaltKey = dataKey.Derive("srp-decoy-salt");

    /// <summary>
    /// The PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) challenge parameters for <paramref name="srpA"/>.
    /// <paramref name="verifier"/> is null when there is nothing to verify against (an unknown user under
    /// PreventUserExistenceErrors, or a user without an SRP verifier): the challenge then looks like any other and its
    /// answer fails.
    /// </summary>
    public Dictionary<string, string> Challenge(
        string challenge, UserPool pool, AppClient client, string userKey, string userIdForSrp, SrpVerifier? verifier, string srpA, string? deviceKey)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        ThrowIfInvalidA(srpA);
        var session = SrpServerSession.Start(verifier ?? Decoy(pool, userIdForSrp));
        var validity = TimeSpan.FromMinutes(client.AuthSessionValidity ?? 3);
        var state = new SrpBlock(
            challenge, pool.Id, client.ClientId, userKey, userIdForSrp, srpA, Convert.ToBase64String(session.PrivateB),
            (time.GetUtcNow() + validity).ToUnixTimeSeconds(), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), deviceKey);
        var block = dataKey.Seal(JsonSerializer.SerializeToUtf8Bytes(state, SrpJson.Default.SrpBlock), BlockContext);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SALT"] = session.SaltHex,
            ["SECRET_BLOCK"] = Convert.ToBase64String(block),
            ["SRP_B"] = session.PublicBHex,
        };
    }

    /// <summary>
    /// Opens an answer's PASSWORD_CLAIM_SECRET_BLOCK: it must be one this server issued, for this pool, client and
    /// challenge, and not expired. Returns the state and the block's bytes (which the client signed).
    /// </summary>
    public (SrpBlock Block, byte[] Bytes) Open(string? secretBlock, string challenge, UserPool pool, AppClient client)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(client);
        var bytes = new byte[secretBlock?.Length ?? 0];
        if (string.IsNullOrEmpty(secretBlock) || !Convert.TryFromBase64String(secretBlock, bytes, out var written))
        {
            throw CognitoException.NotAuthorized("Invalid session for the user.");
        }

        bytes = bytes[..written];
        var opened = dataKey.Open(bytes, BlockContext);
        var state = opened is null ? null : JsonSerializer.Deserialize(opened, SrpJson.Default.SrpBlock);
        if (state is null || state.Challenge != challenge || state.PoolId != pool.Id || state.ClientId != client.ClientId)
        {
            throw CognitoException.NotAuthorized("Invalid session for the user.");
        }

        if (DateTimeOffset.FromUnixTimeSeconds(state.ExpiresAt) <= time.GetUtcNow())
        {
            throw CognitoException.NotAuthorized("Invalid session for the user, session is expired.");
        }

        return (state, bytes);
    }

    /// <summary>Checks an answer's signature against the verifier the block was issued for.</summary>
    public SrpClaimResult Verify(SrpBlock block, byte[] blockBytes, SrpVerifier? verifier, string poolName, string? timestamp, string? signature)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (verifier is null || block.UserKey.Length == 0)
        {
            return SrpClaimResult.InvalidSignature;
        }

        SrpServerSession session;
        try
        {
            session = SrpServerSession.Resume(verifier, Convert.FromBase64String(block.PrivateB));
        }
        catch (ArgumentException)
        {
            return SrpClaimResult.InvalidSignature;
        }

        return session.Verify(poolName, block.UserIdForSrp, block.SrpA, blockBytes, timestamp, signature, time);
    }

    /// <summary>Marks the block used, inside the answer's write session; a block answered before is refused.</summary>
    public async Task ConsumeAsync(IStoreSession session, SrpBlock block, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(block);
        if (await session.GetGrantAsync(UsedKind, block.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw CognitoException.NotAuthorized("Invalid session for the user, session can only be used once.");
        }

        await session.SaveGrantAsync(
            new Grant
            {
                Kind = UsedKind,
                Id = block.Id,
                PoolId = block.PoolId,
                ClientId = block.ClientId,
                ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(block.ExpiresAt),
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The verifier of a simulated challenge: a random password, but the same salt every time for the same name, as a
    /// real user's salt is, so that asking twice does not tell who exists.
    /// </summary>
    private SrpVerifier Decoy(UserPool pool, string userIdForSrp)
    {
        var salt = HMACSHA256.HashData(_decoySaltKey, Encoding.UTF8.GetBytes(pool.Id + "|" + userIdForSrp))[..16];
        return SrpVerifier.Create(SrpVerifier.PoolName(pool.Id), userIdForSrp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), salt);
    }

    /// <summary>SRP_A must be hexadecimal and not 0 mod N; Cognito refuses anything else before answering.</summary>
    public static void ThrowIfInvalidA(string? srpA)
    {
        if (!SrpGroup.TryParseHex(srpA, out var a) || SrpGroup.Mod(a).IsZero)
        {
            throw CognitoException.InvalidParameter("Invalid SRP_A");
        }
    }
}

[JsonSerializable(typeof(SrpBlock))]
internal sealed partial class SrpJson : JsonSerializerContext;
