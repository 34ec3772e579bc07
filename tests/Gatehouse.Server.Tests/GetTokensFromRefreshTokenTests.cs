namespace Gatehouse.Server.Tests;

/// <summary>GetTokensFromRefreshToken, the refresh Amplify v6 uses.</summary>
public sealed class GetTokensFromRefreshTokenTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_refresh_token_gives_new_ID_and_access_tokens_and_no_new_refresh_token()
    {
        var s = await Scenario.CreateAsync(_gatehouse);
        await s.SignUpConfirmedAsync("alice");
        var tokens = await s.TokensAsync("alice");
        var result = await _gatehouse.CallAsync("GetTokensFromRefreshToken", new { s.ClientId, tokens.RefreshToken });
        var auth = result["AuthenticationResult"]!;
        Assert.Equal("alice", Scenario.Payload(auth["AccessToken"]!.GetValue<string>())["username"]!.GetValue<string>());
        Assert.NotNull(auth["IdToken"]);
        Assert.Null(auth["RefreshToken"]);
        Assert.Null(result["ChallengeParameters"]);

        await _gatehouse.CallAsync("RevokeToken", new { Token = tokens.RefreshToken, s.ClientId });
        await _gatehouse.FailAsync("GetTokensFromRefreshToken", new { s.ClientId, tokens.RefreshToken }, "NotAuthorizedException");
        await _gatehouse.FailAsync("GetTokensFromRefreshToken", new { s.ClientId, RefreshToken = "forged" }, "NotAuthorizedException");
        await _gatehouse.FailAsync("GetTokensFromRefreshToken", new { s.ClientId }, "InvalidParameterException");
    }

    [Fact]
    public async Task A_client_with_a_secret_must_send_it()
    {
        var s = await Scenario.CreateAsync(_gatehouse, secret: true);
        await s.SignUpConfirmedAsync("bob");
        var tokens = await s.TokensAsync("bob");
        var missing = await _gatehouse.FailAsync("GetTokensFromRefreshToken", new { s.ClientId, tokens.RefreshToken }, "NotAuthorizedException");
        Assert.Equal($"Client {s.ClientId} is configured for secret but secret was not received", missing.AwsMessage);
        await _gatehouse.FailAsync("GetTokensFromRefreshToken", new { s.ClientId, tokens.RefreshToken, ClientSecret = "wrong" }, "NotAuthorizedException");
        var result = await _gatehouse.CallAsync("GetTokensFromRefreshToken", new { s.ClientId, tokens.RefreshToken, s.ClientSecret });
        Assert.NotNull(result["AuthenticationResult"]!["AccessToken"]);
    }

    [Fact]
    public async Task The_refresh_flow_must_be_allowed()
    {
        var s = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
        await s.SignUpConfirmedAsync("carol");
        var tokens = await s.TokensAsync("carol");
        await _gatehouse.CallAsync("UpdateUserPoolClient", new { UserPoolId = s.PoolId, s.ClientId, ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH" } });
        var error = await _gatehouse.FailAsync("GetTokensFromRefreshToken", new { s.ClientId, tokens.RefreshToken }, "InvalidParameterException");
        Assert.Equal("Refresh Token auth flow not enabled for this client", error.AwsMessage);
    }
}
