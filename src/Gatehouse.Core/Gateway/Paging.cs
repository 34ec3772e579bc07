using System.Text;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// API Gateway's <c>position</c>/<c>limit</c> paging: 25 items by default, at most 500 a page. A position is the
/// opaque sort key of the last item returned, so a page stays correct when items come and go in between.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 500;

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 => throw ApiGatewayException.BadRequest("The limit must be greater than 0."),
        > MaxLimit => MaxLimit,
        _ => limit.Value,
    };

    public static string Encode(string key) => IdGenerator.Base64Url(Encoding.UTF8.GetBytes(key));

    /// <summary>The sort key a position carries; null for the first page.</summary>
    public static string? Decode(string? position)
    {
        if (string.IsNullOrEmpty(position))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(position));
        }
        catch (FormatException)
        {
            throw ApiGatewayException.BadRequest("Invalid position specified.");
        }
    }

    /// <summary>One page of <paramref name="items"/> (already in key order) after the position, and the next position.</summary>
    public static (List<T> Items, string? Position) Page<T>(IEnumerable<T> items, Func<T, string> key, string? position, int? limit)
    {
        var size = Limit(limit);
        var after = Decode(position);
        var rest = after is null ? items : items.Where(i => string.CompareOrdinal(key(i), after) > 0);
        var page = rest.Take(size + 1).ToList();
        if (page.Count <= size)
        {
            return (page, null);
        }

        page.RemoveAt(size);
        return (page, Encode(key(page[^1])));
    }
}
