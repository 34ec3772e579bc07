namespace Gatehouse.Server.Tests;

public sealed class RequestIdsTests
{
    [Fact]
    public void A_request_id_is_a_version_4_uuid_and_never_repeats()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var id = RequestIds.NewRequestId();
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
            Assert.True(seen.Add(id));
        }
    }

    [Fact]
    public void An_extended_request_id_is_16_url_safe_characters()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var id = RequestIds.NewExtendedRequestId();
            Assert.Matches("^[A-Za-z0-9_-]{16}$", id);
            Assert.True(seen.Add(id));
        }
    }
}
