namespace Gatehouse.Server;

/// <summary>The options of a Gatehouse server, bound from flags, environment variables and <c>gatehouse.yaml</c>.</summary>
public sealed class GatehouseOptions
{
    /// <summary>The documented default port.</summary>
    public const int DefaultPort = 9229;

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Address to bind; loopback unless deliberately exposed.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Directory that holds all state (the SQLite database).</summary>
    public string DataDirectory { get; set; } = ".gatehouse";

    /// <summary>Base URL that goes into issuers and links; defaults to <c>http://localhost:{port}</c>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The AWS account id that ARNs carry.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>
    /// PBKDF2 iterations for new password hashes. The default is production grade; a low value such as 1000 is a
    /// documented development setting that makes sign-in cheap for test suites.
    /// </summary>
    public int PasswordHashIterations { get; set; } = Core.Auth.PasswordHasher.ProductionIterations;

    /// <summary>Largest request body accepted on the AWS APIs, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>SMTP delivery of email messages; null keeps them in the outbox only.</summary>
    public SmtpOptions? Smtp { get; set; }

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
