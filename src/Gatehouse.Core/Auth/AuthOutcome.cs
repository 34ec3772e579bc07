using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// The result of an auth step: tokens, or the next challenge with its session. A sign-in that succeeded inside a write
/// session comes out <see cref="Pending"/>: its tokens are made by <see cref="Authenticator.FinishAsync"/> once that
/// session is committed and closed, because the triggers that run first may call back into Gatehouse.
/// <see cref="NewDevice"/> is the device a sign-in registered, in a pool that tracks devices.
/// </summary>
public sealed record AuthOutcome(
    IssuedTokens? Tokens,
    string? RefreshToken,
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters,
    PendingTokens? Pending = null,
    NewDeviceMetadata? NewDevice = null)
{
    /// <summary>Messages this step queued in its write session (an MFA code), to announce once it is committed.</summary>
    public IReadOnlyList<Messaging.OutboxMessage> Sent { get; init; } = [];

    /// <summary>
    /// An MFA code not sent yet, because the pool's CustomMessage function writes its message and functions do not run
    /// inside a write session: <see cref="Authenticator.DeliverAsync"/> sends it after the commit.
    /// </summary>
    public UnsentCode? Unsent { get; init; }

    public static AuthOutcome Challenge(string name, string session, IReadOnlyDictionary<string, string> parameters) =>
        new(null, null, name, session, parameters);
}

/// <summary>
/// Everything needed to issue a user's tokens after the write session: who, for which client, in which sign-in, and
/// which triggers still have to run (PostAuthentication for a new sign-in, PreTokenGeneration with
/// <see cref="TriggerSource"/>), and the device the access token names in <c>device_key</c>, if any.
/// </summary>
public sealed record PendingTokens(
    UserPool Pool,
    AppClient Client,
    User User,
    IReadOnlyList<Group> Groups,
    AuthEvent Event,
    string TriggerSource,
    bool PostAuthentication,
    OAuthGrantContext? OAuth = null,
    string? DeviceKey = null);

/// <summary>An MFA code waiting for CustomMessage_Authentication; <see cref="Message"/>, the pool's own, is the fallback.</summary>
public sealed record UnsentCode(UserPool Pool, AppClient Client, User User, string Medium, string Destination, string Code, RenderedMessage Message);
