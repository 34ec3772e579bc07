using System.Text.Json;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;

namespace Gatehouse.Server.Config;

/// <summary>
/// Makes one declared function match the file: saved when new or different, untouched otherwise. Warm workers of a
/// changed function are replaced on its next invocation (the runtimes notice the new definition).
/// </summary>
internal static class FunctionApplier
{
    public static async Task ApplyAsync(IStoreSession session, FunctionDeclaration declared, List<string> changes, CancellationToken cancellationToken)
    {
        var function = declared.Function;
        try
        {
            FunctionRegistry.Validate(function);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{declared.Where}: {e.Message}");
        }

        var current = await FunctionRegistry.GetAsync(session, function.Name, cancellationToken).ConfigureAwait(false);
        if (current is not null && Json(current) == Json(function))
        {
            return;
        }

        await FunctionRegistry.SaveAsync(session, function, cancellationToken).ConfigureAwait(false);
        changes.Add((current is null ? "created" : "updated") + $" function {function.Name}");
    }

    private static string Json(FunctionDefinition function) => JsonSerializer.Serialize(function, FunctionJson.Default.FunctionDefinition);
}
