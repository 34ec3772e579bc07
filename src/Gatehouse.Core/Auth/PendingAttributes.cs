using System.Text.Json;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// Email and phone changes that wait for verification before they replace the user's verified value, for attributes
/// the pool lists in UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate.
/// </summary>
public static class PendingAttributes
{
    private const string Kind = "pending-attribute";

    public static bool RequireVerification(UserPool pool, string attribute) =>
        pool.UserAttributeUpdateSettings is { ValueKind: JsonValueKind.Object } settings
        && settings.TryGetProperty("AttributesRequireVerificationBeforeUpdate", out var names)
        && names.ValueKind == JsonValueKind.Array
        && names.EnumerateArray().Any(n => n.ValueKind == JsonValueKind.String && n.GetString() == attribute);

    /// <summary>Holds a new value until it is verified; it lives as long as the code sent for it.</summary>
    public static Task SaveAsync(IStoreSession session, User user, string attribute, string value, DateTimeOffset expires, CancellationToken cancellationToken) =>
        session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = Key(user, attribute),
                PoolId = user.PoolId,
                UserKey = user.Key,
                Data = JsonSerializer.Serialize(new Dictionary<string, string> { ["value"] = value }, CoreJson.Default.DictionaryStringString),
                ExpiresAt = expires,
            },
            cancellationToken);

    /// <summary>The value waiting for verification, or null.</summary>
    public static async Task<string?> GetAsync(IStoreSession session, User user, string attribute, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(Kind, Key(user, attribute), cancellationToken).ConfigureAwait(false);
        return grant is null || grant.ExpiresAt <= now
            ? null
            : JsonSerializer.Deserialize(grant.Data, CoreJson.Default.DictionaryStringString)?.GetValueOrDefault("value");
    }

    public static Task DeleteAsync(IStoreSession session, User user, string attribute, CancellationToken cancellationToken) =>
        session.DeleteGrantAsync(Kind, Key(user, attribute), cancellationToken);

    private static string Key(User user, string attribute) => $"{user.PoolId}|{user.Key}|{attribute}";
}
