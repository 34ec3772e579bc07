using Gatehouse.Core.Auth;
using Gatehouse.Core.Auth.Srp;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tests.Srp;

public sealed class CredentialsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-datakey-").FullName;
    private readonly FakeClock _clock = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_sealed_value_opens_only_for_its_context_and_untouched()
    {
        var key = DataKey.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(DataKey.KeyBytes));
        var sealedValue = key.Seal("secret"u8, "srp-verifier|pool|alice");
        Assert.Equal("secret"u8.ToArray(), key.Open(sealedValue, "srp-verifier|pool|alice"));
        Assert.Null(key.Open(sealedValue, "srp-verifier|pool|bob"));
        for (var i = 0; i < sealedValue.Length; i++)
        {
            var tampered = sealedValue.ToArray();
            tampered[i] ^= 1;
            Assert.Null(key.Open(tampered, "srp-verifier|pool|alice"));
        }

        var other = DataKey.FromBytes(new byte[DataKey.KeyBytes]);
        Assert.Null(other.Open(sealedValue, "srp-verifier|pool|alice"));
        Assert.Null(key.OpenText("not base64!", "x"));
        Assert.Null(key.OpenText("", "x"));
    }

    [Fact]
    public void The_key_file_is_created_once_for_the_owner_only_and_read_back()
    {
        var path = Path.Combine(_directory, "nested", "data.key");
        var first = DataKey.LoadOrCreate(path);
        var sealedValue = first.SealText("v"u8, "c");
        Assert.Equal("v"u8.ToArray(), DataKey.LoadOrCreate(path).OpenText(sealedValue, "c"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        File.WriteAllText(path, "short");
        Assert.Throws<InvalidDataException>(() => DataKey.LoadOrCreate(path));
    }

    [Fact]
    public void A_password_set_through_credentials_signs_in_with_SRP_and_the_verifier_is_not_stored_in_the_clear()
    {
        var credentials = new Credentials(DataKey.FromBytes(new byte[DataKey.KeyBytes]));
        var user = new User { PoolId = "us-east-1_Pool1", Username = "alice" };
        credentials.Set(user, "hash", "Passw0rd!");
        Assert.Equal("hash", user.PasswordHash);
        var verifier = credentials.VerifierOf(user)!;
        Assert.DoesNotContain(Convert.ToHexStringLower(verifier.Verifier), Convert.ToHexStringLower(Convert.FromBase64String(user.SrpVerifier!)), StringComparison.Ordinal);

        var session = SrpServerSession.Start(verifier);
        var client = new ReferenceSrpClient();
        var block = Convert.ToBase64String([1, 2, 3]);
        var timestamp = SrpTimestamp.Format(_clock.GetUtcNow());
        var signature = client.Signature("Pool1", "alice", "Passw0rd!", session.PublicBHex, session.SaltHex, block, timestamp);
        Assert.Equal(SrpClaimResult.Valid, session.Verify("Pool1", "alice", client.SrpA, [1, 2, 3], timestamp, signature, _clock));

        // Another user's sealed verifier does not open as this user's.
        var bob = new User { PoolId = "us-east-1_Pool1", Username = "bob", SrpVerifier = user.SrpVerifier };
        Assert.Null(credentials.VerifierOf(bob));
    }

    [Fact]
    public void Backfill_adds_a_verifier_only_where_one_is_missing()
    {
        var credentials = new Credentials(DataKey.FromBytes(new byte[DataKey.KeyBytes]));
        var legacy = new User { PoolId = "us-east-1_Pool1", Username = "carol", PasswordHash = "hash" };
        Assert.True(credentials.Backfill(legacy, "pw"));
        Assert.NotNull(credentials.VerifierOf(legacy));
        Assert.False(credentials.Backfill(legacy, "pw"));
        Assert.False(credentials.Backfill(new User { PoolId = "p_1", Username = "dave" }, "pw"));
        Credentials.Clear(legacy);
        Assert.Null(legacy.PasswordHash);
        Assert.Null(legacy.SrpVerifier);
    }
}
