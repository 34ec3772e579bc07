using System.Collections.Concurrent;

namespace Gatehouse.Core.Tokens;

/// <summary>
/// Revoked sign-ins by <c>origin_jti</c>, in memory for the hot path. The store holds the durable copy; this set is
/// warmed from it at start and fed after each committed revocation.
/// </summary>
public sealed class RevocationList(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);

    public void Add(string originJti, DateTimeOffset until) => _revoked[originJti] = until;

    public bool IsRevoked(string originJti)
    {
        if (!_revoked.TryGetValue(originJti, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        // Past its longest token lifetime nothing can carry this origin_jti any more.
        _revoked.TryRemove(originJti, out _);
        return false;
    }
}

/// <summary>
/// What a stored refresh token grant remembers of its sign-in. <see cref="Scopes"/> are the OAuth scopes granted
/// through the pool's domain, kept across refreshes; null for a sign-in through the Cognito API. <see cref="DeviceKey"/>
/// is the device of the sign-in, which refreshed access tokens keep naming.
/// </summary>
public sealed record RefreshGrantData(
    string Username, string OriginJti, DateTimeOffset AuthTime, IReadOnlyList<string>? Scopes = null, string? DeviceKey = null)
{
    /// <summary>The OAuth context to reissue this sign-in's tokens with.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public OAuthGrantContext? OAuth => Scopes is null ? null : new OAuthGrantContext(Scopes);
}
