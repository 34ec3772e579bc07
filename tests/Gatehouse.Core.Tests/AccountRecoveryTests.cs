using System.Text.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests;

public sealed class AccountRecoveryTests
{
    [Fact]
    public void The_highest_priority_verified_contact_wins()
    {
        var pool = Pool("""{"RecoveryMechanisms":[{"Priority":2,"Name":"verified_email"},{"Priority":1,"Name":"verified_phone_number"}]}""");
        var user = User(("email", "a@example.com"), ("email_verified", "true"), ("phone_number", "+15550001111"), ("phone_number_verified", "true"));
        Assert.Equal("phone_number", AccountRecovery.ContactAttribute(pool, user));

        user.Attributes["phone_number_verified"] = "false";
        Assert.Equal("email", AccountRecovery.ContactAttribute(pool, user));
    }

    [Fact]
    public void Unverified_contacts_and_admin_only_pools_offer_nothing()
    {
        var user = User(("email", "a@example.com"), ("email_verified", "false"));
        Assert.Null(AccountRecovery.ContactAttribute(Pool(null), user));

        user.Attributes["email_verified"] = "true";
        Assert.Equal("email", AccountRecovery.ContactAttribute(Pool(null), user));
        Assert.Null(AccountRecovery.ContactAttribute(Pool("""{"RecoveryMechanisms":[{"Priority":1,"Name":"admin_only"}]}"""), user));
    }

    private static UserPool Pool(string? recovery) => new()
    {
        Id = "us-east-1_test",
        AccountRecoverySetting = recovery is null ? null : JsonDocument.Parse(recovery).RootElement.Clone(),
    };

    private static User User(params (string Name, string Value)[] attributes)
    {
        var user = new User { PoolId = "us-east-1_test", Username = "u", Key = "u" };
        foreach (var (name, value) in attributes)
        {
            user.Attributes[name] = value;
        }

        return user;
    }
}
