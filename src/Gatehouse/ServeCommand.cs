using System.CommandLine;
using Gatehouse.Server;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse;

/// <summary><c>gatehouse serve</c>: runs the server until Ctrl-C.</summary>
internal static class ServeCommand
{
    private const string DefaultConfigFile = "gatehouse.yaml";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = $"Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = r => Env(r, "GATEHOUSE_PORT", GatehouseOptions.DefaultPort) };
        var data = new Option<string>("--data") { Description = "Directory for all state.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_DATA") ?? ".gatehouse" };
        var publicUrl = new Option<string?>("--public-url") { Description = "Base URL for issuers and links (default http://localhost:<port>).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_PUBLIC_URL") };
        var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_HOST") ?? "127.0.0.1" };
        var accountId = new Option<string>("--account-id") { Description = "AWS account id used in ARNs.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_ACCOUNT_ID") ?? "123456789012" };
        var iterations = new Option<int>("--password-hash-iterations")
        {
            Description = "PBKDF2 iterations for new password hashes. Lower it (e.g. 1000) only for development and tests.",
            DefaultValueFactory = r => Env(r, "GATEHOUSE_PASSWORD_HASH_ITERATIONS", Core.Auth.PasswordHasher.ProductionIterations),
        };
        var smtpHost = new Option<string?>("--smtp-host") { Description = "Deliver email over SMTP to this host.", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_SMTP_HOST") };
        var smtpPort = new Option<int>("--smtp-port") { Description = "SMTP port.", DefaultValueFactory = r => Env(r, "GATEHOUSE_SMTP_PORT", 25) };

        var httpsPort = new Option<int?>("--https-port")
        {
            Description = "Also serve everything over https on this port (0 picks a free one), with a self-signed certificate kept under <data>/tls/ unless --tls-cert/--tls-key are given.",
            DefaultValueFactory = r => Env(r, "GATEHOUSE_HTTPS_PORT", (int?)null),
        };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate for --https-port, instead of the generated one (with --tls-key).", DefaultValueFactory = _ => EnvString("GATEHOUSE_TLS_CERT") };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert.", DefaultValueFactory = _ => EnvString("GATEHOUSE_TLS_KEY") };

        var config = new Option<string?>("--config")
        {
            Description = $"Declarative config file (pools, clients, users, APIs), applied at start and on change; default {DefaultConfigFile} in the current directory if present.",
            DefaultValueFactory = _ => EnvString("GATEHOUSE_CONFIG"),
        };

        var accountRate = new Option<int>("--gateway-account-rate-limit")
        {
            Description = "The gateway's account-level throttle, requests per second across all stages (AWS's default 10000).",
            DefaultValueFactory = r => Env(r, "GATEHOUSE_GATEWAY_ACCOUNT_RATE_LIMIT", (int)Core.Gateway.Throttling.StageThrottle.AccountRateLimit),
        };
        var accountBurst = new Option<int>("--gateway-account-burst-limit")
        {
            Description = "The burst of --gateway-account-rate-limit (AWS's default 5000).",
            DefaultValueFactory = r => Env(r, "GATEHOUSE_GATEWAY_ACCOUNT_BURST_LIMIT", Core.Gateway.Throttling.StageThrottle.AccountBurstLimit),
        };

        var dataKey = new Option<string?>("--data-key-file")
        {
            Description = "The key that encrypts SRP verifiers and TOTP secrets at rest (default <data>/data.key, created on first start). Servers sharing a database share it.",
            DefaultValueFactory = _ => EnvString("GATEHOUSE_DATA_KEY_FILE"),
        };

        var command = new Command("serve", "Run the server.")
        {
            port, data, publicUrl, host, accountId, iterations, smtpHost, smtpPort, httpsPort, tlsCert, tlsKey, config, accountRate, accountBurst, dataKey,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            GatehouseOptions options;
            try
            {
                options = new GatehouseOptions
                {
                    Port = result.GetValue(port),
                    DataDirectory = result.GetValue(data)!,
                    PublicUrl = result.GetValue(publicUrl),
                    Host = result.GetValue(host)!,
                    AccountId = result.GetValue(accountId)!,
                    PasswordHashIterations = result.GetValue(iterations),
                    Smtp = result.GetValue(smtpHost) is { } smtp ? new SmtpOptions { Host = smtp, Port = result.GetValue(smtpPort) } : null,
                    HttpsPort = result.GetValue(httpsPort),
                    TlsCertificatePath = result.GetValue(tlsCert),
                    TlsKeyPath = result.GetValue(tlsKey),
                    ConfigPath = result.GetValue(config) ?? (File.Exists(DefaultConfigFile) ? DefaultConfigFile : null),
                    GatewayAccountRateLimit = result.GetValue(accountRate),
                    GatewayAccountBurstLimit = result.GetValue(accountBurst),
                    DataKeyPath = result.GetValue(dataKey),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"gatehouse: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            using var dataLock = LockDataDirectory(options.DataDirectory);
            if (dataLock is null)
            {
                await Console.Error.WriteLineAsync(
                    $"gatehouse: {Path.GetFullPath(options.DataDirectory)} is in use by another gatehouse server; give each server its own --data.").ConfigureAwait(false);
                return 2;
            }

            using var store = new SqliteStore(options.DataDirectory)
            {
                CheckSharedReads = Environment.GetEnvironmentVariable("GATEHOUSE_CHECK_SHARED_READS") == "1",
            };
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = GatehouseHost.Build(options, store);
            }
            catch (Server.Config.ConfigException e)
            {
                await Console.Error.WriteLineAsync($"gatehouse: the config file was not applied:{Environment.NewLine}{e.Message}").ConfigureAwait(false);
                return 2;
            }
            catch (InvalidDataException e)
            {
                await Console.Error.WriteLineAsync($"gatehouse: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            await using (app)
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// Holds <c>&lt;data&gt;/serve.lock</c> exclusively (an advisory lock that the kernel drops with the process, kill -9
    /// included), or returns null when another server holds it. One server per data directory: what a server keeps in
    /// memory (the pools, clients and users read requests share, the revoked tokens) is only current while it is the
    /// only one changing that database. The offline <c>users import</c>, which only adds users, may run beside it.
    /// </summary>
    private static FileStream? LockDataDirectory(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new FileStream(Path.Combine(dataDirectory, "serve.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>An integer from the environment; a set but unparsable value is a parse error, never silently ignored.</summary>
    private static int Env(System.CommandLine.Parsing.ArgumentResult result, string name, int fallback) =>
        Env(result, name, (int?)fallback) ?? fallback;

    /// <summary>As the other overload, for an option that is off unless set.</summary>
    private static int? Env(System.CommandLine.Parsing.ArgumentResult result, string name, int? fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        result.AddError($"{name} must be an integer, not '{text}'.");
        return fallback;
    }

    /// <summary>A string from the environment; set but empty counts as unset.</summary>
    private static string? EnvString(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
