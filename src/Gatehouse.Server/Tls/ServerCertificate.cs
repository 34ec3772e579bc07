using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gatehouse.Server.Tls;

/// <summary>The certificate the https listener serves: the user's own PEM pair, or the generated development one.</summary>
internal static class ServerCertificate
{
    /// <summary>
    /// The certificate for <paramref name="options"/> (which must have an https port) and the file it came from.
    /// </summary>
    public static (X509Certificate2 Certificate, string Path, bool Generated) Load(GatehouseOptions options, TimeProvider time)
    {
        if (!string.IsNullOrEmpty(options.TlsCertificatePath) && !string.IsNullOrEmpty(options.TlsKeyPath))
        {
            return (FromPemFiles(options.TlsCertificatePath, options.TlsKeyPath), Path.GetFullPath(options.TlsCertificatePath), false);
        }

        var certificate = DevelopmentCertificate.LoadOrCreate(options.DataDirectory, time, out var generated);
        return (certificate, Path.GetFullPath(DevelopmentCertificate.CertificatePath(options.DataDirectory)), generated);
    }

    /// <summary>
    /// A certificate and its private key from PEM files, ready for Kestrel. Anything wrong with the files (missing,
    /// unreadable, not PEM, key not matching) is an <see cref="ArgumentException"/> that names them.
    /// </summary>
    public static X509Certificate2 FromPemFiles(string certificatePath, string keyPath)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ArgumentException($"TlsCertificatePath and TlsKeyPath must be a PEM certificate and its PEM private key; loading '{certificatePath}' with '{keyPath}' failed: {e.Message}", e);
        }

        if (!OperatingSystem.IsWindows())
        {
            // On Linux and macOS, SslStream serves a certificate whose key was imported from PEM (an ephemeral
            // key) as it is; the compatibility tests run https with it.
            return certificate;
        }

        // SChannel cannot use an ephemeral key; Kestrel's own PEM loading persists it the same way.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }
}
