using System.Text;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi;

/// <summary>
/// Pagination tokens: the store's cursor, base64url-wrapped so callers treat it as opaque. A token that does not
/// decode is InvalidParameterException, as in AWS, never a 500.
/// </summary>
internal static class PageToken
{
    public static string Encode(string cursor) => IdGenerator.Base64Url(Encoding.UTF8.GetBytes(cursor));

    /// <summary>Cuts a page from rows read with <c>size + 1</c>, and the token of the next page when a further row exists.</summary>
    public static (List<T> Page, string? Next) Cut<T>(IReadOnlyList<T> rows, int size, Func<T, string> cursor)
    {
        var page = rows.Take(size).ToList();
        return (page, rows.Count > size ? Encode(cursor(page[^1])) : null);
    }

    public static string? Decode(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw CognitoException.InvalidParameter("Invalid pagination token.");
        }
    }
}
