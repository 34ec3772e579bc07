using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests.UserPools;

public sealed class UserFilterParserTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_filter_lists_everyone(string? filter) => Assert.Null(UserFilterParser.Parse(filter));

    [Theory]
    [InlineData("email = \"a@example.com\"", "email", "a@example.com", false)]
    [InlineData("email=\"a@example.com\"", "email", "a@example.com", false)]
    [InlineData("  given_name   ^=   \"Jo\"  ", "given_name", "Jo", true)]
    [InlineData("family_name^=\"\"", "family_name", "", true)]
    [InlineData("username = \"Alice\"", "username", "Alice", false)]
    [InlineData("status = \"Disabled\"", "status", "Disabled", false)]
    [InlineData("sub ^= \"1234\"", "sub", "1234", true)]
    [InlineData("phone_number = \"+15555550100\"", "phone_number", "+15555550100", false)]
    [InlineData("preferred_username = \"x = \\\"y\\\"\"", "preferred_username", "x = \"y\"", false)]
    [InlineData("name = \"back\\\\slash\"", "name", "back\\slash", false)]
    [InlineData("name = \"a\\b\"", "name", "ab", false)]
    [InlineData("name = \"spaces  inside \"", "name", "spaces  inside ", false)]
    [InlineData("name = \"a^=b\"", "name", "a^=b", false)]
    public void Parses_exact_and_prefix_filters(string filter, string attribute, string value, bool prefix) =>
        Assert.Equal(new UserFilter(attribute, value, prefix), UserFilterParser.Parse(filter));

    [Theory]
    [InlineData("cognito:user_status = \"confirmed\"", "CONFIRMED", false)]
    [InlineData("cognito:user_status ^= \"Force\"", "FORCE", true)]
    public void User_status_values_are_case_insensitive(string filter, string value, bool prefix) =>
        Assert.Equal(new UserFilter("cognito:user_status", value, prefix), UserFilterParser.Parse(filter));

    [Fact]
    public void Status_values_keep_their_case() =>
        Assert.Equal(new UserFilter("status", "enabled", false), UserFilterParser.Parse("status = \"enabled\""));

    [Theory]
    [InlineData("email")]
    [InlineData("email =")]
    [InlineData("email = a@example.com")]
    [InlineData("email = 'a@example.com'")]
    [InlineData("email = \"unterminated")]
    [InlineData("email = \"trailing backslash\\")]
    [InlineData("email = \"a\" extra")]
    [InlineData("email = \"a\"\"b\"")]
    [InlineData("email == \"a\"")]
    [InlineData("email != \"a\"")]
    [InlineData("email ^ \"a\"")]
    [InlineData("email = ^\"a\"")]
    [InlineData("= \"a\"")]
    [InlineData("\"email\" = \"a\"")]
    [InlineData("email name = \"a\"")]
    [InlineData("foo")]
    public void Malformed_filters_are_parse_errors(string filter)
    {
        var error = Assert.Throws<CognitoException>(() => UserFilterParser.Parse(filter));
        Assert.Equal("InvalidParameterException", error.Type);
        Assert.Equal("Error while parsing filter.", error.Message);
    }

    [Theory]
    [InlineData("foo = \"bar\"", "foo")]
    [InlineData("custom:tier = \"gold\"", "custom:tier")]
    [InlineData("Email = \"a@example.com\"", "Email")]
    [InlineData("email_verified = \"true\"", "email_verified")]
    [InlineData("nickname ^= \"x\"", "nickname")]
    public void Only_indexed_attributes_can_be_searched(string filter, string attribute)
    {
        var error = Assert.Throws<CognitoException>(() => UserFilterParser.Parse(filter));
        Assert.Equal("InvalidParameterException", error.Type);
        Assert.Equal($"Invalid search attribute: {attribute}", error.Message);
    }

    [Fact]
    public void Every_indexed_attribute_is_searchable()
    {
        foreach (var attribute in UserKeys.Indexed)
        {
            Assert.Equal(attribute, UserFilterParser.Parse($"{attribute} = \"x\"")!.Attribute);
        }
    }
}
