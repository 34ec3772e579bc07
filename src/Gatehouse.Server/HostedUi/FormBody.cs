using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Gatehouse.Server.HostedUi;

/// <summary>A hosted page request refused before any page logic ran: a malformed form (400) or a failed CSRF check (403).</summary>
internal sealed class PageRefused(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Reads a hosted page's urlencoded form within a small limit: strict UTF-8, well-formed escapes, and each field
/// at most once. Anything else is a 400 page, never an exception that escapes as a 500.
/// </summary>
internal static class FormBody
{
    // A sign-up form with every standard attribute filled to its 2048-character limit still fits.
    public const int MaxBytes = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<Dictionary<string, string>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBytes)
                {
                    throw TooLarge();
                }
            }

            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            throw Malformed();
        }

        if (bytes.Length == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed();
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed();
        }

        if (!WellEscaped(text))
        {
            throw Malformed();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(text))
        {
            if (values.Count != 1 || !fields.TryAdd(name, values[0] ?? ""))
            {
                throw Malformed();
            }
        }

        return fields;
    }

    // ParseQuery keeps a stray '%' as it is; a form that has one was not written by a form encoder.
    private static bool WellEscaped(string text)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !Uri.IsHexDigit(text[i + 1]) || !Uri.IsHexDigit(text[i + 2]))
            {
                return false;
            }
        }

        return true;
    }

    private static PageRefused Malformed() => new(StatusCodes.Status400BadRequest, "The form could not be read.");

    private static PageRefused TooLarge() => new(StatusCodes.Status400BadRequest, "The form is too large.");
}
