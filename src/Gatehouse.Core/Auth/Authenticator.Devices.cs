using Gatehouse.Core.Auth.Srp;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// Device SRP. A sign-in that names a remembered, confirmed device (DEVICE_KEY) proves the device too: DEVICE_SRP_AUTH
/// asks for the device's SRP_A, DEVICE_PASSWORD_VERIFIER checks its proof against the verifier ConfirmDevice stored,
/// with the device group key as the SRP pool name and the device key as the user id. From a remembered device, in a
/// pool whose DeviceConfiguration sets ChallengeRequiredOnNewDevice, this replaces MFA; otherwise it follows MFA.
/// </summary>
public sealed partial class Authenticator
{
    private const string DeviceMember = "device";

    /// <summary>
    /// Answers DEVICE_SRP_AUTH: the DEVICE_PASSWORD_VERIFIER challenge for the device's SRP_A, which, like
    /// PASSWORD_VERIFIER, carries its state in the SECRET_BLOCK.
    /// </summary>
    public async Task<AuthOutcome> DeviceSrpAsync(
        IStoreSession session, UserPool pool, AppClient client, string? sessionToken, string username, string deviceKey, string srpA,
        CancellationToken cancellationToken)
    {
        SrpSignIn.ThrowIfInvalidA(srpA);
        var data = await sessions.ConsumeAsync(session, client, sessionToken, "DEVICE_SRP_AUTH", cancellationToken).ConfigureAwait(false);
        var user = await NamedUserAsync(session, pool, data.UserKey, username, cancellationToken).ConfigureAwait(false);
        if (DeviceOf(data) != deviceKey)
        {
            throw Devices.NotFound();
        }

        var device = await Devices.GetAsync(session, pool.Id, user.Key, deviceKey, cancellationToken).ConfigureAwait(false);
        var parameters = srp.Challenge(
            "DEVICE_PASSWORD_VERIFIER", pool, client, user.Key, device.DeviceKey, VerifierOf(device), srpA, device.DeviceKey);
        parameters["USERNAME"] = user.Username;
        parameters["DEVICE_KEY"] = device.DeviceKey;
        return new AuthOutcome(null, null, "DEVICE_PASSWORD_VERIFIER", null, parameters);
    }

    /// <summary>
    /// Answers DEVICE_PASSWORD_VERIFIER: the device's proof, then the tokens, which name the device. The device records
    /// <paramref name="ipAddress"/> (the caller's, when known) as its <c>last_ip_used</c>.
    /// </summary>
    public async Task<AuthOutcome> DevicePasswordVerifierAsync(
        IStoreSession session, UserPool pool, AppClient client, string username, string? deviceKey, string secretBlock, string timestamp, string signature,
        string? ipAddress, CancellationToken cancellationToken)
    {
        var (block, bytes) = srp.Open(secretBlock, "DEVICE_PASSWORD_VERIFIER", pool, client);
        await srp.ConsumeAsync(session, block, cancellationToken).ConfigureAwait(false);
        var user = await NamedUserAsync(session, pool, block.UserKey, username, cancellationToken).ConfigureAwait(false);
        if (deviceKey is not null && deviceKey != block.DeviceKey)
        {
            throw Devices.NotFound();
        }

        var device = await Devices.GetAsync(session, pool.Id, user.Key, block.DeviceKey!, cancellationToken).ConfigureAwait(false);
        if (srp.Verify(block, bytes, VerifierOf(device), device.DeviceGroupKey, timestamp, signature) != SrpClaimResult.Valid)
        {
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw CognitoException.IncorrectCredentials();
        }

        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        await Devices.RecordAuthenticationAsync(session, device, ipAddress, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(session, pool, client, user, cancellationToken, existingDeviceKey: device.DeviceKey).ConfigureAwait(false);
    }

    /// <summary>After every factor the user owes: device SRP for a known device, else the tokens.</summary>
    private async Task<AuthOutcome> AfterSecondFactorAsync(
        IStoreSession session, UserPool pool, AppClient client, User user, string? deviceKey, CancellationToken cancellationToken,
        string triggerSource = "TokenGeneration_Authentication") =>
        deviceKey is null
            ? await CompleteAsync(session, pool, client, user, cancellationToken, triggerSource).ConfigureAwait(false)
            : await DeviceChallengeAsync(session, client, user, deviceKey, cancellationToken).ConfigureAwait(false);

    private async Task<AuthOutcome> DeviceChallengeAsync(IStoreSession session, AppClient client, User user, string deviceKey, CancellationToken cancellationToken)
    {
        var token = await sessions.StartAsync(
            session, client, new AuthSessionData("DEVICE_SRP_AUTH", user.Key, user.Username, Private: DevicePrivate(deviceKey)), cancellationToken).ConfigureAwait(false);
        return AuthOutcome.Challenge("DEVICE_SRP_AUTH", token, new Dictionary<string, string>());
    }

    /// <summary>
    /// The device a sign-in names, when the pool tracks devices and the device can do device SRP; a key that is not one
    /// of the user's confirmed devices is ResourceNotFoundException "Device does not exist.", on which the reference
    /// clients forget the key and sign in again without it.
    /// </summary>
    private async Task<Device?> KnownDeviceAsync(IStoreSession session, UserPool pool, User user, string? deviceKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(deviceKey) || !Devices.Tracks(pool))
        {
            return null;
        }

        var device = await Devices.GetAsync(session, pool.Id, user.Key, deviceKey, cancellationToken).ConfigureAwait(false);
        return device.Salt is null || device.PasswordVerifier is null ? null : device;
    }

    /// <summary>The user a session or SECRET_BLOCK was issued for, who must be the one the answer's USERNAME names.</summary>
    private static async Task<User> NamedUserAsync(IStoreSession session, UserPool pool, string userKey, string username, CancellationToken cancellationToken)
    {
        var user = await session.GetUserAsync(pool.Id, userKey, cancellationToken).ConfigureAwait(false);
        if (user is null || !await UserLookup.NamesAsync(session, pool, username, user, cancellationToken).ConfigureAwait(false))
        {
            throw CognitoException.NotAuthorized("Invalid session for the user.");
        }

        return user;
    }

    private static SrpVerifier VerifierOf(Device device) => SrpVerifier.FromStored(device.Salt ?? [], device.PasswordVerifier ?? []);

    private static Dictionary<string, string>? DevicePrivate(string? deviceKey) => deviceKey is null ? null : new() { [DeviceMember] = deviceKey };

    private static string? DeviceOf(AuthSessionData data) => data.Private?.GetValueOrDefault(DeviceMember);
}
