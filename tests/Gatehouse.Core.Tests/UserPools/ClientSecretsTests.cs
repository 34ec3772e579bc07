using Gatehouse.Core.OAuth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests.UserPools;

public sealed class ClientSecretsTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void A_client_with_one_secret_has_it_under_an_id_made_from_its_creation()
    {
        var client = new AppClient { ClientId = "abc", ClientSecret = "one", CreationDate = Created };
        var secret = Assert.Single(client.Secrets());
        Assert.Equal("abc--1700000000000", secret.Id);
        Assert.Equal(Created, secret.Created);
        Assert.Empty(new AppClient { ClientId = "public" }.Secrets());
    }

    [Fact]
    public void During_a_rotation_either_secret_authenticates_the_client_and_nothing_else_does()
    {
        var client = Rotating();
        Assert.True(ClientAuthentication.SecretMatches(client, "old-secret"));
        Assert.True(ClientAuthentication.SecretMatches(client, "new-secret"));
        Assert.False(ClientAuthentication.SecretMatches(client, "other"));
        Assert.False(ClientAuthentication.SecretMatches(client, null));
        Assert.False(ClientAuthentication.SecretMatches(client, ""));
    }

    [Fact]
    public void A_secret_set_another_way_ends_the_rotation()
    {
        // The config file sets ClientSecret directly; a stale rotation must not keep the secrets it replaced alive.
        var client = Rotating();
        client.ClientSecret = "declared";
        Assert.Equal(["declared"], client.Secrets().Select(s => s.Value));
        Assert.False(ClientAuthentication.SecretMatches(client, "new-secret"));
        Assert.True(ClientAuthentication.SecretMatches(client, "declared"));
    }

    private static AppClient Rotating() => new()
    {
        ClientId = "abc",
        ClientSecret = "old-secret",
        CreationDate = Created,
        SecretRotation =
        [
            new ClientSecretEntry { Id = "abc--1", Value = "old-secret", Created = Created },
            new ClientSecretEntry { Id = "abc--2", Value = "new-secret", Created = Created.AddDays(1) },
        ],
    };
}
