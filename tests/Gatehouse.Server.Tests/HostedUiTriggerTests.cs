using System.Net;
using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>The hosted sign-up and confirm pages run PreSignUp and PostConfirmation as the API does.</summary>
public sealed class HostedUiTriggerTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private FunctionServer _functions = null!;

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _functions = await FunctionServer.StartAsync(_gatehouse);
    }

    public async Task DisposeAsync()
    {
        await _functions.DisposeAsync();
        await _gatehouse.DisposeAsync();
    }

    [Fact]
    public async Task A_user_that_PreSignUp_confirms_is_signed_in_straight_from_the_sign_up_page()
    {
        var pre = await _functions.AddAsync("pre", FunctionServer.Respond(r => r["autoConfirmUser"] = true));
        var post = await _functions.AddAsync("post");
        var pool = await HostedPool.CreateAsync(_gatehouse, new { PoolName = "hosted", AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = new { PreSignUp = pre, PostConfirmation = post } });
        var browser = new HostedBrowser(_gatehouse);

        var signup = await browser.GetAsync("/signup?" + pool.Query());
        var created = await browser.PostAsync(signup.FormAction, [("username", "uma"), ("email", "uma@example.com"), ("password", HostedPool.Password)]);

        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        Assert.StartsWith(HostedPool.Callback + "?code=", created.Location, StringComparison.Ordinal);
        Assert.Equal("PreSignUp_SignUp", (string?)_functions.Last("pre")["triggerSource"]);
        Assert.Equal(pool.ClientId, (string?)_functions.Last("pre")["callerContext"]!["clientId"]);
        Assert.Equal("PostConfirmation_ConfirmSignUp", (string?)_functions.Last("post")["triggerSource"]);
    }

    [Fact]
    public async Task The_sign_up_page_shows_the_PreSignUp_error_and_the_confirm_page_runs_PostConfirmation()
    {
        var pre = await _functions.AddAsync("pre", e => Task.FromResult((string?)e["request"]!["userAttributes"]!["email"] == "bad@example.com"
            ? FunctionReply.Raise("Email domain not allowed")
            : FunctionReply.Json(e)));
        var post = await _functions.AddAsync("post");
        var pool = await HostedPool.CreateAsync(_gatehouse, new { PoolName = "hosted", AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = new { PreSignUp = pre, PostConfirmation = post } });
        var browser = new HostedBrowser(_gatehouse);
        var signup = await browser.GetAsync("/signup?" + pool.Query());

        var refused = await browser.PostAsync(signup.FormAction, [("username", "vic"), ("email", "bad@example.com"), ("password", HostedPool.Password)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("PreSignUp failed with error Email domain not allowed.", refused.Alert);

        var created = await browser.PostAsync(signup.FormAction, [("username", "vic"), ("email", "vic@example.com"), ("password", HostedPool.Password)]);
        var confirm = await browser.FollowAsync(created);
        var confirmed = await browser.PostAsync(confirm.FormAction, [("username", "vic"), ("code", await pool.LatestCodeAsync("vic"))]);

        Assert.StartsWith(HostedPool.Callback + "?code=", confirmed.Location, StringComparison.Ordinal);
        var e = _functions.Last("post");
        Assert.Equal("PostConfirmation_ConfirmSignUp", (string?)e["triggerSource"]);
        Assert.Equal("vic", (string?)e["userName"]);
        Assert.Single(_functions.Events("post"));
    }

    [Fact]
    public async Task The_login_page_migrates_an_unknown_user_and_signs_them_in()
    {
        var migrate = await _functions.AddAsync("migrate", e => Task.FromResult((string?)e["request"]!["password"] == "Legacy-Passw0rd!"
            ? FunctionReply.Json(e.SetResponse("userAttributes", new JsonObject { ["email"] = "wes@example.com", ["email_verified"] = "true" }))
            : FunctionReply.Raise("Bad password")));
        var pool = await HostedPool.CreateAsync(_gatehouse, new { PoolName = "hosted", AutoVerifiedAttributes = new[] { "email" }, LambdaConfig = new { UserMigration = migrate } });
        var browser = new HostedBrowser(_gatehouse);
        var login = await browser.GetAsync("/login?" + pool.Query());

        var wrong = await browser.PostAsync(login.FormAction, [("username", "wes"), ("password", "Wrong-Passw0rd!")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("UserMigration failed with error Bad password.", wrong.Alert);

        var signedIn = await browser.PostAsync(login.FormAction, [("username", "wes"), ("password", "Legacy-Passw0rd!")]);
        Assert.StartsWith(HostedPool.Callback + "?code=", signedIn.Location, StringComparison.Ordinal);
        Assert.Equal("UserMigration_Authentication", (string?)_functions.Last("migrate")["triggerSource"]);
        Assert.Equal(pool.ClientId, (string?)_functions.Last("migrate")["callerContext"]!["clientId"]);
    }
}

internal static class EventExtensions
{
    public static JsonObject SetResponse(this JsonObject e, string member, JsonNode value)
    {
        e["response"]![member] = value;
        return e;
    }
}
