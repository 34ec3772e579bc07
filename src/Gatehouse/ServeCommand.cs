using System.CommandLine;
using Gatehouse.Server;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse;

/// <summary><c>gatehouse serve</c>: runs the server until Ctrl-C.</summary>
internal static class ServeCommand
{
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

        var command = new Command("serve", "Run the server.") { port, data, publicUrl, host, accountId, iterations, smtpHost, smtpPort };
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
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"gatehouse: {e.Message}").ConfigureAwait(false);
                return 2;
            }

            using var store = new SqliteStore(options.DataDirectory);
            await using var app = GatehouseHost.Build(options, store);
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>An integer from the environment; a set but unparsable value is a parse error, never silently ignored.</summary>
    private static int Env(System.CommandLine.Parsing.ArgumentResult result, string name, int fallback)
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
}
