using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests;

public sealed class PasswordTests
{
    [Fact]
    public void Hashes_are_salted_carry_their_cost_and_verify()
    {
        var hasher = new PasswordHasher(1000);
        var first = hasher.Hash("Passw0rd!");
        var second = hasher.Hash("Passw0rd!");
        Assert.NotEqual(first, second);
        Assert.StartsWith("pbkdf2-sha256$1000$", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Passw0rd!", first, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("Passw0rd!", first));
        Assert.False(PasswordHasher.Verify("passw0rd!", first));
        Assert.True(PasswordHasher.Verify("Passw0rd!", new PasswordHasher(2000).Hash("Passw0rd!")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$x$abc$def")]
    [InlineData("md5$1$a$b")]
    public void Malformed_hashes_never_verify(string? stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void The_production_cost_is_the_default() => Assert.Equal(600_000, PasswordHasher.ProductionIterations);

    [Theory]
    [InlineData("Ab1!", "Password not long enough")]
    [InlineData("ABCDEFG1!", "Password must have lowercase characters")]
    [InlineData("abcdefg1!", "Password must have uppercase characters")]
    [InlineData("Abcdefgh!", "Password must have numeric characters")]
    [InlineData("Abcdefgh1", "Password must have symbol characters")]
    public void The_default_policy_names_what_is_missing(string password, string problem)
    {
        var error = Assert.Throws<CognitoException>(() => PasswordPolicyRules.Check(new UserPool(), password));
        Assert.Equal("InvalidPasswordException", error.Type);
        Assert.Equal("Password did not conform with policy: " + problem, error.Message);
    }

    [Fact]
    public void A_relaxed_policy_accepts_simple_passwords()
    {
        var pool = new UserPool { Policies = new UserPoolPolicies { PasswordPolicy = new PasswordPolicy { MinimumLength = 6 } } };
        PasswordPolicyRules.Check(pool, "simple");
    }

    [Fact]
    public void Secret_hash_matches_the_AWS_formula_and_rejects_others()
    {
        // Base64(HMAC-SHA256(secret, username + clientId)), as seed 002 computes it in Python.
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData("secret"u8.ToArray(), "aliceclient"u8.ToArray()));
        Assert.Equal(expected, SecretHash.Compute("secret", "alice", "client"));
        var client = new AppClient { ClientId = "client", ClientSecret = "secret" };
        SecretHash.Check(client, expected, "alice");
        Assert.Equal("NotAuthorizedException", Assert.Throws<CognitoException>(() => SecretHash.Check(client, expected, "bob")).Type);
        Assert.Equal("NotAuthorizedException", Assert.Throws<CognitoException>(() => SecretHash.Check(client, "%%%", "alice")).Type);
        Assert.Equal("NotAuthorizedException", Assert.Throws<CognitoException>(() => SecretHash.Check(client, null, "alice")).Type);
        SecretHash.Check(new AppClient { ClientId = "public" }, null, "alice");
    }
}

public sealed class PasswordCheckTests
{
    private readonly PasswordHasher _hasher = new(1000);

    [Fact]
    public void A_check_stands_while_the_stored_hash_is_unchanged()
    {
        var user = new User { Key = "u", PasswordHash = _hasher.Hash("Old0ne!!") };
        var check = PasswordCheck.Of(user, "Old0ne!!");
        Assert.True(check.Matches);
        Assert.True(PasswordCheck.Verify(check, user, "Old0ne!!"));
    }

    [Fact]
    public void A_check_is_redone_when_the_password_changed_in_between()
    {
        var user = new User { Key = "u", PasswordHash = _hasher.Hash("Old0ne!!") };
        var check = PasswordCheck.Of(user, "Old0ne!!");
        user.PasswordHash = _hasher.Hash("N3wOne!!");
        Assert.False(PasswordCheck.Verify(check, user, "Old0ne!!"));
        Assert.True(PasswordCheck.Verify(check, user, "N3wOne!!"));
    }

    [Fact]
    public void A_check_of_another_user_is_never_reused()
    {
        var hash = _hasher.Hash("Same0ne!!");
        var check = PasswordCheck.Of(new User { Key = "a", PasswordHash = hash }, "Same0ne!!");
        Assert.False(PasswordCheck.Verify(check with { Matches = true }, new User { Key = "b", PasswordHash = hash }, "wrong"));
    }
}
