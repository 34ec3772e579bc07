using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tokens;

/// <summary>A client's token lifetimes: AWS's defaults (1 h, 1 h, 30 d) and units.</summary>
public sealed record TokenLifetimes(TimeSpan Access, TimeSpan Id, TimeSpan Refresh)
{
    public static TokenLifetimes For(AppClient client) => new(
        Span(client.AccessTokenValidity ?? 60, client.AccessTokenValidity is null ? "minutes" : client.TokenValidityUnits?.AccessToken ?? "hours"),
        Span(client.IdTokenValidity ?? 60, client.IdTokenValidity is null ? "minutes" : client.TokenValidityUnits?.IdToken ?? "hours"),
        Span(client.RefreshTokenValidity ?? 30, client.TokenValidityUnits?.RefreshToken ?? "days"));

    /// <summary>Checks the ranges AWS allows: 5 minutes to 1 day for access and ID tokens, 1 hour to 10 years for refresh.</summary>
    public static void ValidateSettings(AppClient client)
    {
        foreach (var unit in new[] { client.TokenValidityUnits?.AccessToken, client.TokenValidityUnits?.IdToken, client.TokenValidityUnits?.RefreshToken })
        {
            new Validation().OneOf(unit, ["seconds", "minutes", "hours", "days"], "tokenValidityUnits").ThrowIfAny();
        }

        var lifetimes = For(client);
        if (lifetimes.Access < TimeSpan.FromMinutes(5) || lifetimes.Access > TimeSpan.FromDays(1))
        {
            throw CognitoException.InvalidParameter("Access token validity must be between 5 minutes and 1 day.");
        }

        if (lifetimes.Id < TimeSpan.FromMinutes(5) || lifetimes.Id > TimeSpan.FromDays(1))
        {
            throw CognitoException.InvalidParameter("ID token validity must be between 5 minutes and 1 day.");
        }

        if (lifetimes.Refresh < TimeSpan.FromHours(1) || lifetimes.Refresh > TimeSpan.FromDays(3650))
        {
            throw CognitoException.InvalidParameter("Refresh token validity must be between 60 minutes and 10 years.");
        }
    }

    private static TimeSpan Span(int value, string unit) => unit switch
    {
        "seconds" => TimeSpan.FromSeconds(value),
        "minutes" => TimeSpan.FromMinutes(value),
        "hours" => TimeSpan.FromHours(value),
        _ => TimeSpan.FromDays(value),
    };
}
