using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// Remembered devices: NewDeviceMetadata and device_key at sign-in, ConfirmDevice, and the self-service and admin
/// device actions.
/// </summary>
public sealed class DeviceTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private Scenario _tracking = null!;
    private Scenario _prompting = null!;
    private Scenario _plain = null!;
    private int _names;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _tracking = await Scenario.CreateAsync(_gatehouse, poolSettings: new
        {
            PoolName = "tracking",
            DeviceConfiguration = new { ChallengeRequiredOnNewDevice = false, DeviceOnlyRememberedOnUserPrompt = false },
        });
        _prompting = await Scenario.CreateAsync(_gatehouse, poolSettings: new
        {
            PoolName = "prompting",
            DeviceConfiguration = new { ChallengeRequiredOnNewDevice = true, DeviceOnlyRememberedOnUserPrompt = true },
        });
        _plain = await Scenario.CreateAsync(_gatehouse, poolSettings: new { PoolName = "plain" });
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_sign_in_in_a_tracking_pool_registers_a_new_device_named_in_the_access_token()
    {
        var user = await UserAsync(_tracking);
        var result = (await _tracking.SignInAsync(user))["AuthenticationResult"]!;
        var metadata = result["NewDeviceMetadata"]!;
        var key = metadata["DeviceKey"]!.GetValue<string>();
        var groupKey = metadata["DeviceGroupKey"]!.GetValue<string>();
        Assert.Matches(@"^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", key);
        Assert.Matches("^-[A-Za-z0-9]{9}$", groupKey);
        var access = Scenario.Payload(result["AccessToken"]!.GetValue<string>());
        Assert.Equal(key, access["device_key"]!.GetValue<string>());
        Assert.Equal("device_key", access.ElementAt(1).Key);
        Assert.False(Scenario.Payload(result["IdToken"]!.GetValue<string>()).ContainsKey("device_key"));

        // Each sign-in without a device is a new device.
        var again = (await _tracking.SignInAsync(user))["AuthenticationResult"]!;
        Assert.NotEqual(key, again["NewDeviceMetadata"]!["DeviceKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refreshed_access_token_keeps_the_device_key_and_brings_no_new_device()
    {
        var user = await UserAsync(_tracking);
        var result = (await _tracking.SignInAsync(user))["AuthenticationResult"]!;
        var key = result["NewDeviceMetadata"]!["DeviceKey"]!.GetValue<string>();
        var refreshed = (await _gatehouse.RefreshAsync(_tracking.PoolId, _tracking.ClientId, result["RefreshToken"]!.GetValue<string>()))["AuthenticationResult"]!;
        Assert.Null(refreshed["NewDeviceMetadata"]);
        Assert.Equal(key, Scenario.Payload(refreshed["AccessToken"]!.GetValue<string>())["device_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pool_without_a_device_configuration_tracks_no_device()
    {
        var user = await UserAsync(_plain);
        var result = (await _plain.SignInAsync(user))["AuthenticationResult"]!;
        Assert.Null(result["NewDeviceMetadata"]);
        Assert.False(Scenario.Payload(result["AccessToken"]!.GetValue<string>()).ContainsKey("device_key"));
        var admin = (await _gatehouse.SignInAsync(_plain.PoolId, _plain.ClientId, user))["AuthenticationResult"]!;
        Assert.Null(admin["NewDeviceMetadata"]);
    }

    [Fact]
    public async Task ConfirmDevice_remembers_the_device_at_once_unless_the_pool_waits_for_the_user()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        var confirmed = await ConfirmAsync(access, key, "laptop");
        Assert.False(confirmed["UserConfirmationNecessary"]!.GetValue<bool>());
        var device = (await _gatehouse.CallAsync("GetDevice", new { AccessToken = access, DeviceKey = key }))["Device"]!;
        Assert.Equal(key, device["DeviceKey"]!.GetValue<string>());
        var attributes = Attributes(device);
        Assert.Equal("valid", attributes["device_status"]);
        Assert.Equal("laptop", attributes["device_name"]);
        Assert.Equal("remembered", attributes["dev:device_remembered_status"]);
        var created = _gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(created, device["DeviceCreateDate"]!.GetValue<long>());
        Assert.Equal(created, device["DeviceLastModifiedDate"]!.GetValue<long>());
        Assert.Equal(created, device["DeviceLastAuthenticatedDate"]!.GetValue<long>());

        var (_, promptAccess, promptKey) = await SignedInDeviceAsync(_prompting);
        Assert.True((await ConfirmAsync(promptAccess, promptKey, "phone"))["UserConfirmationNecessary"]!.GetValue<bool>());
        var prompted = (await _gatehouse.CallAsync("GetDevice", new { AccessToken = promptAccess, DeviceKey = promptKey }))["Device"]!;
        Assert.Equal("not_remembered", Attributes(prompted)["dev:device_remembered_status"]);
        Assert.NotNull(user);
    }

    [Fact]
    public async Task The_device_keeps_the_salt_and_verifier_for_device_SRP()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        var salt = RandomNumberGenerator.GetBytes(16);
        var verifier = RandomNumberGenerator.GetBytes(384);
        await _gatehouse.CallAsync("ConfirmDevice", new
        {
            AccessToken = access,
            DeviceKey = key,
            DeviceName = "laptop",
            DeviceSecretVerifierConfig = new { PasswordVerifier = Convert.ToBase64String(verifier), Salt = Convert.ToBase64String(salt) },
        });

        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        var devices = _gatehouse.Services.GetRequiredService<Authenticator>().Devices;
        await using var session = await store.OpenAsync(write: true, CancellationToken.None);
        var pool = (await session.GetPoolAsync(_tracking.PoolId, CancellationToken.None))!;
        var userKey = UserKeys.Username(pool, user);
        var device = (await devices.FindAsync(session, pool.Id, userKey, key, CancellationToken.None))!;
        Assert.Equal(salt, device.Salt);
        Assert.Equal(verifier, device.PasswordVerifier);
        Assert.StartsWith("-", device.DeviceGroupKey, StringComparison.Ordinal);
        Assert.Null(await devices.FindAsync(session, pool.Id, "someone-else", key, CancellationToken.None));

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5));
        await devices.RecordAuthenticationAsync(session, device, "192.0.2.7", CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        var shown = (await _gatehouse.CallAsync("GetDevice", new { AccessToken = access, DeviceKey = key }))["Device"]!;
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), shown["DeviceLastAuthenticatedDate"]!.GetValue<long>());
        Assert.Equal("192.0.2.7", Attributes(shown)["last_ip_used"]);
    }

    [Fact]
    public async Task An_unconfirmed_device_is_not_listed_and_expires_after_a_day()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        Assert.Empty((await _gatehouse.CallAsync("ListDevices", new { AccessToken = access }))["Devices"]!.AsArray());
        await _gatehouse.FailAsync("GetDevice", new { AccessToken = access, DeviceKey = key }, "ResourceNotFoundException");

        _gatehouse.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var fresh = (await _tracking.TokensAsync(user)).AccessToken;
        var error = await _gatehouse.FailAsync("ConfirmDevice", new { AccessToken = fresh, DeviceKey = key }, "ResourceNotFoundException");
        Assert.Equal("Device does not exist.", error.AwsMessage);
    }

    [Fact]
    public async Task ListDevices_pages_through_the_users_confirmed_devices()
    {
        var user = await UserAsync(_tracking);
        var keys = new List<string>();
        string access = "";
        for (var i = 0; i < 3; i++)
        {
            var result = (await _tracking.SignInAsync(user))["AuthenticationResult"]!;
            access = result["AccessToken"]!.GetValue<string>();
            var key = result["NewDeviceMetadata"]!["DeviceKey"]!.GetValue<string>();
            await ConfirmAsync(access, key, "device" + i);
            keys.Add(key);
        }

        var first = await _gatehouse.CallAsync("ListDevices", new { AccessToken = access, Limit = 2 });
        Assert.Equal(2, first["Devices"]!.AsArray().Count);
        var token = first["PaginationToken"]!.GetValue<string>();
        var second = await _gatehouse.CallAsync("ListDevices", new { AccessToken = access, Limit = 2, PaginationToken = token });
        Assert.Single(second["Devices"]!.AsArray());
        Assert.Null(second["PaginationToken"]);
        var listed = first["Devices"]!.AsArray().Concat(second["Devices"]!.AsArray()).Select(d => d!["DeviceKey"]!.GetValue<string>());
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);

        var all = await _gatehouse.CallAsync("AdminListDevices", new { UserPoolId = _tracking.PoolId, Username = user });
        Assert.Equal(3, all["Devices"]!.AsArray().Count);
        Assert.Null(all["PaginationToken"]);
        var adminPage = await _gatehouse.CallAsync("AdminListDevices", new { UserPoolId = _tracking.PoolId, Username = user, Limit = 1 });
        Assert.Single(adminPage["Devices"]!.AsArray());
        Assert.NotNull(adminPage["PaginationToken"]);
    }

    [Fact]
    public async Task UpdateDeviceStatus_and_ForgetDevice_change_the_users_device()
    {
        var (_, access, key) = await SignedInDeviceAsync(_tracking);
        await ConfirmAsync(access, key, "laptop");
        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(1));
        await _gatehouse.CallAsync("UpdateDeviceStatus", new { AccessToken = access, DeviceKey = key, DeviceRememberedStatus = "not_remembered" });
        var device = (await _gatehouse.CallAsync("GetDevice", new { AccessToken = access, DeviceKey = key }))["Device"]!;
        Assert.Equal("not_remembered", Attributes(device)["dev:device_remembered_status"]);
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), device["DeviceLastModifiedDate"]!.GetValue<long>());
        Assert.True(device["DeviceCreateDate"]!.GetValue<long>() < device["DeviceLastModifiedDate"]!.GetValue<long>());

        await _gatehouse.CallAsync("UpdateDeviceStatus", new { AccessToken = access, DeviceKey = key, DeviceRememberedStatus = "remembered" });
        Assert.Equal("remembered", Attributes((await _gatehouse.CallAsync("GetDevice", new { AccessToken = access, DeviceKey = key }))["Device"]!)["dev:device_remembered_status"]);

        await _gatehouse.CallAsync("ForgetDevice", new { AccessToken = access, DeviceKey = key });
        await _gatehouse.FailAsync("GetDevice", new { AccessToken = access, DeviceKey = key }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("ForgetDevice", new { AccessToken = access, DeviceKey = key }, "ResourceNotFoundException");
        Assert.Empty((await _gatehouse.CallAsync("ListDevices", new { AccessToken = access }))["Devices"]!.AsArray());
    }

    [Fact]
    public async Task The_admin_actions_manage_a_users_devices()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        await ConfirmAsync(access, key, "laptop");
        var device = (await _gatehouse.CallAsync("AdminGetDevice", new { UserPoolId = _tracking.PoolId, Username = user, DeviceKey = key }))["Device"]!;
        Assert.Equal("laptop", Attributes(device)["device_name"]);

        await _gatehouse.CallAsync("AdminUpdateDeviceStatus", new
        {
            UserPoolId = _tracking.PoolId,
            Username = user,
            DeviceKey = key,
            DeviceRememberedStatus = "not_remembered",
        });
        device = (await _gatehouse.CallAsync("AdminGetDevice", new { UserPoolId = _tracking.PoolId, Username = user, DeviceKey = key }))["Device"]!;
        Assert.Equal("not_remembered", Attributes(device)["dev:device_remembered_status"]);

        await _gatehouse.CallAsync("AdminForgetDevice", new { UserPoolId = _tracking.PoolId, Username = user, DeviceKey = key });
        await _gatehouse.FailAsync("AdminGetDevice", new { UserPoolId = _tracking.PoolId, Username = user, DeviceKey = key }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("AdminGetDevice", new { UserPoolId = _tracking.PoolId, Username = "nobody", DeviceKey = key }, "UserNotFoundException");
        await _gatehouse.FailAsync("AdminListDevices", new { UserPoolId = "us-east-1_nopool", Username = user }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Another_users_device_does_not_exist()
    {
        var (owner, ownerAccess, key) = await SignedInDeviceAsync(_tracking);
        await ConfirmAsync(ownerAccess, key, "laptop");
        var (other, otherAccess, _) = await SignedInDeviceAsync(_tracking);

        foreach (var (action, body) in new (string, object)[]
        {
            ("GetDevice", new { AccessToken = otherAccess, DeviceKey = key }),
            ("ForgetDevice", new { AccessToken = otherAccess, DeviceKey = key }),
            ("UpdateDeviceStatus", new { AccessToken = otherAccess, DeviceKey = key, DeviceRememberedStatus = "remembered" }),
            ("ConfirmDevice", new { AccessToken = otherAccess, DeviceKey = key }),
            ("AdminGetDevice", new { UserPoolId = _tracking.PoolId, Username = other, DeviceKey = key }),
            ("AdminForgetDevice", new { UserPoolId = _tracking.PoolId, Username = other, DeviceKey = key }),
            ("AdminUpdateDeviceStatus", new { UserPoolId = _tracking.PoolId, Username = other, DeviceKey = key, DeviceRememberedStatus = "remembered" }),
        })
        {
            var error = await _gatehouse.FailAsync(action, body, "ResourceNotFoundException");
            Assert.Equal("Device does not exist.", error.AwsMessage);
        }

        // A user of the same name in another pool does not own it either.
        await _gatehouse.CreateUserAsync(_prompting.PoolId, owner);
        await _gatehouse.FailAsync("AdminGetDevice", new { UserPoolId = _prompting.PoolId, Username = owner, DeviceKey = key }, "ResourceNotFoundException");

        // The owner's device is untouched.
        var device = (await _gatehouse.CallAsync("GetDevice", new { AccessToken = ownerAccess, DeviceKey = key }))["Device"]!;
        Assert.Equal("remembered", Attributes(device)["dev:device_remembered_status"]);
    }

    [Fact]
    public async Task Deleting_the_user_deletes_its_devices()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        await ConfirmAsync(access, key, "laptop");
        await _gatehouse.CallAsync("AdminDeleteUser", new { UserPoolId = _tracking.PoolId, Username = user });
        await _gatehouse.CreateUserAsync(_tracking.PoolId, user);
        await _gatehouse.FailAsync("AdminGetDevice", new { UserPoolId = _tracking.PoolId, Username = user, DeviceKey = key }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Bad_tokens_are_refused()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        await ConfirmAsync(access, key, "laptop");
        var error = await _gatehouse.FailAsync("GetDevice", new { AccessToken = "not.a.token", DeviceKey = key }, "NotAuthorizedException");
        Assert.Equal("Invalid Access Token", error.AwsMessage);
        await _gatehouse.FailAsync("ListDevices", new { AccessToken = "garbage" }, "NotAuthorizedException");

        var idToken = (await _tracking.TokensAsync(user)).IdToken;
        await _gatehouse.FailAsync("ListDevices", new { AccessToken = idToken }, "NotAuthorizedException");

        await _gatehouse.CallAsync("GlobalSignOut", new { AccessToken = access });
        error = await _gatehouse.FailAsync("ForgetDevice", new { AccessToken = access, DeviceKey = key }, "NotAuthorizedException");
        Assert.Equal("Access Token has been revoked", error.AwsMessage);

        _gatehouse.Clock.Advance(TimeSpan.FromHours(2));
        var expired = await _gatehouse.FailAsync("ListDevices", new { AccessToken = access }, "NotAuthorizedException");
        Assert.Contains("Access Token", expired.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused()
    {
        var (user, access, key) = await SignedInDeviceAsync(_tracking);
        var pool = _tracking.PoolId;
        await Invalid("GetDevice", new { AccessToken = access }, "Value null at 'deviceKey' failed to satisfy constraint: Member must not be null");
        await Invalid("GetDevice", new { AccessToken = access, DeviceKey = "no-underscore" }, "Member must satisfy regular expression pattern: [\\w-]+_[0-9a-f-]+");
        await Invalid("GetDevice", new { AccessToken = access, DeviceKey = "us-east-1_ABC" }, "Member must satisfy regular expression pattern");
        await Invalid("GetDevice", new { AccessToken = access, DeviceKey = "us-east-1_" + new string('a', 50) }, "Member must have length less than or equal to 55");
        await Invalid("ConfirmDevice", new { DeviceKey = key }, "Value null at 'accessToken'");
        await Invalid("ListDevices", new { }, "Value null at 'accessToken'");
        Assert.Equal("Invalid Access Token", (await _gatehouse.FailAsync("GetDevice", new { DeviceKey = key }, "NotAuthorizedException")).AwsMessage);
        await Invalid("ListDevices", new { AccessToken = access, Limit = 61 }, "Member must have value less than or equal to 60");
        await Invalid("ListDevices", new { AccessToken = access, Limit = -1 }, "Member must have value greater than or equal to 0");
        await Invalid("ListDevices", new { AccessToken = access, PaginationToken = "not*base64" }, "Invalid pagination token.");
        await Invalid("UpdateDeviceStatus", new { AccessToken = access, DeviceKey = key, DeviceRememberedStatus = "forgotten" }, "Member must satisfy enum value set: [remembered, not_remembered]");
        await Invalid("ConfirmDevice", new { AccessToken = access, DeviceKey = key, DeviceName = new string('n', 1025) }, "Member must have length less than or equal to 1024");
        await Invalid("ConfirmDevice", new { AccessToken = access, DeviceKey = key, DeviceSecretVerifierConfig = new { PasswordVerifier = "!!!", Salt = "AAAA" } }, "PasswordVerifier");
        await Invalid("AdminGetDevice", new { UserPoolId = pool, DeviceKey = key }, "Value null at 'username'");
        await Invalid("AdminGetDevice", new { UserPoolId = "bad pool", Username = user, DeviceKey = key }, "userPoolId");
        await Invalid("AdminListDevices", new { UserPoolId = pool, Username = user, Limit = 100 }, "Member must have value less than or equal to 60");
        await Invalid("AdminUpdateDeviceStatus", new { UserPoolId = pool, Username = user, DeviceKey = key, DeviceRememberedStatus = "yes" }, "enum value set");

        // Nothing was confirmed by the refused calls.
        Assert.Empty((await _gatehouse.CallAsync("ListDevices", new { AccessToken = access }))["Devices"]!.AsArray());
    }

    private async Task Invalid(string action, object body, string message)
    {
        var error = await _gatehouse.FailAsync(action, body, "InvalidParameterException");
        Assert.Contains(message, error.AwsMessage, StringComparison.Ordinal);
    }

    private async Task<string> UserAsync(Scenario scenario)
    {
        var name = "user" + Interlocked.Increment(ref _names).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _gatehouse.CreateUserAsync(scenario.PoolId, name);
        return name;
    }

    private async Task<(string User, string AccessToken, string DeviceKey)> SignedInDeviceAsync(Scenario scenario)
    {
        var user = await UserAsync(scenario);
        var result = (await scenario.SignInAsync(user))["AuthenticationResult"]!;
        return (user, result["AccessToken"]!.GetValue<string>(), result["NewDeviceMetadata"]!["DeviceKey"]!.GetValue<string>());
    }

    private Task<JsonNode> ConfirmAsync(string accessToken, string deviceKey, string name) =>
        _gatehouse.CallAsync("ConfirmDevice", new
        {
            AccessToken = accessToken,
            DeviceKey = deviceKey,
            DeviceName = name,
            DeviceSecretVerifierConfig = new
            {
                PasswordVerifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(384)),
                Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
            },
        });

    private static Dictionary<string, string> Attributes(JsonNode device) =>
        device["DeviceAttributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());
}
