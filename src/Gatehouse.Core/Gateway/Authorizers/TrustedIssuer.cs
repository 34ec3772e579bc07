using System.Text.RegularExpressions;
using Gatehouse.Core.Tokens;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// One issuer an authorizer trusts, with the <c>iss</c> values that stand for it. A user pool named the AWS way (the
/// issuer <c>https://cognito-idp.{region}.amazonaws.com/{poolId}</c> or the provider ARN
/// <c>arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}</c>) also stands for this Gatehouse's pool of that id,
/// whose tokens carry <c>{public-url}/{poolId}</c>: a walkthrough written for AWS works unchanged. Which keys check a
/// token follows from its <c>iss</c> alone: this Gatehouse's issuers use the pool's keys in memory, any other issuer
/// its discovery document and JWKS.
/// </summary>
public sealed partial class TrustedIssuer
{
    private readonly string[] _accepted;
    private readonly string[] _audiences;

    private TrustedIssuer(string configured, string[] accepted, IReadOnlyList<string> audiences)
    {
        Configured = configured;
        _accepted = accepted;
        _audiences = [.. audiences];
    }

    /// <summary>The issuer or provider ARN as configured.</summary>
    public string Configured { get; }

    /// <summary>The <c>iss</c> values a token of this issuer may carry.</summary>
    public IReadOnlyList<string> Accepted => _accepted;

    /// <summary>The audiences accepted from this issuer (JWT authorizers); empty for Cognito authorizers.</summary>
    public IReadOnlyList<string> Audiences => _audiences;

    /// <summary>An issuer URL of a JWT authorizer, with the audiences it accepts from it.</summary>
    public static TrustedIssuer FromIssuerUrl(string issuer, IReadOnlyList<string> audiences, IssuerUrls local)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        var match = AwsIssuer().Match(issuer);
        return match.Success
            ? new TrustedIssuer(issuer, [local.For(match.Groups["pool"].Value), issuer], audiences)
            : new TrustedIssuer(issuer, [issuer], audiences);
    }

    /// <summary>
    /// A user pool ARN of a Cognito authorizer. Throws <see cref="ArgumentException"/> for anything else; stage
    /// variables must be substituted first.
    /// </summary>
    public static TrustedIssuer FromProviderArn(string arn, IssuerUrls local)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var match = PoolArn().Match(arn);
        if (!match.Success)
        {
            throw new ArgumentException($"Not a user pool ARN: '{arn}'.", nameof(arn));
        }

        var pool = match.Groups["pool"].Value;
        return new TrustedIssuer(arn, [local.For(pool), $"https://cognito-idp.{match.Groups["region"].Value}.amazonaws.com/{pool}"], []);
    }

    internal bool Accepts(string iss)
    {
        foreach (var accepted in _accepted)
        {
            if (string.Equals(accepted, iss, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    internal bool AcceptsAudience(string audience) => Array.IndexOf(_audiences, audience) >= 0;

    internal static TrustedIssuer? Find(IReadOnlyList<TrustedIssuer> trusted, string iss)
    {
        for (var i = 0; i < trusted.Count; i++)
        {
            if (trusted[i].Accepts(iss))
            {
                return trusted[i];
            }
        }

        return null;
    }

    [GeneratedRegex(@"^https://cognito-idp\.[a-z0-9-]+\.amazonaws\.com/(?<pool>[\w-]+_[0-9a-zA-Z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsIssuer();

    [GeneratedRegex(@"^arn:aws[a-z-]*:cognito-idp:(?<region>[a-z0-9-]+):\d*:userpool/(?<pool>[\w-]+_[0-9a-zA-Z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex PoolArn();
}
