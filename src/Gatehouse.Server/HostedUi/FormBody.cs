using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.HostedUi;

/// <summary>A hosted page request refused before any page logic ran: a malformed form (400) or a failed CSRF check (403).</summary>
internal sealed class PageRefused(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Reads a hosted page's urlencoded form (<see cref="UrlEncodedForm"/>) within a small limit, each field at most
/// once. Anything else is a 400 page, never an exception that escapes as a 500.
/// </summary>
internal static class FormBody
{
    // A sign-up form with every standard attribute filled to its 2048-character limit still fits.
    public const int MaxBytes = 64 * 1024;

    public static async Task<Dictionary<string, string>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> parsed;
        try
        {
            parsed = await UrlEncodedForm.ReadAsync(request, MaxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (MalformedFormException e)
        {
            throw e.TooLarge ? TooLarge() : Malformed();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in parsed)
        {
            if (values.Count != 1 || !fields.TryAdd(name, values[0] ?? ""))
            {
                throw Malformed();
            }
        }

        return fields;
    }

    private static PageRefused Malformed() => new(StatusCodes.Status400BadRequest, "The form could not be read.");

    private static PageRefused TooLarge() => new(StatusCodes.Status400BadRequest, "The form is too large.");
}
