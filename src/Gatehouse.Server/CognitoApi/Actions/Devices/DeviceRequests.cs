using System.Globalization;
using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

/// <summary>
/// GetDevice, ForgetDevice and UpdateDeviceStatus: the signed-in user's device. AWS's model leaves their AccessToken
/// optional, so a missing one is not a validation error but a failed sign-in check.
/// </summary>
internal class DeviceRequest
{
    public string? AccessToken { get; set; }
    public string? DeviceKey { get; set; }

    public virtual Validation Rules() => new Validation()
        .Pattern(AccessToken, Patterns.Code(), "accessToken", sensitive: true)
        .DeviceKey(DeviceKey);

    public void Validate() => Rules().ThrowIfAny();
}

/// <summary>AdminGetDevice and AdminForgetDevice: a user's device, named by an administrator.</summary>
internal class AdminDeviceRequest
{
    public string? UserPoolId { get; set; }
    public string? Username { get; set; }
    public string? DeviceKey { get; set; }

    public virtual Validation Rules() => new Validation().PoolUser(UserPoolId, Username).DeviceKey(DeviceKey);

    public void Validate() => Rules().ThrowIfAny();
}

/// <summary>AWS's DeviceType.</summary>
internal sealed class DeviceType
{
    public string? DeviceKey { get; set; }
    public List<AttributeType>? DeviceAttributes { get; set; }
    public DateTimeOffset? DeviceCreateDate { get; set; }
    public DateTimeOffset? DeviceLastModifiedDate { get; set; }
    public DateTimeOffset? DeviceLastAuthenticatedDate { get; set; }

    public static DeviceType From(Device device)
    {
        var attributes = new List<AttributeType> { new() { Name = "device_status", Value = "valid" } };
        if (device.Name is not null)
        {
            attributes.Add(new AttributeType { Name = "device_name", Value = device.Name });
        }

        if (device.RememberedStatus is not null)
        {
            attributes.Add(new AttributeType { Name = "dev:device_remembered_status", Value = device.RememberedStatus });
        }

        if (device.LastIpUsed is not null)
        {
            attributes.Add(new AttributeType { Name = "last_ip_used", Value = device.LastIpUsed });
        }

        return new DeviceType
        {
            DeviceKey = device.DeviceKey,
            DeviceAttributes = attributes,
            DeviceCreateDate = device.Created,
            DeviceLastModifiedDate = device.LastModified,
            DeviceLastAuthenticatedDate = device.LastAuthenticated,
        };
    }
}

/// <summary>GetDevice and AdminGetDevice answer with this.</summary>
internal sealed class GetDeviceResponse
{
    public DeviceType? Device { get; set; }
}

/// <summary>ListDevices and AdminListDevices answer with this.</summary>
internal sealed class ListDevicesResponse
{
    public List<DeviceType> Devices { get; set; } = [];
    public string? PaginationToken { get; set; }
}

/// <summary>The validation and lookups the device actions share.</summary>
internal static class DeviceRules
{
    public const int DefaultLimit = 60;

    public static readonly string[] RememberedStatuses = [DeviceStatus.Remembered, DeviceStatus.NotRemembered];

    public static Validation AccessToken(this Validation validation, string? accessToken) => validation
        .Required(accessToken, "accessToken")
        .Pattern(accessToken, Patterns.Code(), "accessToken", sensitive: true);

    public static Validation DeviceKey(this Validation validation, string? deviceKey) => validation
        .Required(deviceKey, "deviceKey")
        .Length(deviceKey, 1, 55, "deviceKey")
        .Pattern(deviceKey, DevicePatterns.DeviceKey(), "deviceKey");

    public static Validation PoolUser(this Validation validation, string? poolId, string? username) => validation
        .Required(poolId, "userPoolId")
        .Length(poolId, 1, 55, "userPoolId")
        .Pattern(poolId, Patterns.PoolId(), "userPoolId")
        .Required(username, "username")
        .Length(username, 1, 128, "username")
        .Pattern(username, Patterns.Username(), "username");

    public static Validation RememberedStatus(this Validation validation, string? status) =>
        validation.OneOf(status, RememberedStatuses, "deviceRememberedStatus");

    public static Validation Page(this Validation validation, int? limit, string? paginationToken) => validation
        .Range(limit, 0, 60, "limit")
        .Length(paginationToken, 1, int.MaxValue, "paginationToken")
        .Pattern(paginationToken, Patterns.PaginationKey(), "paginationToken");

    /// <summary>The user an administrator names, or UserNotFoundException.</summary>
    public static async Task<(UserPool Pool, User User)> AdminUserAsync(IStoreSession session, string poolId, string username, CognitoCall call)
    {
        var pool = await CognitoServices.PoolAsync(session, poolId, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, username, call.CancellationToken).ConfigureAwait(false);
        return (pool, user);
    }

    /// <summary>One page of the user's confirmed devices, in device key order.</summary>
    public static async Task<ListDevicesResponse> PageAsync(
        CognitoServices services, IStoreSession session, string poolId, string userKey, int? limit, string? paginationToken, CognitoCall call)
    {
        // A Limit of 0 is allowed by the model; it reads as "the default", never as an empty page with a token.
        var size = limit is null or 0 ? DefaultLimit : limit.Value;
        var after = PageToken.Decode(paginationToken);
        var devices = await services.Authenticator.Devices.ListAsync(session, poolId, userKey, call.CancellationToken).ConfigureAwait(false);
        var rows = devices.Where(d => after is null || string.CompareOrdinal(d.DeviceKey, after) > 0).Take(size + 1).ToList();
        var (page, next) = PageToken.Cut(rows, size, d => d.DeviceKey);
        return new ListDevicesResponse { Devices = page.Select(DeviceType.From).ToList(), PaginationToken = next };
    }

    /// <summary>Decodes a base64 member of DeviceSecretVerifierConfig; anything else is InvalidParameterException.</summary>
    public static byte[] Base64(string? value, string member)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw CognitoException.InvalidParameter(string.Create(CultureInfo.InvariantCulture, $"Missing required parameter {member}"));
        }

        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw CognitoException.InvalidParameter($"Invalid {member}: not base64.");
        }
    }
}

internal static partial class DevicePatterns
{
    /// <summary>AWS's DeviceKeyType.</summary>
    [GeneratedRegex(@"^[\w-]+_[0-9a-f-]+\z")]
    public static partial Regex DeviceKey();
}
