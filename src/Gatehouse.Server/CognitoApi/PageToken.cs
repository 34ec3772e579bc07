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
