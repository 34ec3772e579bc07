namespace Gatehouse.Core.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void One_error_reads_like_AWS()
    {
        var error = Assert.Throws<CognitoException>(() => new Validation().Required(null, "clientId").ThrowIfAny());
        Assert.Equal("InvalidParameterException", error.Type);
        Assert.Equal("1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null", error.Message);
    }

    [Fact]
    public void Several_errors_are_counted_and_joined()
    {
        var error = Assert.Throws<CognitoException>(() => new Validation().Required(null, "a").Range(99, 1, 60, "maxResults").ThrowIfAny());
        Assert.Equal(
            "2 validation errors detected: Value null at 'a' failed to satisfy constraint: Member must not be null; Value '99' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
            error.Message);
    }

    [Fact]
    public void Sensitive_values_are_not_echoed()
    {
        var error = Assert.Throws<CognitoException>(() => new Validation().Length("secret-password-that-is-too-long", 1, 5, "password", sensitive: true).ThrowIfAny());
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value at 'password'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_values_are_shortened_in_messages()
    {
        var error = Assert.Throws<CognitoException>(() => new Validation().Length(new string('x', 100_000), 1, 128, "poolName").ThrowIfAny());
        Assert.True(error.Message.Length < 1000);
    }
}
