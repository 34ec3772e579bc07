using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Streams an import file into a bulk writer: valid rows become users, rows whose username is taken are skipped,
/// and rows that break a rule are counted as failed with their line and reason.
/// </summary>
public static class UserImport
{
    /// <summary>How many failures a summary keeps word for word; the rest are only counted.</summary>
    public const int KeptFailures = 100;

    /// <summary>
    /// Imports every row into <paramref name="writer"/>. It does not commit: the caller does, so that a cancelled
    /// or failed import leaves nothing behind.
    /// </summary>
    public static async Task<UserImportSummary> RunAsync(UserImportCsv csv, IBulkUserWriter writer, CancellationToken cancellationToken)
    {
        long imported = 0, skipped = 0, failed = 0;
        var failures = new List<UserImportFailure>();
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            if (row.User is { } user)
            {
                if (writer.Add(user))
                {
                    imported++;
                }
                else
                {
                    skipped++;
                }

                continue;
            }

            failed++;
            if (failures.Count < KeptFailures)
            {
                failures.Add(new UserImportFailure(row.Line, row.Username, row.Error!));
            }
        }

        return new UserImportSummary(imported, skipped, failed, failures);
    }
}

/// <summary>What an import did. <see cref="Failures"/> holds the first <see cref="UserImport.KeptFailures"/> failures.</summary>
public sealed record UserImportSummary(long Imported, long Skipped, long Failed, IReadOnlyList<UserImportFailure> Failures);

/// <summary>A row that was not imported: where it starts, its username if it had one, and why.</summary>
public sealed record UserImportFailure(long Line, string? Username, string Reason)
{
    public override string ToString() => Username is { Length: > 0 } ? $"line {Line} ({Username}): {Reason}" : $"line {Line}: {Reason}";
}
