using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tls;

/// <summary>
/// The second, https listener (<see cref="GatehouseOptions.HttpsPort"/>): the same routes as the http one, on
/// the same address, with the user's certificate or the generated development one.
/// </summary>
internal static partial class HttpsListener
{
    /// <summary>
    /// Adds the https URL to the ones <paramref name="webHost"/> already listens on, when an https port is set.
    /// Call it after <c>UseUrls</c>.
    /// </summary>
    public static void Add(IWebHostBuilder webHost, GatehouseOptions options)
    {
        if (options.HttpsPort is not { } port)
        {
            return;
        }

        var urls = webHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        webHost.UseUrls($"{urls};https://{options.Host}:{port}");

        // The slim builder leaves https out of Kestrel unless asked.
        webHost.UseKestrelHttpsConfiguration();

        // Runs when Kestrel is created at start, so the certificate is checked against the application's clock;
        // a test server that replaces Kestrel never loads one.
        webHost.ConfigureKestrel(kestrel =>
        {
            var services = kestrel.ApplicationServices;
            var (certificate, path, generated) = ServerCertificate.Load(options, services.GetRequiredService<TimeProvider>());
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpsListener).FullName!);
            if (generated)
            {
                LogGenerated(logger, path, certificate.NotAfter.ToUniversalTime());
            }

            LogServing(logger, path, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        });
    }

    [LoggerMessage(EventId = 4800, Level = LogLevel.Information, Message = "Generated a self-signed development certificate at {Path}, valid until {NotAfter:u}")]
    private static partial void LogGenerated(ILogger logger, string path, DateTime notAfter);

    [LoggerMessage(EventId = 4801, Level = LogLevel.Information, Message = "https certificate: {Path} (SHA-1 thumbprint {Thumbprint}, valid until {NotAfter:u})")]
    private static partial void LogServing(ILogger logger, string path, string thumbprint, DateTime notAfter);
}
