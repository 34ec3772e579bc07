using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>Remembered devices through the real AWS CLI: sign-in, confirm-device, the listings, status and forgetting.</summary>
[Trait("Category", "Compat")]
public sealed class DeviceCliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task A_device_is_issued_confirmed_listed_remembered_and_forgotten()
    {
        var poolId = (await _server.CognitoIdpAsync(
            "create-user-pool", "--pool-name", Unique.Name("cli-devices"),
            "--device-configuration", "ChallengeRequiredOnNewDevice=false,DeviceOnlyRememberedOnUserPrompt=true")).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var clientId = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "app",
            "--explicit-auth-flows", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        (await _server.CognitoIdpAsync("admin-create-user", "--user-pool-id", poolId, "--username", "alice", "--message-action", "SUPPRESS")).Succeeded();
        (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", "alice", "--password", "Passw0rd!", "--permanent")).Succeeded();

        var result = (await _server.CognitoIdpAsync(
            "admin-initiate-auth", "--user-pool-id", poolId, "--client-id", clientId, "--auth-flow", "ADMIN_USER_PASSWORD_AUTH",
            "--auth-parameters", "USERNAME=alice,PASSWORD=Passw0rd!")).Json()["AuthenticationResult"]!;
        var access = result["AccessToken"]!.GetValue<string>();
        var key = result["NewDeviceMetadata"]!["DeviceKey"]!.GetValue<string>();
        Assert.Matches("^-[A-Za-z0-9]{9}$", result["NewDeviceMetadata"]!["DeviceGroupKey"]!.GetValue<string>());
        Assert.StartsWith("us-east-1_", key, StringComparison.Ordinal);

        var verifier = new JsonObject
        {
            ["PasswordVerifier"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(384)),
            ["Salt"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
        }.ToJsonString();
        var confirmed = (await _server.CognitoIdpAsync(
            "confirm-device", "--access-token", access, "--device-key", key, "--device-name", "laptop",
            "--device-secret-verifier-config", verifier)).Json();
        Assert.True(confirmed["UserConfirmationNecessary"]!.GetValue<bool>());

        var listed = (await _server.CognitoIdpAsync("list-devices", "--access-token", access)).Json()["Devices"]!.AsArray();
        var device = Assert.Single(listed)!;
        Assert.Equal(key, device["DeviceKey"]!.GetValue<string>());
        Assert.Equal("not_remembered", Attribute(device, "dev:device_remembered_status"));
        Assert.Equal("laptop", Attribute(device, "device_name"));
        Assert.True(device["DeviceCreateDate"]!.GetValue<double>() > 1.7e9, "dates are epoch seconds");

        (await _server.CognitoIdpAsync(
            "update-device-status", "--access-token", access, "--device-key", key, "--device-remembered-status", "remembered")).Succeeded();
        var admin = (await _server.CognitoIdpAsync("admin-list-devices", "--user-pool-id", poolId, "--username", "alice")).Json()["Devices"]!.AsArray();
        Assert.Equal("remembered", Attribute(Assert.Single(admin)!, "dev:device_remembered_status"));
        var got = (await _server.CognitoIdpAsync("admin-get-device", "--user-pool-id", poolId, "--username", "alice", "--device-key", key)).Json()["Device"]!;
        Assert.Equal(key, got["DeviceKey"]!.GetValue<string>());

        (await _server.CognitoIdpAsync("admin-forget-device", "--user-pool-id", poolId, "--username", "alice", "--device-key", key)).Succeeded();
        var gone = (await _server.CognitoIdpAsync("get-device", "--access-token", access, "--device-key", key)).Failed();
        Assert.Contains(
            "An error occurred (ResourceNotFoundException) when calling the GetDevice operation: Device does not exist.", gone.Stderr, StringComparison.Ordinal);
    }

    private static string Attribute(JsonNode device, string name) =>
        device["DeviceAttributes"]!.AsArray().Single(a => a!["Name"]!.GetValue<string>() == name)!["Value"]!.GetValue<string>();
}
