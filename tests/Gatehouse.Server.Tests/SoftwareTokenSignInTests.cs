using System.Text.Json.Nodes;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.Tests;

/// <summary>SOFTWARE_TOKEN_MFA at sign-in through the API, after a TOTP set up during an MFA_SETUP challenge.</summary>
public sealed class SoftwareTokenSignInTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _s = await Scenario.CreateAsync(_gatehouse, flows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_TOTP_set_up_at_MFA_SETUP_is_asked_at_the_next_sign_in_and_its_codes_are_checked()
    {
        await _gatehouse.CallAsync("SetUserPoolMfaConfig", new { UserPoolId = _s.PoolId, MfaConfiguration = "ON", SoftwareTokenMfaConfiguration = new { Enabled = true } });
        await _gatehouse.CreateUserAsync(_s.PoolId, "tom");
        var setup = await _s.SignInAsync("tom");
        Assert.Equal("MFA_SETUP", setup["ChallengeName"]!.GetValue<string>());
        var associated = await _gatehouse.CallAsync("AssociateSoftwareToken", new { Session = setup["Session"]!.GetValue<string>() });
        var key = Totp.Base32Decode(associated["SecretCode"]!.GetValue<string>())!;
        var verified = await _gatehouse.CallAsync("VerifySoftwareToken", new
        {
            Session = associated["Session"]!.GetValue<string>(),
            UserCode = Totp.Code(key, _gatehouse.Clock.GetUtcNow()),
        });
        var done = await _gatehouse.CallAsync("RespondToAuthChallenge", new
        {
            _s.ClientId,
            ChallengeName = "MFA_SETUP",
            Session = verified["Session"]!.GetValue<string>(),
            ChallengeResponses = new JsonObject { ["USERNAME"] = "tom" },
        });
        Assert.NotNull(done["AuthenticationResult"]);

        _gatehouse.Clock.Advance(TimeSpan.FromSeconds(30));
        var challenge = await _s.SignInAsync("tom");
        Assert.Equal("SOFTWARE_TOKEN_MFA", challenge["ChallengeName"]!.GetValue<string>());
        var code = Totp.Code(key, _gatehouse.Clock.GetUtcNow());
        var wrong = await _gatehouse.FailAsync("RespondToAuthChallenge", Answer(challenge, code == "000000" ? "111111" : "000000"), "CodeMismatchException");
        Assert.Equal("Invalid code received for user", wrong.AwsMessage);
        Assert.NotNull((await _gatehouse.CallAsync("RespondToAuthChallenge", Answer(challenge, code)))["AuthenticationResult"]);

        // The same code is never accepted twice, even in a new sign-in within its 30 seconds.
        var again = await _s.SignInAsync("tom");
        await _gatehouse.FailAsync("RespondToAuthChallenge", Answer(again, code), "CodeMismatchException");
    }

    private JsonObject Answer(JsonNode challenge, string code) => new()
    {
        ["ClientId"] = _s.ClientId,
        ["ChallengeName"] = "SOFTWARE_TOKEN_MFA",
        ["Session"] = challenge["Session"]!.GetValue<string>(),
        ["ChallengeResponses"] = new JsonObject { ["USERNAME"] = "tom", ["SOFTWARE_TOKEN_MFA_CODE"] = code },
    };
}
