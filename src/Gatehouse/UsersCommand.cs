using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;
using Gatehouse.Storage.Sqlite;

namespace Gatehouse;

/// <summary>
/// <c>gatehouse users import --pool &lt;id&gt; &lt;file.csv&gt;</c> and <c>gatehouse users generate-csv</c>: offline
/// user import straight into the data directory, for migrations and for loading test data fast.
/// </summary>
internal static class UsersCommand
{
    private const int ShownFailures = 10;

    public static Command Create()
    {
        var users = new Command("users", "Manage users offline.");
        users.Subcommands.Add(Import());
        users.Subcommands.Add(GenerateCsv());
        return users;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "Directory for all state.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_DATA") ?? ".gatehouse",
    };

    private static Command Import()
    {
        var pool = new Option<string>("--pool") { Description = "The user pool id to import into.", Required = true };
        var data = DataOption();
        var file = new Argument<string>("file") { Description = "A CSV file in the format GetCSVHeader describes." };
        var command = new Command("import", "Import users from a Cognito user import CSV file, in one transaction.") { pool, data, file };
        command.SetAction((result, cancellationToken) =>
            ImportAsync(result.GetValue(pool)!, result.GetValue(data)!, result.GetValue(file)!, cancellationToken));
        return command;
    }

    private static async Task<int> ImportAsync(string poolId, string dataDirectory, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return await FailAsync($"{path} does not exist.").ConfigureAwait(false);
        }

        using var store = new SqliteStore(dataDirectory);
        var pool = await FindPoolAsync(store, poolId, cancellationToken).ConfigureAwait(false);
        if (pool is null)
        {
            return await FailAsync($"User pool {poolId} does not exist in {Path.GetFullPath(dataDirectory)}.").ConfigureAwait(false);
        }

        if (UserImportCsv.CheckPool(pool) is { } problem)
        {
            return await FailAsync(problem).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        using var reader = OpenText(path);
        UserImportCsv csv;
        try
        {
            csv = await UserImportCsv.OpenAsync(pool, reader, new IdGenerator(), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            return await FailAsync($"{path}: {e.Message}").ConfigureAwait(false);
        }

        UserImportSummary summary;
        await using (var writer = await store.OpenBulkUserWriterAsync(cancellationToken).ConfigureAwait(false))
        {
            summary = await UserImport.RunAsync(csv, writer, cancellationToken).ConfigureAwait(false);
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await PrintAsync(pool.Id, summary, clock.Elapsed).ConfigureAwait(false);
        return 0;
    }

    private static async Task PrintAsync(string poolId, UserImportSummary summary, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Imported users into {poolId} in {elapsed.TotalSeconds:0.0} s.");
        text.AppendLine(CultureInfo.InvariantCulture, $"  imported:           {summary.Imported}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  skipped (existing): {summary.Skipped}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  failed:             {summary.Failed}");
        foreach (var failure in summary.Failures.Take(ShownFailures))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    {failure}");
        }

        if (summary.Failed > ShownFailures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    ... and {summary.Failed - ShownFailures} more");
        }

        await Console.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
    }

    private static Command GenerateCsv()
    {
        var count = new Option<int>("--count") { Description = "How many users to write.", Required = true };
        var pool = new Option<string?>("--pool") { Description = "Take the columns from this pool's GetCSVHeader, custom attributes included." };
        var data = DataOption();
        var file = new Argument<string>("file") { Description = "The CSV file to write." };
        var command = new Command("generate-csv", "Write an import CSV of users user{i} with email user{i}@example.com, verified.")
        {
            count, pool, data, file,
        };
        command.SetAction((result, cancellationToken) =>
            GenerateAsync(result.GetValue(count), result.GetValue(pool), result.GetValue(data)!, result.GetValue(file)!, cancellationToken));
        return command;
    }

    private static async Task<int> GenerateAsync(int count, string? poolId, string dataDirectory, string path, CancellationToken cancellationToken)
    {
        if (count < 0)
        {
            return await FailAsync("--count must not be negative.").ConfigureAwait(false);
        }

        var pool = new UserPool();
        if (poolId is not null)
        {
            using var store = new SqliteStore(dataDirectory);
            pool = await FindPoolAsync(store, poolId, cancellationToken).ConfigureAwait(false);
            if (pool is null)
            {
                return await FailAsync($"User pool {poolId} does not exist in {Path.GetFullPath(dataDirectory)}.").ConfigureAwait(false);
            }
        }

        var header = UserImportCsv.Header(pool);
        var username = header.IndexOf(UserImportCsv.UsernameColumn);
        var email = header.IndexOf("email");
        var verified = header.IndexOf("email_verified");
        var mfa = header.IndexOf(UserImportCsv.MfaEnabledColumn);
        var fields = new string[header.Count];
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        await writer.WriteAsync(string.Join(',', header).AsMemory(), cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        for (var i = 1; i <= count; i++)
        {
            Array.Fill(fields, "");
            var name = string.Create(CultureInfo.InvariantCulture, $"user{i}");
            fields[username] = name;
            fields[email] = name + "@example.com";
            fields[verified] = "true";
            fields[mfa] = pool.MfaConfiguration == "ON" ? "true" : "false";
            await writer.WriteAsync(string.Join(',', fields).AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task<UserPool?> FindPoolAsync(SqliteStore store, string poolId, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false);
        return await session.GetPoolAsync(poolId, cancellationToken).ConfigureAwait(false);
    }

    private static StreamReader OpenText(string path) =>
        new(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"gatehouse: {message}").ConfigureAwait(false);
        return 1;
    }
}
