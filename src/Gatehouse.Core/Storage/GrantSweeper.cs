namespace Gatehouse.Core.Storage;

/// <summary>
/// Deletes expired grants (codes, sessions, refresh tokens, revocations past their last token), in small batches so
/// the single writer is never held for long.
/// </summary>
public sealed class GrantSweeper(IGatehouseStore store, TimeProvider time)
{
    private const int BatchSize = 1000;

    /// <summary>Sweeps until nothing expired is left; returns how many grants were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            int deleted;
            await using (var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false))
            {
                deleted = await session.DeleteExpiredGrantsAsync(time.GetUtcNow(), BatchSize, cancellationToken).ConfigureAwait(false);
                await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }
}
