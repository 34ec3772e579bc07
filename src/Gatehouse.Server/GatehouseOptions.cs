namespace Gatehouse.Server;

/// <summary>The options of a Gatehouse server, bound from flags, environment variables and <c>gatehouse.yaml</c>.</summary>
public sealed class GatehouseOptions
{
    /// <summary>The documented default port.</summary>
    public const int DefaultPort = 9229;

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// TCP port of a second, https listener on the same address, serving every route the http one does; 0 picks a
    /// free one; null (the default) serves http only. Without <see cref="TlsCertificatePath"/> it uses a self-signed
    /// certificate generated under <c>&lt;DataDirectory&gt;/tls/</c>.
    /// </summary>
    public int? HttpsPort { get; set; }

    /// <summary>PEM certificate (optionally followed by its chain) for the https listener; needs <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted) of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Address to bind; loopback unless deliberately exposed.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Directory that holds all state (the SQLite database).</summary>
    public string DataDirectory { get; set; } = ".gatehouse";

    /// <summary>
    /// The file holding the server's data key, which encrypts SRP verifiers and TOTP secrets at rest; created on first
    /// start. Defaults to <c>&lt;DataDirectory&gt;/data.key</c>. Servers sharing one database must share this key, and
    /// a backup of the database is only useful with it.
    /// </summary>
    public string? DataKeyPath { get; set; }

    /// <summary>Base URL that goes into issuers and links; defaults to <c>http://localhost:{port}</c>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The AWS account id that ARNs carry.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>
    /// PBKDF2 iterations for new password hashes. The default is production grade; a low value such as 1000 is a
    /// documented development setting that makes sign-in cheap for test suites.
    /// </summary>
    public int PasswordHashIterations { get; set; } = Core.Auth.PasswordHasher.ProductionIterations;

    /// <summary>
    /// The gateway's account-level throttle in requests per second, shared by every stage: AWS's default quota of
    /// 10,000 (burst 5,000). Raise it for load tests or a self-hosted gateway that serves more.
    /// </summary>
    public double GatewayAccountRateLimit { get; set; } = Core.Gateway.Throttling.StageThrottle.AccountRateLimit;

    /// <summary>The burst of <see cref="GatewayAccountRateLimit"/>.</summary>
    public int GatewayAccountBurstLimit { get; set; } = Core.Gateway.Throttling.StageThrottle.AccountBurstLimit;

    /// <summary>Largest request body accepted on the AWS APIs, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>SMTP delivery of email messages; null keeps them in the outbox only.</summary>
    public SmtpOptions? Smtp { get; set; }

    /// <summary>
    /// The declarative config file (<c>gatehouse.yaml</c>, see docs/configuration.md), applied at start and again
    /// whenever it changes; null for none.
    /// </summary>
    public string? ConfigPath { get; set; }

    /// <summary>Fails fast with a clear message on a bad configuration.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"Port must be between 0 and 65535, not {Port}.");
        }

        if (PublicUrl is not null && !Uri.TryCreate(PublicUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"PublicUrl must be an absolute URL, not '{PublicUrl}'.");
        }

        if (AccountId.Length != 12 || !AccountId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"AccountId must be 12 digits, not '{AccountId}'.");
        }

        if (PasswordHashIterations < 1)
        {
            throw new ArgumentException("PasswordHashIterations must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("DataDirectory must be set.");
        }

        if (ConfigPath is not null && !File.Exists(ConfigPath))
        {
            throw new ArgumentException($"The config file '{ConfigPath}' does not exist.");
        }

        ValidateTls();
    }

    private void ValidateTls()
    {
        if (HttpsPort is < 0 or > 65535)
        {
            throw new ArgumentException($"HttpsPort must be between 0 and 65535, not {HttpsPort}.");
        }

        if (HttpsPort is > 0 && HttpsPort == Port)
        {
            throw new ArgumentException($"HttpsPort must differ from Port; both are {Port}.");
        }

        if (string.IsNullOrEmpty(TlsCertificatePath) != string.IsNullOrEmpty(TlsKeyPath))
        {
            throw new ArgumentException("TlsCertificatePath and TlsKeyPath go together: set both, or neither for the generated development certificate.");
        }

        if (string.IsNullOrEmpty(TlsCertificatePath))
        {
            return;
        }

        if (HttpsPort is null)
        {
            throw new ArgumentException("TlsCertificatePath and TlsKeyPath are used only by the https listener: set HttpsPort too.");
        }

        // Loaded once here so a wrong file stops the server before anything is created or bound.
        Tls.ServerCertificate.FromPemFiles(TlsCertificatePath, TlsKeyPath!).Dispose();
    }
}

/// <summary>Where to deliver email over SMTP.</summary>
public sealed class SmtpOptions
{
    /// <summary>SMTP server host name.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>SMTP server port.</summary>
    public int Port { get; set; } = 25;

    /// <summary>The From address of every message.</summary>
    public string From { get; set; } = "no-reply@verificationemail.com";
}
