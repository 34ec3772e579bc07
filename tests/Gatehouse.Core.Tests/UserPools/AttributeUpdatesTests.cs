using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests.UserPools;

public sealed class AttributeUpdatesTests
{
    [Fact]
    public void A_changed_contact_becomes_unverified()
    {
        var user = User(("email", "a@example.com"), ("email_verified", "true"), ("phone_number", "+15555550100"), ("phone_number_verified", "true"));

        var unverified = AttributeUpdates.Apply(user, Pairs(("email", "b@example.com"), ("phone_number", "+15555550100"), ("name", "B")));

        Assert.Equal(["email"], unverified);
        Assert.Equal("b@example.com", user.Attribute("email"));
        Assert.Equal("false", user.Attribute("email_verified"));
        Assert.Equal("true", user.Attribute("phone_number_verified"));
        Assert.Equal("B", user.Attribute("name"));
    }

    [Fact]
    public void A_request_may_vouch_for_the_new_contact()
    {
        var user = User(("phone_number", "+15555550100"));

        var unverified = AttributeUpdates.Apply(user, Pairs(("phone_number", "+15555550199"), ("phone_number_verified", "true")));

        Assert.Empty(unverified);
        Assert.Equal("true", user.Attribute("phone_number_verified"));
    }

    [Fact]
    public void A_new_contact_is_unverified_and_the_last_duplicate_wins()
    {
        var user = User();

        var unverified = AttributeUpdates.Apply(user, Pairs(("email", "first@example.com"), ("email", "last@example.com")));

        Assert.Equal(["email"], unverified);
        Assert.Equal("last@example.com", user.Attribute("email"));
        Assert.Equal("false", user.Attribute("email_verified"));
    }

    [Fact]
    public void Deleting_a_contact_drops_its_verified_flag()
    {
        var user = User(("email", "a@example.com"), ("email_verified", "true"), ("name", "A"));

        AttributeUpdates.Delete(user, ["email", "nickname"]);

        Assert.Equal(["name"], user.Attributes.Keys);
    }

    [Theory]
    [InlineData("sub", "Attributes did not conform to the schema: Cannot modify the non-mutable attribute sub")]
    [InlineData("custom:fixed", "Attributes did not conform to the schema: Cannot modify the non-mutable attribute custom:fixed")]
    [InlineData("email", "Attributes did not conform to the schema: email: The attribute is required")]
    [InlineData("custom:nope", "Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined")]
    public void Deletions_keep_what_the_schema_needs(string name, string message)
    {
        var error = Assert.Throws<CognitoException>(() => AttributeRules.CheckDelete(Pool(), ["name", name], admin: true));
        Assert.Equal(("InvalidParameterException", message), (error.Type, error.Message));
    }

    [Fact]
    public void Developer_only_attributes_are_deleted_by_administrators_only()
    {
        AttributeRules.CheckDelete(Pool(), ["dev:custom:secret", "name", "email_verified"], admin: true);
        Assert.Throws<CognitoException>(() => AttributeRules.CheckDelete(Pool(), ["dev:custom:secret"], admin: false));
    }

    private static UserPool Pool() => new()
    {
        SchemaAttributes = StandardSchema.Build(
        [
            new SchemaAttribute { Name = "email", AttributeDataType = "String", Required = true },
            new SchemaAttribute { Name = "fixed", AttributeDataType = "String", Mutable = false },
            new SchemaAttribute { Name = "secret", AttributeDataType = "String", DeveloperOnlyAttribute = true },
        ]),
    };

    private static User User(params (string Name, string Value)[] attributes)
    {
        var user = new User { Username = "u", Key = "u", Sub = "s" };
        foreach (var (name, value) in attributes)
        {
            user.Attributes[name] = value;
        }

        return user;
    }

    private static List<KeyValuePair<string, string>> Pairs(params (string Name, string Value)[] pairs) =>
        pairs.Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList();
}
