using System.Globalization;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Auth;

/// <summary>
/// Cognito's cap on how often one user may ask for a code (ForgotPassword, ResendConfirmationCode,
/// GetUserAttributeVerificationCode): a few requests per purpose an hour, then LimitExceededException until the hour
/// that began with the first request is over.
/// </summary>
public static class CodeRequestLimit
{
    public const int PerHour = 5;
    private const string Kind = "code-requests";
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Counts one request in the session's transaction, or throws when the user has used up the hour.</summary>
    public static async Task CountAsync(IStoreSession session, string poolId, string userKey, string purpose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = $"{poolId}|{userKey}|{purpose}";
        var grant = await session.GetGrantAsync(Kind, id, cancellationToken).ConfigureAwait(false);
        var current = grant is not null && grant.ExpiresAt > now && int.TryParse(grant.Data, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;
        if (current >= PerHour)
        {
            throw Exceeded();
        }

        await session.SaveGrantAsync(
            new Grant
            {
                Kind = Kind,
                Id = id,
                PoolId = poolId,
                UserKey = userKey,
                Data = (current + 1).ToString(CultureInfo.InvariantCulture),
                ExpiresAt = current == 0 ? now + Window : grant!.ExpiresAt,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What Cognito answers to any exhausted attempt limit, ChangePassword's lockout included.</summary>
    public static CognitoException Exceeded() => new("LimitExceededException", "Attempt limit exceeded, please try after some time.");
}
