using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Server.CognitoApi;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Config;

/// <summary>The outcome of applying the config file: what changed, or why nothing did.</summary>
internal sealed record ConfigOutcome(IReadOnlyList<string> Changes, string? Error);

/// <summary>
/// Applies <c>gatehouse.yaml</c>: parses it (shape errors stop everything), then tries every top-level object in a
/// write session that is rolled back (so a value Core refuses stops everything too, and a bad file changes nothing),
/// then applies each object for real in its own transaction. Applying the same file twice changes nothing.
/// </summary>
internal sealed partial class ConfigApplier(
    IGatehouseStore store, CognitoServices services, IdGenerator ids, TimeProvider time, GatehouseOptions options, ILogger<ConfigApplier> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Raised after every reload from the file, with its outcome (the watcher's test listens to it).</summary>
    public event Action<ConfigOutcome>? Reloaded;

    /// <summary>Applies a config text; throws <see cref="ConfigException"/> with every problem found, having changed nothing.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(string text, string file, CancellationToken cancellationToken)
    {
        var declaration = ConfigParser.Parse(text, file, options.AccountId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var hashes = await HashNewPasswordsAsync(declaration, cancellationToken).ConfigureAwait(false);
            var errors = new List<string>();
            foreach (var step in Steps(declaration, hashes, cancellationToken))
            {
                await using var trial = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
                try
                {
                    await step(trial, []).ConfigureAwait(false);
                }
                catch (ConfigException e)
                {
                    errors.Add(e.Message);
                }
            }

            if (errors.Count > 0)
            {
                throw new ConfigException(string.Join(Environment.NewLine, errors));
            }

            var changes = new List<string>();
            foreach (var step in Steps(declaration, hashes, cancellationToken))
            {
                await using var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
                var count = changes.Count;
                await step(session, changes).ConfigureAwait(false);
                if (changes.Count > count)
                {
                    await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return changes;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies <see cref="GatehouseOptions.ConfigPath"/> at start; a bad file stops the start with its message.</summary>
    public async Task ApplyAtStartAsync(CancellationToken cancellationToken)
    {
        var path = options.ConfigPath!;
        var changes = await ApplyAsync(await ReadAsync(path, cancellationToken).ConfigureAwait(false), path, cancellationToken).ConfigureAwait(false);
        LogApplied(logger, path, changes.Count == 0 ? "nothing to change" : string.Join("; ", changes));
    }

    /// <summary>Re-reads and applies the file; a bad file is logged and changes nothing.</summary>
    public async Task<ConfigOutcome> ReloadAsync(CancellationToken cancellationToken)
    {
        var path = options.ConfigPath!;
        ConfigOutcome outcome;
        try
        {
            var changes = await ApplyAsync(await ReadAsync(path, cancellationToken).ConfigureAwait(false), path, cancellationToken).ConfigureAwait(false);
            LogApplied(logger, path, changes.Count == 0 ? "nothing to change" : string.Join("; ", changes));
            outcome = new ConfigOutcome(changes, null);
        }
        catch (ConfigException e)
        {
            LogRejected(logger, path, e.Message);
            outcome = new ConfigOutcome([], e.Message);
        }

        Reloaded?.Invoke(outcome);
        return outcome;
    }

    private static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}");
        }
    }

    private IEnumerable<Func<IStoreSession, List<string>, Task>> Steps(ConfigDeclaration declaration, Dictionary<UserDeclaration, string> hashes, CancellationToken cancellationToken)
    {
        // First: pools' triggers and APIs' integrations name functions (resolved when invoked, so only for tidiness).
        foreach (var function in declaration.Functions)
        {
            yield return (session, changes) => FunctionApplier.ApplyAsync(session, function, changes, cancellationToken);
        }

        foreach (var pool in declaration.UserPools)
        {
            yield return (session, changes) => new PoolApplier(services, changes).ApplyAsync(session, pool, hashes, cancellationToken);
        }

        foreach (var api in declaration.Apis)
        {
            yield return (session, changes) => new RestApiApplier(ids, time, changes).ApplyAsync(session, api, cancellationToken);
        }

        foreach (var api in declaration.HttpApis)
        {
            yield return (session, changes) => new HttpApiApplier(ids, time, changes).ApplyAsync(session, api, cancellationToken);
        }
    }

    // PBKDF2 runs here, outside any write transaction, and only for users that do not exist yet.
    private async Task<Dictionary<UserDeclaration, string>> HashNewPasswordsAsync(ConfigDeclaration declaration, CancellationToken cancellationToken)
    {
        var wanted = new List<UserDeclaration>();
        await using (var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            foreach (var pool in declaration.UserPools)
            {
                var current = await session.GetPoolAsync(pool.Id, cancellationToken).ConfigureAwait(false);
                foreach (var user in pool.Users.Where(u => u.Password is not null))
                {
                    if (current is null || await UserLookup.FindAsync(session, current, user.Username, cancellationToken).ConfigureAwait(false) is null)
                    {
                        wanted.Add(user);
                    }
                }
            }
        }

        return wanted.ToDictionary(u => u, u => services.Hasher.Hash(u.Password!));
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Applied {Path}: {Changes}")]
    private static partial void LogApplied(ILogger logger, string path, string changes);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "{Path} was not applied, nothing changed:\n{Problems}")]
    private static partial void LogRejected(ILogger logger, string path, string problems);
}
