using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// <c>serve --https-port</c>: every route over TLS as well, with the generated development certificate (kept and
/// reused under the data directory) or the user's own PEM pair. Clients trust exactly the expected certificate.
/// </summary>
[Trait("Category", "Compat")]
public sealed class HttpsTests
{
    [Fact]
    public async Task The_generated_certificate_serves_https_and_is_reused_after_a_restart()
    {
        await using var server = await GatehouseProcess.StartAsync(null, "--https-port", "0");
        var certificatePath = Path.Combine(server.DataDirectory, "tls", "cert.pem");
        using var stored = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath));

        var (health, served) = await GetOverHttpsAsync(server, "/_gatehouse/health", stored);

        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.NotEqual(server.Port, server.HttpsPort);
        Assert.Equal("ok", (await server.GetJsonAsync("/_gatehouse/health"))["status"]!.GetValue<string>());
        var names = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["*.auth.localhost", "*.execute-api.localhost", "localhost"], names.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses().ToArray());
        Assert.Contains(served.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.InRange(served.NotAfter - served.NotBefore, TimeSpan.FromDays(360), TimeSpan.FromDays(400));
        Assert.Contains(certificatePath, server.Log, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server.DataDirectory, "tls", "key.pem")));
        }

        var port = server.HttpsPort;
        await server.KillAndRestartAsync();

        Assert.Equal(port, server.HttpsPort);
        var (_, servedAgain) = await GetOverHttpsAsync(server, "/_gatehouse/health", stored);
        Assert.Equal(stored.Thumbprint, servedAgain.Thumbprint);
    }

    [Fact]
    public async Task The_Cognito_API_and_the_issuer_metadata_answer_over_https()
    {
        await using var server = await GatehouseProcess.StartAsync(null, "--https-port", "0");
        var certificatePath = Path.Combine(server.DataDirectory, "tls", "cert.pem");
        using var stored = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath));

        // The AWS CLI verifies the certificate against exactly this file, as a user who trusts it would.
        var created = (await Tools.CognitoIdpAsync(server.HttpsEndpoint, "create-user-pool", "--pool-name", "tls", "--ca-bundle", certificatePath)).Json();
        var poolId = created["UserPool"]!["Id"]!.GetValue<string>();
        var listed = (await Tools.CognitoIdpAsync(server.HttpsEndpoint, "list-user-pools", "--max-results", "10", "--ca-bundle", certificatePath)).Json();
        var (discovery, _) = await GetOverHttpsAsync(server, $"/{poolId}/.well-known/openid-configuration", stored);

        Assert.Contains(listed["UserPools"]!.AsArray(), p => p!["Id"]!.GetValue<string>() == poolId);
        Assert.Equal($"http://localhost:{server.Port}/{poolId}", discovery["issuer"]!.GetValue<string>());
        var untrusted = await Tools.CognitoIdpAsync(server.HttpsEndpoint, "list-user-pools", "--max-results", "10");
        Assert.Contains("CERTIFICATE_VERIFY_FAILED", untrusted.Failed().Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_certificate_and_key_are_served_instead()
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=my own localhost", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            using var own = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var certificatePath = Path.Combine(directory, "own.crt");
            var keyPath = Path.Combine(directory, "own.key");
            await File.WriteAllTextAsync(certificatePath, own.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportECPrivateKeyPem());

            await using var server = await GatehouseProcess.StartAsync(null, "--https-port", "0", "--tls-cert", certificatePath, "--tls-key", keyPath);
            var (health, served) = await GetOverHttpsAsync(server, "/_gatehouse/health", own);

            Assert.Equal("ok", health["status"]!.GetValue<string>());
            Assert.Equal(own.Thumbprint, served.Thumbprint);
            Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "tls")), "no development certificate is generated");
            Assert.Contains(certificatePath, server.Log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("missing", "Could not find file")]
    [InlineData("garbage", "CERTIFICATE")]
    [InlineData("key-only", "TlsCertificatePath and TlsKeyPath go together")]
    [InlineData("no-https-port", "set HttpsPort too")]
    [InlineData("same-port", "HttpsPort must differ from Port")]
    [InlineData("bad-port", "HttpsPort must be between 0 and 65535")]
    public async Task Bad_https_options_fail_fast_with_a_clear_message(string problem, string message)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(directory);
        try
        {
            var garbage = Path.Combine(directory, "garbage.pem");
            await File.WriteAllTextAsync(garbage, "not a certificate\n");
            string[] args = problem switch
            {
                "missing" => ["--https-port", "0", "--tls-cert", Path.Combine(directory, "missing.pem"), "--tls-key", garbage],
                "garbage" => ["--https-port", "0", "--tls-cert", garbage, "--tls-key", garbage],
                "key-only" => ["--https-port", "0", "--tls-key", garbage],
                "no-https-port" => ["--tls-cert", garbage, "--tls-key", garbage],
                "same-port" => ["--port", "9443", "--https-port", "9443"],
                _ => ["--https-port", "70000"],
            };

            var result = await Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "serve", "--data", data, .. args]);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("gatehouse: ", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(data), "nothing is created before the options are valid");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_https_port_from_the_environment_that_is_not_a_number_is_a_parse_error()
    {
        var data = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));

        var result = await Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "serve", "--data", data], new Dictionary<string, string?> { ["GATEHOUSE_HTTPS_PORT"] = "https" });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("GATEHOUSE_HTTPS_PORT must be an integer, not 'https'.", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    /// <summary>GET over https with a client that trusts <paramref name="expected"/> and nothing else.</summary>
    private static async Task<(JsonNode Body, X509Certificate2 Served)> GetOverHttpsAsync(GatehouseProcess server, string pathAndQuery, X509Certificate2 expected)
    {
        X509Certificate2? served = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
                return certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == expected.GetCertHashString(HashAlgorithmName.SHA256);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri(server.HttpsEndpoint + pathAndQuery));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery} over https answered {(int)response.StatusCode}: {text}");
        return (JsonNode.Parse(text)!, served!);
    }
}
