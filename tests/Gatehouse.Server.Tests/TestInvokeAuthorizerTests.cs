namespace Gatehouse.Server.Tests;

/// <summary>TestInvokeAuthorizer: an authorizer of the API as configured now, on a request the caller describes.</summary>
public sealed class TestInvokeAuthorizerTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_Cognito_authorizer_passes_a_valid_token_with_its_claims_and_refuses_others_with_401()
    {
        var scenario = await Scenario.CreateAsync(_gatehouse);
        var sub = await scenario.SignUpConfirmedAsync("kate");
        var tokens = await scenario.TokensAsync("kate");
        var (apiId, _) = await _api.CreateApiAsync();
        var authorizerId = await _api.CreateCognitoAuthorizerAsync(apiId, scenario.PoolId);
        var path = $"/restapis/{apiId}/authorizers/{authorizerId}";

        var allowed = await _api.CallAsync("POST", path, new { headers = new Dictionary<string, string> { ["Authorization"] = tokens.IdToken } });
        Assert.Equal(0, allowed["clientStatus"]!.GetValue<int>());
        Assert.Equal(sub, allowed["principalId"]!.GetValue<string>());
        Assert.Equal("kate", allowed["claims"]!["cognito:username"]!.GetValue<string>());
        Assert.Equal("kate@example.com", allowed["claims"]!["email"]!.GetValue<string>());
        Assert.Contains("Starting authorizer: " + authorizerId, allowed["log"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(allowed["latency"]!.GetValue<long>() >= 0);

        foreach (var headers in new[]
        {
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["Authorization"] = "not-a-token" },
            new Dictionary<string, string> { ["Authorization"] = tokens.IdToken[..^4] + "AAAA" },
        })
        {
            var denied = await _api.CallAsync("POST", path, new { headers });
            Assert.Equal(401, denied["clientStatus"]!.GetValue<int>());
            Assert.Null(denied["principalId"]);
            Assert.Null(denied["claims"]);
        }

        _gatehouse.Clock.Advance(TimeSpan.FromHours(2));
        var expired = await _api.CallAsync("POST", path, new { multiValueHeaders = new Dictionary<string, string[]> { ["authorization"] = [tokens.IdToken] } });
        Assert.Equal(401, expired["clientStatus"]!.GetValue<int>());
        Assert.Contains("The incoming token has expired", expired["log"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_API_or_authorizer_is_NotFoundException()
    {
        var (apiId, _) = await _api.CreateApiAsync();
        await _api.FailAsync("POST", $"/restapis/{apiId}/authorizers/nothere", new { }, 404, "NotFoundException");
        await _api.FailAsync("POST", "/restapis/nothere/authorizers/nothere", new { }, 404, "NotFoundException");
        await _api.FailAsync("POST", $"/restapis/{apiId}/authorizers/nothere", new { headers = new[] { "not", "a", "map" } }, 400, "SerializationException");
    }
}
