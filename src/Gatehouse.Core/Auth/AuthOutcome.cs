using Gatehouse.Core.Tokens;

namespace Gatehouse.Core.Auth;

/// <summary>The result of an auth step: tokens, or the next challenge with its session.</summary>
public sealed record AuthOutcome(
    IssuedTokens? Tokens,
    string? RefreshToken,
    string? ChallengeName,
    string? Session,
    IReadOnlyDictionary<string, string>? ChallengeParameters)
{
    public static AuthOutcome Challenge(string name, string session, IReadOnlyDictionary<string, string> parameters) =>
        new(null, null, name, session, parameters);
}
