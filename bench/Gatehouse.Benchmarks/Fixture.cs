using Gatehouse.Core;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Pools;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse.Benchmarks;

/// <summary>
/// A real <see cref="SqliteStore"/> in a temp directory holding one pool's signing keys, a client, and a user with a
/// few attributes in two groups: what a sign-in reads and signs.
/// </summary>
internal sealed class Fixture : IDisposable
{
    public const string PublicUrl = "http://localhost:9229";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-bench", Guid.NewGuid().ToString("N"));

    private Fixture()
    {
        Store = new SqliteStore(_directory);
        Keys = new SigningKeys(Store, Time, () => System.Security.Cryptography.RSA.Create(2048));
    }

    public SqliteStore Store { get; }

    public TimeProvider Time { get; } = TimeProvider.System;

    public IdGenerator Ids { get; } = new();

    public IssuerUrls Issuers { get; } = new(PublicUrl);

    public SigningKeys Keys { get; }

    /// <summary>A pool as CreateUserPool stores it: the standard schema and AWS's default settings (a 4-5 KB document).</summary>
    public UserPool Pool { get; } = NewPool();

    public AppClient Client { get; } = new()
    {
        UserPoolId = "us-east-1_Bench0001",
        ClientId = "benchclient0000000000000001",
        ClientName = "bench",
        ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    };

    public User User { get; } = new()
    {
        PoolId = "us-east-1_Bench0001",
        Username = "alice",
        Key = "alice",
        Sub = "2f6bb2d5-5c0b-4d4e-9a0e-4a8f1f1d3c11",
        Status = UserStatus.Confirmed,
        Attributes = new(StringComparer.Ordinal)
        {
            ["sub"] = "2f6bb2d5-5c0b-4d4e-9a0e-4a8f1f1d3c11",
            ["email"] = "alice@example.com",
            ["email_verified"] = "true",
            ["name"] = "Alice Example",
            ["phone_number"] = "+15555550100",
            ["custom:tenant"] = "acme",
        },
    };

    public IReadOnlyList<Group> Groups { get; } =
    [
        new() { GroupName = "admins", UserPoolId = "us-east-1_Bench0001", Precedence = 1, RoleArn = "arn:aws:iam::123456789012:role/admins" },
        new() { GroupName = "users", UserPoolId = "us-east-1_Bench0001", Precedence = 10 },
    ];

    public static async Task<Fixture> CreateAsync()
    {
        var fixture = new Fixture();
        await using (var session = await fixture.Store.OpenAsync(write: true, CancellationToken.None))
        {
            await session.SavePoolAsync(fixture.Pool, CancellationToken.None);
            await session.SaveClientAsync(fixture.Client, CancellationToken.None);
            await session.SaveUserAsync(fixture.User, CancellationToken.None);
            await fixture.Keys.CreateAsync(session, fixture.Pool.Id, CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        // Loads the keys into memory, as the first request after start does.
        _ = await fixture.Keys.GetAsync(fixture.Pool.Id, CancellationToken.None);
        return fixture;
    }

    public static UserPool NewPool()
    {
        var pool = new UserPool
        {
            Id = "us-east-1_Bench0001",
            Name = "bench",
            SchemaAttributes = StandardSchema.Build(null),
            CreationDate = DateTimeOffset.UtcNow,
            LastModifiedDate = DateTimeOffset.UtcNow,
            Arn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Bench0001",
            EstimatedNumberOfUsers = 0,
        };
        PoolSettings.Apply(pool, new PoolSettingsRequest());
        return pool;
    }

    public TokenIssuer NewIssuer() => new(Keys, Time, Ids, Issuers);

    public TokenValidator NewValidator() => new(Keys, Issuers, new RevocationList(Time), Time);

    public AuthEvent NewAuthEvent() => new(Ids.NewUuid(), Ids.NewUuid(), Time.GetUtcNow());

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
