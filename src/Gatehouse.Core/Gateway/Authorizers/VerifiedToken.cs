using System.Text.Json;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// A token whose signature has been verified, with the claims every authorizer asks about read out once, so that a
/// token seen again costs one dictionary lookup and a few comparisons.
/// </summary>
internal sealed class VerifiedToken
{
    private AuthorizerAllow? _allow;

    private VerifiedToken(string issuer, bool local, JsonElement payload)
    {
        Issuer = issuer;
        IsLocal = local;
        Payload = payload;
    }

    public string Issuer { get; }

    /// <summary>Signed by a pool of this Gatehouse: its sign-in can be revoked.</summary>
    public bool IsLocal { get; }

    public JsonElement Payload { get; }

    public long? Exp { get; private init; }

    public long? Nbf { get; private init; }

    public long? Iat { get; private init; }

    public string? TokenUse { get; private init; }

    public string? OriginJti { get; private init; }

    /// <summary><c>aud</c> as a list (it may be a string or an array); null when the token has none.</summary>
    public string[]? Audiences { get; private init; }

    public string? ClientId { get; private init; }

    public string[] Scopes { get; private init; } = [];

    public string[] Groups { get; private init; } = [];

    public string Subject { get; private init; } = "";

    /// <summary>The decision every authorizer gives this token once it passes, made once.</summary>
    public AuthorizerAllow Allow => _allow ??= new AuthorizerAllow(Subject, Payload, Scopes, AuthorizerAllow.NoContext);

    /// <summary>Reads the claims in one pass over the payload's properties.</summary>
    public static VerifiedToken Read(string issuer, bool local, JsonElement payload)
    {
        long? exp = null, nbf = null, iat = null;
        string? tokenUse = null, originJti = null, clientId = null, sub = null;
        string[]? audiences = null, scope = null, scp = null;
        string[] groups = [];
        foreach (var claim in payload.EnumerateObject())
        {
            var value = claim.Value;
            switch (claim.Name)
            {
                case "exp": exp = Number(value); break;
                case "nbf": nbf = Number(value); break;
                case "iat": iat = Number(value); break;
                case "token_use": tokenUse = Text(value); break;
                case "origin_jti": originJti = Text(value); break;
                case "client_id": clientId = Text(value); break;
                case "sub": sub = Text(value); break;
                case "aud": audiences = List(value); break;
                case "cognito:groups": groups = List(value); break;
                // OAuth's scope is one space-separated string; Okta and Entra write scp, as an array or a string.
                case "scope" when value.ValueKind == JsonValueKind.String: scope = Words(value); break;
                case "scp": scp = value.ValueKind == JsonValueKind.String ? Words(value) : List(value); break;
                default: break;
            }
        }

        return new VerifiedToken(issuer, local, payload)
        {
            Exp = exp,
            Nbf = nbf,
            Iat = iat,
            TokenUse = tokenUse,
            OriginJti = originJti,
            Audiences = audiences,
            ClientId = clientId,
            Scopes = scope ?? scp ?? [],
            Groups = groups,
            Subject = sub ?? "",
        };
    }

    public bool HasAnyScope(IReadOnlyList<string> wanted) => Intersects(Scopes, wanted);

    public bool InAnyGroup(IReadOnlyList<string> wanted) => Intersects(Groups, wanted);

    private static bool Intersects(string[] held, IReadOnlyList<string> wanted)
    {
        for (var i = 0; i < wanted.Count; i++)
        {
            if (Array.IndexOf(held, wanted[i]) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Words(JsonElement value) => value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // A time claim must be a number (RFC 7519 NumericDate); fractions are cut, as most validators do.
    private static long? Number(JsonElement value) =>
        value.ValueKind != JsonValueKind.Number ? null
        : value.TryGetInt64(out var whole) ? whole
        : value.TryGetDouble(out var real) && real is > long.MinValue and < long.MaxValue ? (long)real
        : null;

    private static string[] List(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
        }

        return [.. list];
    }
}
