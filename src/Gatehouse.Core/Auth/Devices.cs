using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>The <c>dev:device_remembered_status</c> values of a device.</summary>
public static class DeviceStatus
{
    public const string Remembered = "remembered";
    public const string NotRemembered = "not_remembered";
}

/// <summary>
/// A device Cognito tracks for a user: issued at sign-in (<see cref="Confirmed"/> false until ConfirmDevice), then
/// confirmed with the SRP salt and verifier of its random device password, which device SRP checks later.
/// </summary>
public sealed class Device
{
    /// <summary><c>{region}_{uuid}</c>, the region being the pool id's prefix.</summary>
    public string DeviceKey { get; set; } = "";

    /// <summary>Cognito's device group key: "-" and 9 letters or digits.</summary>
    public string DeviceGroupKey { get; set; } = "";

    public string PoolId { get; set; } = "";

    /// <summary>The owner's key (see <see cref="UserKeys"/>).</summary>
    public string UserKey { get; set; } = "";

    public string? Name { get; set; }

    /// <summary><see cref="DeviceStatus.Remembered"/> or <see cref="DeviceStatus.NotRemembered"/>; null before confirmation.</summary>
    public string? RememberedStatus { get; set; }

    public bool Confirmed { get; set; }

    /// <summary>The padHex bytes of the device verifier's salt, as ConfirmDevice sent them.</summary>
    public byte[]? Salt { get; set; }

    /// <summary>The padHex bytes of the device verifier, as ConfirmDevice sent them.</summary>
    public byte[]? PasswordVerifier { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastModified { get; set; }

    public DateTimeOffset? LastAuthenticated { get; set; }

    public string? LastIpUsed { get; set; }
}

/// <summary>What a sign-in that registered a new device returns as <c>NewDeviceMetadata</c>.</summary>
public sealed record NewDeviceMetadata(string DeviceKey, string DeviceGroupKey);

/// <summary>
/// A pool's remembered devices, stored as grants of kind <c>device</c> with the device key as id and the user's key
/// set, so deleting the user deletes them. A device issued at sign-in and never confirmed expires after a day.
/// </summary>
public sealed class Devices(TimeProvider time)
{
    /// <summary>How long a device issued at sign-in waits for ConfirmDevice.</summary>
    public static readonly TimeSpan UnconfirmedLifetime = TimeSpan.FromDays(1);

    private const string Kind = "device";
    private const string GroupKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Whether the pool has a DeviceConfiguration, so that a sign-in registers the device it came from.</summary>
    public static bool Tracks(UserPool pool) => pool.DeviceConfiguration is { ValueKind: JsonValueKind.Object };

    /// <summary>The pool's DeviceConfiguration.DeviceOnlyRememberedOnUserPrompt.</summary>
    public static bool OnlyRememberedOnUserPrompt(UserPool pool) => Flag(pool, "DeviceOnlyRememberedOnUserPrompt");

    /// <summary>The pool's DeviceConfiguration.ChallengeRequiredOnNewDevice.</summary>
    public static bool ChallengeRequiredOnNewDevice(UserPool pool) => Flag(pool, "ChallengeRequiredOnNewDevice");

    /// <summary>Registers a new, unconfirmed device for a sign-in that has just completed.</summary>
    public async Task<NewDeviceMetadata> IssueAsync(IStoreSession session, UserPool pool, string userKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var region = pool.Id.Split('_')[0];
        var device = new Device
        {
            DeviceKey = $"{region}_{Guid.NewGuid()}",
            DeviceGroupKey = "-" + RandomNumberGenerator.GetString(GroupKeyAlphabet, 9),
            PoolId = pool.Id,
            UserKey = userKey,
            Created = now,
            LastModified = now,
            LastAuthenticated = now,
        };
        await SaveAsync(session, device, cancellationToken).ConfigureAwait(false);
        return new NewDeviceMetadata(device.DeviceKey, device.DeviceGroupKey);
    }

    /// <summary>
    /// The user's device with this key, confirmed or not, or null when there is none (unknown, expired, or another
    /// user's). Device SRP reads <see cref="Device.DeviceGroupKey"/>, <see cref="Device.Salt"/> and
    /// <see cref="Device.PasswordVerifier"/> from it.
    /// </summary>
    public async Task<Device?> FindAsync(IStoreSession session, string poolId, string userKey, string deviceKey, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, deviceKey, cancellationToken).ConfigureAwait(false);
        if (grant is null || grant.PoolId != poolId || grant.UserKey != userKey || grant.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return JsonSerializer.Deserialize(grant.Data, DevicesJson.Default.Device);
    }

    /// <summary>The user's confirmed device with this key, or ResourceNotFoundException "Device does not exist.".</summary>
    public async Task<Device> GetAsync(IStoreSession session, string poolId, string userKey, string deviceKey, CancellationToken cancellationToken)
    {
        var device = await FindAsync(session, poolId, userKey, deviceKey, cancellationToken).ConfigureAwait(false);
        return device is { Confirmed: true } ? device : throw NotFound();
    }

    /// <summary>The user's confirmed devices, ordered by device key.</summary>
    public async Task<IReadOnlyList<Device>> ListAsync(IStoreSession session, string poolId, string userKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grants = await session.ListUserGrantsAsync(poolId, userKey, Kind, cancellationToken).ConfigureAwait(false);
        return grants
            .Where(g => g.ExpiresAt > now)
            .Select(g => JsonSerializer.Deserialize(g.Data, DevicesJson.Default.Device)!)
            .Where(d => d.Confirmed)
            .OrderBy(d => d.DeviceKey, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// ConfirmDevice: keeps the device's verifier and name. Returns whether the user must still be asked to remember
    /// it (the pool's DeviceOnlyRememberedOnUserPrompt); until then it is not remembered, otherwise it is at once.
    /// </summary>
    public async Task<bool> ConfirmAsync(
        IStoreSession session, UserPool pool, string userKey, string deviceKey, byte[]? salt, byte[]? verifier, string? name, CancellationToken cancellationToken)
    {
        var device = await FindAsync(session, pool.Id, userKey, deviceKey, cancellationToken).ConfigureAwait(false) ?? throw NotFound();
        var prompt = OnlyRememberedOnUserPrompt(pool);
        device.Salt = salt;
        device.PasswordVerifier = verifier;
        device.Name = name ?? device.Name;
        device.RememberedStatus = prompt ? DeviceStatus.NotRemembered : DeviceStatus.Remembered;
        device.Confirmed = true;
        device.LastModified = time.GetUtcNow();
        await SaveAsync(session, device, cancellationToken).ConfigureAwait(false);
        return prompt;
    }

    /// <summary>UpdateDeviceStatus: sets the remembered status of a confirmed device.</summary>
    public async Task UpdateStatusAsync(
        IStoreSession session, string poolId, string userKey, string deviceKey, string status, CancellationToken cancellationToken)
    {
        var device = await GetAsync(session, poolId, userKey, deviceKey, cancellationToken).ConfigureAwait(false);
        device.RememberedStatus = status;
        device.LastModified = time.GetUtcNow();
        await SaveAsync(session, device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>ForgetDevice: deletes a confirmed device of the user.</summary>
    public async Task ForgetAsync(IStoreSession session, string poolId, string userKey, string deviceKey, CancellationToken cancellationToken)
    {
        var device = await GetAsync(session, poolId, userKey, deviceKey, cancellationToken).ConfigureAwait(false);
        await session.DeleteGrantAsync(Kind, device.DeviceKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a successful device SRP sign-in (and the caller's IP address when known).</summary>
    public async Task RecordAuthenticationAsync(IStoreSession session, Device device, string? ipAddress, CancellationToken cancellationToken)
    {
        device.LastAuthenticated = time.GetUtcNow();
        device.LastIpUsed = ipAddress ?? device.LastIpUsed;
        await SaveAsync(session, device, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cognito's error for a device key that is not one of the user's devices.</summary>
    public static CognitoException NotFound() => new("ResourceNotFoundException", "Device does not exist.");

    private async Task SaveAsync(IStoreSession session, Device device, CancellationToken cancellationToken) =>
        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = device.DeviceKey,
                PoolId = device.PoolId,
                UserKey = device.UserKey,
                Data = JsonSerializer.Serialize(device, DevicesJson.Default.Device),
                ExpiresAt = device.Confirmed ? DateTimeOffset.MaxValue : device.Created + UnconfirmedLifetime,
            },
            cancellationToken).ConfigureAwait(false);

    private static bool Flag(UserPool pool, string name) =>
        Tracks(pool) && pool.DeviceConfiguration!.Value.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}

[JsonSerializable(typeof(Device))]
internal sealed partial class DevicesJson : JsonSerializerContext;
