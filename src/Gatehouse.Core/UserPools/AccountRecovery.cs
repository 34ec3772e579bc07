using System.Text.Json;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// Where ForgotPassword may send its code: the pool's AccountRecoverySetting in priority order, each mechanism usable
/// only when the user's email or phone number is verified. <c>admin_only</c> offers no self-service channel.
/// </summary>
public static class AccountRecovery
{
    private static readonly string[] DefaultOrder = ["email", "phone_number"];

    /// <summary>The attributes the pool recovers accounts with, highest priority first.</summary>
    public static IReadOnlyList<string> Attributes(UserPool pool)
    {
        if (pool.AccountRecoverySetting is not { ValueKind: JsonValueKind.Object } setting
            || !setting.TryGetProperty("RecoveryMechanisms", out var mechanisms)
            || mechanisms.ValueKind != JsonValueKind.Array)
        {
            return DefaultOrder;
        }

        return mechanisms.EnumerateArray()
            .Where(m => m.ValueKind == JsonValueKind.Object)
            .Select(m => (
                Priority: m.TryGetProperty("Priority", out var p) && p.TryGetInt32(out var n) ? n : int.MaxValue,
                Name: m.TryGetProperty("Name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null))
            .OrderBy(m => m.Priority)
            .Select(m => m.Name switch { "verified_email" => "email", "verified_phone_number" => "phone_number", _ => null })
            .OfType<string>()
            .ToList();
    }

    /// <summary>The verified attribute to send a reset code to, or null when the user has none the pool accepts.</summary>
    public static string? ContactAttribute(UserPool pool, User user) =>
        Attributes(pool).FirstOrDefault(a => user.Attribute(a) is { Length: > 0 } && user.Attribute(a + "_verified") == "true");
}
