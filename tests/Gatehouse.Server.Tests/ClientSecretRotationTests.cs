using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>AddUserPoolClientSecret, ListUserPoolClientSecrets and DeleteUserPoolClientSecret: rotating a client's secret.</summary>
public sealed class ClientSecretRotationTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_rotation_accepts_both_secrets_until_the_old_one_is_deleted()
    {
        var scenario = await Scenario.CreateAsync(_gatehouse, secret: true);
        await scenario.SignUpConfirmedAsync("kate");
        var old = scenario.ClientSecret!;

        _gatehouse.Clock.Advance(TimeSpan.FromMinutes(5));
        var added = (await _gatehouse.CallAsync("AddUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId }))["ClientSecretDescriptor"]!;
        var fresh = added["ClientSecretValue"]!.GetValue<string>();
        Assert.Matches("^[a-z0-9]{51}$", fresh);
        Assert.Equal($"{scenario.ClientId}--{_gatehouse.Clock.GetUtcNow().ToUnixTimeMilliseconds()}", added["ClientSecretId"]!.GetValue<string>());
        Assert.Equal(_gatehouse.Clock.GetUtcNow().ToUnixTimeSeconds(), added["ClientSecretCreateDate"]!.GetValue<double>());

        var listed = await ListAsync(scenario);
        Assert.Equal(2, listed.Count);
        Assert.All(listed, s => Assert.Null(s!["ClientSecretValue"]));
        var oldId = listed[0]!["ClientSecretId"]!.GetValue<string>();
        Assert.Equal(added["ClientSecretId"]!.GetValue<string>(), listed[1]!["ClientSecretId"]!.GetValue<string>());

        await SignInAsync(scenario, old);
        await SignInAsync(scenario, fresh);
        var described = (await _gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = scenario.PoolId, scenario.ClientId }))["UserPoolClient"]!;
        Assert.Equal(old, described["ClientSecret"]!.GetValue<string>());
        Assert.Null(described["SecretRotation"]);

        await _gatehouse.CallAsync("DeleteUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecretId = oldId });
        await SignInAsync(scenario, fresh);
        var error = await Assert.ThrowsAsync<CognitoError>(() => SignInAsync(scenario, old));
        Assert.Equal("NotAuthorizedException", error.Type);
        Assert.Equal($"Unable to verify secret hash for client {scenario.ClientId}", error.AwsMessage);
        described = (await _gatehouse.CallAsync("DescribeUserPoolClient", new { UserPoolId = scenario.PoolId, scenario.ClientId }))["UserPoolClient"]!;
        Assert.Equal(fresh, described["ClientSecret"]!.GetValue<string>());
        var left = Assert.Single(await ListAsync(scenario));
        Assert.Equal(added["ClientSecretId"]!.GetValue<string>(), left!["ClientSecretId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_given_secret_is_not_echoed_and_a_third_or_a_last_deletion_is_refused()
    {
        var scenario = await Scenario.CreateAsync(_gatehouse, secret: true);
        var given = new string('s', 30);
        var added = (await _gatehouse.CallAsync("AddUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecret = given }))["ClientSecretDescriptor"]!;
        Assert.Null(added["ClientSecretValue"]);
        Assert.NotEqual((await ListAsync(scenario))[0]!["ClientSecretId"]!.GetValue<string>(), added["ClientSecretId"]!.GetValue<string>());

        await _gatehouse.FailAsync("AddUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId }, "LimitExceededException");
        await _gatehouse.CallAsync("DeleteUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecretId = added["ClientSecretId"]!.GetValue<string>() });
        var last = (await ListAsync(scenario))[0]!["ClientSecretId"]!.GetValue<string>();
        await _gatehouse.FailAsync("DeleteUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecretId = last }, "InvalidParameterException");
        await _gatehouse.FailAsync("DeleteUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecretId = scenario.ClientId + "--1" }, "ResourceNotFoundException");
    }

    [Fact]
    public async Task Bad_requests_are_refused_in_AWS_shape()
    {
        var publicClient = await Scenario.CreateAsync(_gatehouse, secret: false);
        await _gatehouse.FailAsync("AddUserPoolClientSecret", new { UserPoolId = publicClient.PoolId, publicClient.ClientId }, "InvalidParameterException");
        Assert.Empty(await ListAsync(publicClient));

        var scenario = await Scenario.CreateAsync(_gatehouse, secret: true);
        var tooShort = await _gatehouse.FailAsync("AddUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecret = "short" }, "InvalidParameterException");
        Assert.DoesNotContain("short", tooShort.AwsMessage, StringComparison.Ordinal);
        await _gatehouse.FailAsync("AddUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId, ClientSecret = new string('x', 23) + "!" }, "InvalidParameterException");
        await _gatehouse.FailAsync("AddUserPoolClientSecret", new { UserPoolId = scenario.PoolId, ClientId = "nosuchclient" }, "ResourceNotFoundException");
        await _gatehouse.FailAsync("DeleteUserPoolClientSecret", new { UserPoolId = scenario.PoolId, scenario.ClientId }, "InvalidParameterException");
        await _gatehouse.FailAsync("ListUserPoolClientSecrets", new { UserPoolId = scenario.PoolId }, "InvalidParameterException");
        Assert.Single(await ListAsync(scenario));
    }

    private async Task<JsonArray> ListAsync(Scenario scenario) =>
        (await _gatehouse.CallAsync("ListUserPoolClientSecrets", new { UserPoolId = scenario.PoolId, scenario.ClientId }))["ClientSecrets"]!.AsArray();

    private Task<JsonNode> SignInAsync(Scenario scenario, string secret) =>
        _gatehouse.CallAsync("InitiateAuth", new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            scenario.ClientId,
            AuthParameters = Scenario.Parameters(("USERNAME", "kate"), ("PASSWORD", Scenario.Password), ("SECRET_HASH", Core.Auth.SecretHash.Compute(secret, "kate", scenario.ClientId))),
        });
}
