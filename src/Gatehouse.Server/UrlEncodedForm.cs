using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Server;

/// <summary>A urlencoded body that cannot be read: over its limit, of another content type, not UTF-8, or badly escaped.</summary>
internal sealed class MalformedFormException(bool tooLarge) : Exception(tooLarge ? "The form is too large." : "The form could not be read.")
{
    public bool TooLarge { get; } = tooLarge;
}

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body strictly, within a limit, for the OAuth endpoints and the
/// hosted pages alike; each caller renders a <see cref="MalformedFormException"/> in its own error shape.
/// </summary>
internal static class UrlEncodedForm
{
    /// <summary>UTF-8 that throws on invalid bytes rather than replacing them.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body's fields as parsed, repeats included (callers decide about them); an empty body has none.</summary>
    public static async Task<Dictionary<string, StringValues>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new MalformedFormException(tooLarge: true);
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
                if (buffer.Length > maxBytes)
                {
                    throw new MalformedFormException(tooLarge: true);
                }
            }

            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException)
        {
            throw new MalformedFormException(tooLarge: false);
        }

        if (bytes.Length == 0)
        {
            return [];
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !string.Equals(type.MediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw new MalformedFormException(tooLarge: false);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedFormException(tooLarge: false);
        }

        return WellEscaped(text) ? QueryHelpers.ParseQuery(text) : throw new MalformedFormException(tooLarge: false);
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
}
