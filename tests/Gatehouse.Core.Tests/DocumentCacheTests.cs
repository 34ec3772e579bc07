using System.Text.Json;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Core.Tests;

/// <summary>
/// Write sessions get deep copies of cached pool and client documents instead of parsing them again. A copy must
/// be what a parse would give, share nothing mutable, and never outlive a change to the stored text. (Read sessions
/// share one object instead: see <see cref="SharedReadsTests"/>.)
/// </summary>
public sealed class DocumentCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;

    public DocumentCacheTests() => _store = new SqliteStore(_directory) { CheckSharedReads = true };

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Pools_and_clients_can_be_copied_member_by_member()
    {
        // If a new member of UserPool or AppClient has a shape the copier does not know, the cache turns itself off
        // and every request parses the pool again: correct, but the largest cost of a read request is back.
        Assert.True(new DocumentCaches().Pools.Enabled, "UserPool has a member JsonCopier cannot copy; extend JsonCopier.");
        Assert.True(new DocumentCaches().Clients.Enabled, "AppClient has a member JsonCopier cannot copy; extend JsonCopier.");
    }

    [Fact]
    public void A_copy_is_what_a_parse_gives_and_shares_nothing_mutable()
    {
        var original = JsonSerializer.Deserialize(JsonSerializer.Serialize(NewPool("us-east-1_cache0001"), CoreJson.Default.UserPool), CoreJson.Default.UserPool)!;
        var copy = JsonCopier<UserPool>.TryCreate(CoreJson.Default.UserPool)!.Copy(original);

        Assert.Equal(JsonSerializer.Serialize(original, CoreJson.Default.UserPool), JsonSerializer.Serialize(copy, CoreJson.Default.UserPool));
        Assert.NotSame(original.SchemaAttributes, copy.SchemaAttributes);
        Assert.NotSame(original.SchemaAttributes![0], copy.SchemaAttributes![0]);
        Assert.NotSame(original.SchemaAttributes[0].StringAttributeConstraints, copy.SchemaAttributes[0].StringAttributeConstraints);
        Assert.NotSame(original.Policies!.PasswordPolicy, copy.Policies!.PasswordPolicy);
        Assert.NotSame(original.UserPoolTags, copy.UserPoolTags);
        Assert.NotSame(original.AliasAttributes, copy.AliasAttributes);
    }

    [Fact]
    public async Task Changing_a_returned_pool_changes_nothing_for_the_next_writer()
    {
        await SaveAsync(NewPool("us-east-1_cache0002"));
        for (var i = 0; i < 3; i++)
        {
            await using var read = await _store.OpenAsync(write: true, CancellationToken.None);
            var pool = (await read.GetPoolAsync("us-east-1_cache0002", CancellationToken.None))!;
            Assert.Equal("pool", pool.Name);
            Assert.Equal(8, pool.Policies!.PasswordPolicy!.MinimumLength);
            Assert.DoesNotContain(pool.SchemaAttributes!, s => s.Name == "custom:added");
            Assert.Equal("a", pool.UserPoolTags!["team"]);

            pool.Name = "changed";
            pool.Policies.PasswordPolicy.MinimumLength = 99;
            pool.SchemaAttributes!.Add(new SchemaAttribute { Name = "custom:added" });
            pool.UserPoolTags["team"] = "b";
        }
    }

    [Fact]
    public async Task A_rolled_back_change_is_not_served_from_the_cache()
    {
        await SaveAsync(NewPool("us-east-1_cache0003"));
        await using (var write = await _store.OpenAsync(write: true, CancellationToken.None))
        {
            var pool = (await write.GetPoolAsync("us-east-1_cache0003", CancellationToken.None))!;
            pool.SchemaAttributes!.Add(new SchemaAttribute { Name = "custom:rolledback" });
            await write.SavePoolAsync(pool, CancellationToken.None);
            Assert.Contains((await write.GetPoolAsync("us-east-1_cache0003", CancellationToken.None))!.SchemaAttributes!, s => s.Name == "custom:rolledback");
        }

        await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
        Assert.DoesNotContain((await read.GetPoolAsync("us-east-1_cache0003", CancellationToken.None))!.SchemaAttributes!, s => s.Name == "custom:rolledback");
    }

    [Fact]
    public async Task A_committed_change_is_read_back()
    {
        await SaveAsync(NewPool("us-east-1_cache0004"));
        await using (var first = await _store.OpenAsync(write: false, CancellationToken.None))
        {
            Assert.Equal("pool", (await first.GetPoolAsync("us-east-1_cache0004", CancellationToken.None))!.Name);
        }

        var changed = NewPool("us-east-1_cache0004");
        changed.Name = "renamed";
        changed.Policies!.PasswordPolicy!.MinimumLength = 12;
        await SaveAsync(changed);

        await using var read = await _store.OpenAsync(write: false, CancellationToken.None);
        var pool = (await read.GetPoolAsync("us-east-1_cache0004", CancellationToken.None))!;
        Assert.Equal("renamed", pool.Name);
        Assert.Equal(12, pool.Policies!.PasswordPolicy!.MinimumLength);
    }

    [Fact]
    public async Task Clients_are_copied_too()
    {
        await SaveAsync(NewPool("us-east-1_cache0005"));
        await using (var write = await _store.OpenAsync(write: true, CancellationToken.None))
        {
            await write.SaveClientAsync(
                new AppClient { UserPoolId = "us-east-1_cache0005", ClientId = "cacheclient0000000000000001", ClientSecret = "secret", ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"] },
                CancellationToken.None);
            await write.CommitAsync(CancellationToken.None);
        }

        for (var i = 0; i < 2; i++)
        {
            await using var read = await _store.OpenAsync(write: true, CancellationToken.None);
            var client = (await read.GetClientAsync("cacheclient0000000000000001", CancellationToken.None))!;
            Assert.Equal("secret", client.ClientSecret);
            Assert.Equal(["ALLOW_USER_PASSWORD_AUTH"], client.ExplicitAuthFlows!);
            client.ClientSecret = null;
            client.ExplicitAuthFlows!.Clear();
        }
    }

    private static UserPool NewPool(string id) => new()
    {
        Id = id,
        Name = "pool",
        Policies = new UserPoolPolicies { PasswordPolicy = new PasswordPolicy { MinimumLength = 8, RequireNumbers = true } },
        SchemaAttributes = StandardSchema.Build(null),
        AliasAttributes = ["email"],
        LambdaConfig = JsonDocument.Parse("{}").RootElement.Clone(),
        UserPoolTags = new Dictionary<string, string> { ["team"] = "a" },
        AdminCreateUserConfig = new AdminCreateUserConfig { AllowAdminCreateUserOnly = false, InviteMessageTemplate = new MessageTemplate { EmailSubject = "hi" } },
        CreationDate = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero),
    };

    private async Task SaveAsync(UserPool pool)
    {
        await using var write = await _store.OpenAsync(write: true, CancellationToken.None);
        await write.SavePoolAsync(pool, CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
    }
}
