using System.Text.Json.Nodes;

namespace Gatehouse.Server.Tests;

/// <summary>UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode and VerifyUserAttribute.</summary>
public sealed class UserAttributeTests(SelfServiceFixture fixture) : IClassFixture<SelfServiceFixture>, IAsyncLifetime
{
    private readonly string _alice = fixture.Name("alice");
    private SelfServicePool _pool = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _pool = await fixture.PoolAsync("aliases", g => SelfServicePool.CreateAsync(g, new
        {
            PoolName = "attributes",
            AutoVerifiedAttributes = new[] { "email" },
            AliasAttributes = new[] { "email", "preferred_username" },
            Schema = new[] { new { Name = "family_name", AttributeDataType = "String", Required = true, Mutable = true } },
        }));
        await SignUpAsync(_alice, _alice + "@example.com");
        _token = (await _pool.SignInAsync(_alice))["AccessToken"]!.GetValue<string>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Changing_the_email_unverifies_it_and_sends_a_code_to_the_new_address()
    {
        var response = await UpdateAsync(_token, ("email", _alice + "@new.example"), ("given_name", "Alice"));
        var delivery = Assert.Single(response["CodeDeliveryDetailsList"]!.AsArray())!;
        Assert.Equal("a***@n***", delivery["Destination"]!.GetValue<string>());
        Assert.Equal("EMAIL", delivery["DeliveryMedium"]!.GetValue<string>());
        Assert.Equal("email", delivery["AttributeName"]!.GetValue<string>());

        var user = await GetUserAsync(_token);
        Assert.Equal(_alice + "@new.example", SelfServicePool.Attribute(user, "email"));
        Assert.Equal("false", SelfServicePool.Attribute(user, "email_verified"));
        Assert.Equal("Alice", SelfServicePool.Attribute(user, "given_name"));
        Assert.Equal(_alice + "@new.example", (await _pool.MessagesAsync(_alice))[0]!["destination"]!.GetValue<string>());

        await VerifyAsync(_token, "email", await _pool.CodeAsync(_alice));
        Assert.Equal("true", SelfServicePool.Attribute(await GetUserAsync(_token), "email_verified"));
        Assert.NotNull((await _pool.SignInAsync(_alice + "@new.example"))["AccessToken"]);
    }

    [Fact]
    public async Task Other_attributes_change_without_codes()
    {
        var nick = fixture.Name("ally");
        var response = await UpdateAsync(_token, ("preferred_username", nick));
        Assert.Null(response["CodeDeliveryDetailsList"]);
        Assert.Equal(nick, SelfServicePool.Attribute(await GetUserAsync(_token), "preferred_username"));
        Assert.Single(await _pool.MessagesAsync(_alice));
    }

    [Fact]
    public async Task A_verification_code_can_be_asked_for_again_and_a_wrong_one_changes_nothing()
    {
        await UpdateAsync(_token, ("email", _alice + "@new.example"));
        var response = await _pool.CallAsync("GetUserAttributeVerificationCode", new { AccessToken = _token, AttributeName = "email" });
        Assert.Equal("a***@n***", response["CodeDeliveryDetails"]!["Destination"]!.GetValue<string>());
        var code = await _pool.CodeAsync(_alice);
        var before = await _pool.SnapshotAsync(_alice);

        var error = await _pool.FailAsync(
            "VerifyUserAttribute", new { AccessToken = _token, AttributeName = "email", Code = code == "000000" ? "111111" : "000000" }, "CodeMismatchException");
        Assert.Equal("Invalid verification code provided, please try again.", error.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));

        await VerifyAsync(_token, "email", code);
        await _pool.FailAsync("VerifyUserAttribute", new { AccessToken = _token, AttributeName = "email", Code = code }, "CodeMismatchException");
    }

    [Fact]
    public async Task Only_email_and_phone_number_can_be_verified()
    {
        var error = await _pool.FailAsync(
            "GetUserAttributeVerificationCode", new { AccessToken = _token, AttributeName = "given_name" }, "InvalidParameterException");
        Assert.Equal("invalid attribute name. Only phone_number and email can be verified", error.AwsMessage);
        await _pool.FailAsync(
            "GetUserAttributeVerificationCode", new { AccessToken = _token, AttributeName = "phone_number" }, "InvalidParameterException");
    }

    [Fact]
    public async Task Writes_that_break_the_schema_or_the_client_rules_change_nothing()
    {
        var before = await _pool.SnapshotAsync(_alice);
        var unknown = await _pool.FailAsync("UpdateUserAttributes", Body(_token, ("custom:nothere", "x")), "InvalidParameterException");
        Assert.Equal("Attributes did not conform to the schema: Type for attribute {custom:nothere} could not be determined", unknown.AwsMessage);
        await _pool.FailAsync("UpdateUserAttributes", Body(_token, ("email", "not-an-email")), "InvalidParameterException");
        await _pool.FailAsync("UpdateUserAttributes", Body(_token, ("sub", "mine")), "InvalidParameterException");
        var verified = await _pool.FailAsync("UpdateUserAttributes", Body(_token, ("email", "x@y.example"), ("email_verified", "true")), "NotAuthorizedException");
        Assert.Equal("A client attempted to write unauthorized attribute", verified.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));
    }

    [Fact]
    public async Task Verifying_an_email_another_user_holds_as_verified_alias_fails()
    {
        var bob = fixture.Name("bob");
        await SignUpAsync(bob, bob + "@example.com");
        var bobToken = (await _pool.SignInAsync(bob))["AccessToken"]!.GetValue<string>();
        await UpdateAsync(bobToken, ("email", _alice + "@example.com"));
        var code = await _pool.CodeAsync(bob);
        var before = await _pool.SnapshotAsync(bob);

        var error = await _pool.FailAsync("VerifyUserAttribute", new { AccessToken = bobToken, AttributeName = "email", Code = code }, "AliasExistsException");
        Assert.Equal("An account with the given email already exists.", error.AwsMessage);
        Assert.Equal(before, await _pool.SnapshotAsync(bob));
        Assert.Equal("true", SelfServicePool.Attribute(await _pool.AdminGetUserAsync(_alice), "email_verified"));
    }

    [Fact]
    public async Task A_taken_preferred_username_is_refused_at_once()
    {
        var nick = fixture.Name("ally");
        var bob = fixture.Name("bob");
        await UpdateAsync(_token, ("preferred_username", nick));
        await SignUpAsync(bob, bob + "@example.com");
        var bobToken = (await _pool.SignInAsync(bob))["AccessToken"]!.GetValue<string>();
        var error = await _pool.FailAsync("UpdateUserAttributes", Body(bobToken, ("preferred_username", nick)), "AliasExistsException");
        Assert.Equal("An account with the given preferred_username already exists.", error.AwsMessage);
    }

    [Fact]
    public async Task Pools_that_require_verification_keep_the_old_email_until_the_new_one_is_verified()
    {
        var carol = fixture.Name("carol");
        var strict = await fixture.PoolAsync("strict", g => SelfServicePool.CreateAsync(g, new
        {
            PoolName = "strict",
            AutoVerifiedAttributes = new[] { "email" },
            UserAttributeUpdateSettings = new { AttributesRequireVerificationBeforeUpdate = new[] { "email" } },
        }));
        await strict.SignUpConfirmedAsync(carol, carol + "@example.com");
        var token = (await strict.SignInAsync(carol))["AccessToken"]!.GetValue<string>();

        var response = await strict.CallAsync("UpdateUserAttributes", Body(token, ("email", carol + "@new.example")));
        Assert.Equal("c***@n***", response["CodeDeliveryDetailsList"]![0]!["Destination"]!.GetValue<string>());
        var user = await strict.CallAsync("GetUser", new { AccessToken = token });
        Assert.Equal(carol + "@example.com", SelfServicePool.Attribute(user, "email"));
        Assert.Equal("true", SelfServicePool.Attribute(user, "email_verified"));

        await strict.CallAsync("VerifyUserAttribute", new { AccessToken = token, AttributeName = "email", Code = await strict.CodeAsync(carol) });
        user = await strict.CallAsync("GetUser", new { AccessToken = token });
        Assert.Equal(carol + "@new.example", SelfServicePool.Attribute(user, "email"));
        Assert.Equal("true", SelfServicePool.Attribute(user, "email_verified"));
    }

    [Fact]
    public async Task DeleteUserAttributes_removes_optional_attributes()
    {
        await UpdateAsync(_token, ("given_name", "Alice"));
        await _pool.CallAsync("DeleteUserAttributes", new { AccessToken = _token, UserAttributeNames = new[] { "given_name", "email" } });
        var user = await GetUserAsync(_token);
        Assert.Null(SelfServicePool.Attribute(user, "given_name"));
        Assert.Null(SelfServicePool.Attribute(user, "email"));
        Assert.Null(SelfServicePool.Attribute(user, "email_verified"));
        Assert.Equal("Liddell", SelfServicePool.Attribute(user, "family_name"));

        var before = await _pool.SnapshotAsync(_alice);
        var required = await _pool.FailAsync(
            "DeleteUserAttributes", new { AccessToken = _token, UserAttributeNames = new[] { "family_name" } }, "InvalidParameterException");
        Assert.Equal("Attributes did not conform to the schema: family_name: The attribute is required", required.AwsMessage);
        await _pool.FailAsync("DeleteUserAttributes", new { AccessToken = _token, UserAttributeNames = new[] { "sub" } }, "InvalidParameterException");
        Assert.Equal(before, await _pool.SnapshotAsync(_alice));
    }

    private async Task SignUpAsync(string username, string email)
    {
        await _pool.CallAsync("SignUp", new
        {
            _pool.ClientId,
            Username = username,
            Password = SelfServicePool.Password,
            UserAttributes = new[] { new { Name = "email", Value = email }, new { Name = "family_name", Value = "Liddell" } },
        });
        await _pool.CallAsync("ConfirmSignUp", new { _pool.ClientId, Username = username, ConfirmationCode = await _pool.CodeAsync(username) });
    }

    private static object Body(string token, params (string Name, string Value)[] attributes) =>
        new { AccessToken = token, UserAttributes = attributes.Select(a => new { a.Name, a.Value }).ToArray() };

    private Task<JsonNode> UpdateAsync(string token, params (string Name, string Value)[] attributes) =>
        _pool.CallAsync("UpdateUserAttributes", Body(token, attributes));

    private Task<JsonNode> GetUserAsync(string token) => _pool.CallAsync("GetUser", new { AccessToken = token });

    private Task VerifyAsync(string token, string attribute, string code) =>
        _pool.CallAsync("VerifyUserAttribute", new { AccessToken = token, AttributeName = attribute, Code = code });
}
