using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Server.Tls;

/// <summary>
/// The self-signed certificate Gatehouse serves https with when the user brings none. It is generated on first
/// start, kept as PEM under <c>&lt;data&gt;/tls/</c> so clients can trust it once, and reused until it nears expiry.
/// </summary>
internal static class DevelopmentCertificate
{
    /// <summary>How long a generated certificate is valid. Browsers cap leaf validity near 398 days.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>A certificate with less than this left is replaced at start, so a long-running server never serves an expired one.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    public const string SubjectName = "CN=Gatehouse development certificate";

    /// <summary>The names every generated certificate covers: loopback, pool domains and invoke hosts.</summary>
    public static readonly IReadOnlyList<string> DnsNames = ["localhost", "*.auth.localhost", "*.execute-api.localhost"];

    public static readonly IReadOnlyList<IPAddress> IpAddresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    // A clock a little behind the server's must not see the certificate as not yet valid.
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(1);

    public static string DirectoryPath(string dataDirectory) => Path.Combine(dataDirectory, "tls");

    public static string CertificatePath(string dataDirectory) => Path.Combine(DirectoryPath(dataDirectory), "cert.pem");

    public static string KeyPath(string dataDirectory) => Path.Combine(DirectoryPath(dataDirectory), "key.pem");

    /// <summary>
    /// The certificate under <paramref name="dataDirectory"/>, generated (or replaced) when it is missing, unreadable,
    /// expired, about to expire, or not yet valid. <paramref name="generated"/> says which happened.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string dataDirectory, TimeProvider time, out bool generated)
    {
        var now = time.GetUtcNow();
        var existing = TryLoad(dataDirectory);
        if (existing is not null && existing.NotBefore.ToUniversalTime() <= now.UtcDateTime && existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore)
        {
            generated = false;
            return existing;
        }

        existing?.Dispose();
        Write(dataDirectory, now);
        generated = true;
        return TryLoad(dataDirectory) ?? throw new InvalidOperationException($"The certificate just written to {DirectoryPath(dataDirectory)} does not load.");
    }

    /// <summary>A new self-signed ECDSA P-256 server certificate (RSA key generation takes seconds; P-256 takes microseconds).</summary>
    public static X509Certificate2 Create(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (var address in IpAddresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        return request.CreateSelfSigned(now - Backdate, now + Lifetime);
    }

    private static void Write(string dataDirectory, DateTimeOffset now)
    {
        Directory.CreateDirectory(DirectoryPath(dataDirectory));
        using var certificate = Create(now);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("A generated certificate has no private key.");

        // Key first: a crash between the two renames leaves a pair that does not match, which the next start
        // detects (the load fails) and replaces.
        WriteAtomically(KeyPath(dataDirectory), key.ExportPkcs8PrivateKeyPem(), secret: true);
        WriteAtomically(CertificatePath(dataDirectory), certificate.ExportCertificatePem(), secret: false);
    }

    // The mode is set as the file is created, so the key is never readable by others, not even for a moment.
    private static void WriteAtomically(string path, string pem, bool secret)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(temporary); // UnixCreateMode applies only to a file this call creates.
            options.UnixCreateMode = secret ? UnixFileMode.UserRead | UnixFileMode.UserWrite : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static X509Certificate2? TryLoad(string dataDirectory)
    {
        var certificatePath = CertificatePath(dataDirectory);
        var keyPath = KeyPath(dataDirectory);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        try
        {
            return ServerCertificate.FromPemFiles(certificatePath, keyPath);
        }
        catch (ArgumentException)
        {
            return null; // Damaged or mismatched: generate a fresh pair rather than refuse to start.
        }
    }
}
