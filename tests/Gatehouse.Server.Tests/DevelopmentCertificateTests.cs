using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gatehouse.Server.Tls;
using Gatehouse.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>The generated https certificate: what it covers, where it is kept, and when it is reused or replaced.</summary>
public sealed class DevelopmentCertificateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeClock _clock = new(new DateTimeOffset(2030, 3, 14, 9, 26, 53, TimeSpan.Zero));

    private string CertificatePath => Path.Combine(_directory, "tls", "cert.pem");

    private string KeyPath => Path.Combine(_directory, "tls", "key.pem");

    [Fact]
    public void First_start_generates_a_server_certificate_for_localhost_pool_domains_and_invoke_hosts()
    {
        using var certificate = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out var generated);

        Assert.True(generated);
        Assert.True(certificate.HasPrivateKey);
        Assert.NotNull(certificate.GetECDsaPublicKey());
        Assert.Equal(_clock.GetUtcNow().AddDays(365).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.Equal(_clock.GetUtcNow().AddDays(-1).UtcDateTime, certificate.NotBefore.ToUniversalTime());
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["*.auth.localhost", "*.execute-api.localhost", "localhost"], names.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>();
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usages.Select(o => o.Value));
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(certificate.MatchesHostname("pool.auth.localhost"));
        Assert.True(certificate.MatchesHostname("abc123.execute-api.localhost"));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
    }

    [Fact]
    public void It_is_kept_as_PEM_with_a_key_only_the_owner_can_read()
    {
        using var certificate = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out _);

        using var stored = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        Assert.Equal(certificate.Thumbprint, stored.Thumbprint);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(KeyPath), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory, "tls"), "*.tmp"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        }
    }

    [Fact]
    public void A_restart_reuses_it_until_thirty_days_before_expiry()
    {
        using var first = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out _);

        _clock.Advance(TimeSpan.FromDays(334));
        using var reused = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out var generatedAgain);
        _clock.Advance(TimeSpan.FromDays(2));
        using var renewed = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out var renewedGenerated);

        Assert.False(generatedAgain);
        Assert.Equal(first.Thumbprint, reused.Thumbprint);
        Assert.True(renewedGenerated);
        Assert.NotEqual(first.Thumbprint, renewed.Thumbprint);
        Assert.Equal(_clock.GetUtcNow().AddDays(365).UtcDateTime, renewed.NotAfter.ToUniversalTime());
        using var stored = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        Assert.Equal(renewed.Thumbprint, stored.Thumbprint);
    }

    [Fact]
    public void An_expired_certificate_is_replaced()
    {
        using var first = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out _);
        _clock.Advance(TimeSpan.FromDays(400));

        using var replaced = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out var generated);

        Assert.True(generated);
        Assert.True(replaced.NotAfter.ToUniversalTime() > _clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public void A_certificate_from_the_future_is_replaced()
    {
        using var first = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out _);
        var earlier = new FakeClock(_clock.GetUtcNow().AddDays(-30));

        using var replaced = DevelopmentCertificate.LoadOrCreate(_directory, earlier, out var generated);

        Assert.True(generated);
        Assert.True(replaced.NotBefore.ToUniversalTime() <= earlier.GetUtcNow().UtcDateTime);
    }

    [Theory]
    [InlineData("garbage key")]
    [InlineData("other key")]
    [InlineData("no certificate")]
    public void A_damaged_or_mismatched_pair_is_replaced_rather_than_refused(string damage)
    {
        using var first = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out _);
        switch (damage)
        {
            case "garbage key":
                File.WriteAllText(KeyPath, "not a key");
                break;
            case "other key":
                using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    File.WriteAllText(KeyPath, other.ExportPkcs8PrivateKeyPem());
                }

                break;
            default:
                File.Delete(CertificatePath);
                break;
        }

        using var replaced = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out var generated);

        Assert.True(generated);
        Assert.NotEqual(first.Thumbprint, replaced.Thumbprint);
        using var stored = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
        Assert.Equal(replaced.Thumbprint, stored.Thumbprint);
    }

    [Fact]
    public void A_user_pair_that_does_not_load_names_its_files()
    {
        Directory.CreateDirectory(_directory);
        var garbage = Path.Combine(_directory, "garbage.pem");
        File.WriteAllText(garbage, "garbage");

        var error = Assert.Throws<ArgumentException>(() => ServerCertificate.FromPemFiles(garbage, garbage));

        Assert.Contains(garbage, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_check_the_https_settings()
    {
        Directory.CreateDirectory(_directory);
        using (var generated = DevelopmentCertificate.LoadOrCreate(_directory, _clock, out _))
        {
            new GatehouseOptions { HttpsPort = 0, TlsCertificatePath = CertificatePath, TlsKeyPath = KeyPath }.Validate();
        }

        new GatehouseOptions { HttpsPort = 0 }.Validate();
        new GatehouseOptions { Port = 0, HttpsPort = 0 }.Validate();
        Assert.Contains("between 0 and 65535", Invalid(new GatehouseOptions { HttpsPort = -1 }), StringComparison.Ordinal);
        Assert.Contains("differ from Port", Invalid(new GatehouseOptions { Port = 8443, HttpsPort = 8443 }), StringComparison.Ordinal);
        Assert.Contains("go together", Invalid(new GatehouseOptions { HttpsPort = 0, TlsCertificatePath = CertificatePath }), StringComparison.Ordinal);
        Assert.Contains("go together", Invalid(new GatehouseOptions { HttpsPort = 0, TlsKeyPath = KeyPath }), StringComparison.Ordinal);
        Assert.Contains("set HttpsPort too", Invalid(new GatehouseOptions { TlsCertificatePath = CertificatePath, TlsKeyPath = KeyPath }), StringComparison.Ordinal);
        Assert.Contains("PEM", Invalid(new GatehouseOptions { HttpsPort = 0, TlsCertificatePath = KeyPath, TlsKeyPath = KeyPath }), StringComparison.Ordinal);

        static string Invalid(GatehouseOptions options) => Assert.Throws<ArgumentException>(options.Validate).Message;
    }

    [Fact]
    public async Task The_host_serves_https_with_a_certificate_dated_by_its_own_clock()
    {
        var options = new GatehouseOptions { DataDirectory = _directory, Port = 0, HttpsPort = 0, PasswordHashIterations = 1000 };
        using var store = new SqliteStore(_directory) { CheckSharedReads = true };
        await using var app = GatehouseHost.Build(options, store, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(_clock);
            builder.Services.AddSingleton(TestKeys.Factory());
        });
        await app.StartAsync();
        var https = app.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal));
        using var expected = X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);

        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, served, _, _) => served?.Thumbprint == expected.Thumbprint,
        };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(new Uri(https + "/_gatehouse/health"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_clock.GetUtcNow().AddDays(365).UtcDateTime, expected.NotAfter.ToUniversalTime());
        await app.StopAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
