using System.Globalization;

namespace Gatehouse.Core.Auth.Srp;

/// <summary>
/// The TIMESTAMP of a PASSWORD_VERIFIER answer: "Tue Aug 4 09:05:07 UTC 2026", day not zero-padded, English names.
/// </summary>
public static class SrpTimestamp
{
    /// <summary>
    /// How far the client's clock may be from the server's. AWS does not document Cognito's window; five minutes
    /// either way is the usual AWS allowance for signed requests.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static readonly string[] Formats = ["ddd MMM d HH:mm:ss 'UTC' yyyy"];

    /// <summary>Formats an instant the way the reference clients do.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

    /// <summary>Parses a client's timestamp; false when it is not in the reference clients' format.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrEmpty(text)
            || !DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        instant = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>True when the timestamp parses and lies within <see cref="Window"/> of the server's clock.</summary>
    public static bool IsCurrent(string? text, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return TryParse(text, out var instant) && (instant - clock.GetUtcNow()).Duration() <= Window;
    }
}
