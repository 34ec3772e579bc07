using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Core.Tokens;

/// <summary>Claims a pre token generation trigger adds, overrides or suppresses in one token.</summary>
/// <param name="AddOrOverride">Claim values (any JSON value) by name.</param>
/// <param name="Suppress">Claims to remove; a claim both suppressed and added is suppressed, as in Cognito.</param>
public sealed record ClaimEdits(IReadOnlyDictionary<string, JsonNode?> AddOrOverride, IReadOnlyCollection<string> Suppress);

/// <summary>
/// A trigger's <c>groupOverrideDetails</c>: it replaces the groups as a whole, so a member left out (or null) removes
/// its claim (<c>cognito:groups</c> in both tokens, <c>cognito:roles</c> and <c>cognito:preferred_role</c> in the ID token).
/// </summary>
public sealed record GroupOverride(IReadOnlyList<string>? Groups, IReadOnlyList<string>? Roles, string? PreferredRole);

/// <summary>What a pre token generation trigger changes in the tokens about to be issued.</summary>
/// <param name="Id">ID token claims (V1 and V2).</param>
/// <param name="Access">Access token claims (V2 and V3 only).</param>
/// <param name="Groups">The group override, or null to keep the user's groups.</param>
/// <param name="ScopesToAdd">Scopes added to the access token (V2 and V3).</param>
/// <param name="ScopesToSuppress">Scopes removed from the access token (V2 and V3).</param>
public sealed record TokenCustomization(
    ClaimEdits? Id,
    ClaimEdits? Access,
    GroupOverride? Groups,
    IReadOnlyList<string> ScopesToAdd,
    IReadOnlyList<string> ScopesToSuppress)
{
    // Cognito keeps these whatever the trigger answers: they identify the token, its subject, client and sign-in.
    private static readonly HashSet<string> ProtectedId = new(StringComparer.Ordinal)
    {
        "acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp", "iat", "identities", "iss", "jti", "nbf",
        "nonce", "origin_jti", "sub", "token_use", "event_id",
    };

    private static readonly HashSet<string> ProtectedAccess = new(StringComparer.Ordinal)
    {
        "acr", "amr", "aud", "auth_time", "azp", "client_id", "cognito:username", "exp", "iat", "identities", "iss", "jti", "nbf",
        "origin_jti", "sub", "token_use", "username", "version", "event_id", "scope",
    };

    /// <summary>Whether a trigger may add, change or suppress <paramref name="claim"/> in the ID or access token.</summary>
    public static bool MayEdit(string claim, bool idToken) =>
        !(idToken ? ProtectedId : ProtectedAccess).Contains(claim)
        && (!claim.StartsWith("cognito:", StringComparison.Ordinal) || claim is "cognito:groups" or "cognito:roles" or "cognito:preferred_role");

    /// <summary>
    /// Applies the edits to a token's payload: the group override first, then added claims (in place when they
    /// override), then suppression. Protected claims are left as they are, silently, as Cognito does. The scope of an
    /// access token changes through <see cref="ScopesToAdd"/> and <see cref="ScopesToSuppress"/>.
    /// </summary>
    internal void Apply(JsonObject payload, bool idToken)
    {
        if (Groups is { } groups)
        {
            Replace(payload, "cognito:groups", groups.Groups is { Count: > 0 } names ? new JsonArray([.. names.Select(n => (JsonNode?)n)]) : null);
            if (idToken)
            {
                Replace(payload, "cognito:roles", groups.Roles is { Count: > 0 } roles ? new JsonArray([.. roles.Select(r => (JsonNode?)r)]) : null);
                Replace(payload, "cognito:preferred_role", groups.PreferredRole is { } role ? JsonValue.Create(role) : null);
            }
        }

        if (!idToken && (ScopesToAdd.Count > 0 || ScopesToSuppress.Count > 0) && payload["scope"] is JsonValue scope)
        {
            var scopes = (scope.GetValue<string>() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            scopes.RemoveAll(s => ScopesToSuppress.Contains(s, StringComparer.Ordinal));
            foreach (var added in ScopesToAdd)
            {
                if (!scopes.Contains(added, StringComparer.Ordinal) && !ScopesToSuppress.Contains(added, StringComparer.Ordinal))
                {
                    scopes.Add(added);
                }
            }

            payload["scope"] = string.Join(' ', scopes);
        }

        if ((idToken ? Id : Access) is not { } edits)
        {
            return;
        }

        foreach (var (name, value) in edits.AddOrOverride)
        {
            if (MayEdit(name, idToken) && name is not ("cognito:groups" or "cognito:roles" or "cognito:preferred_role"))
            {
                payload[name] = value?.DeepClone();
            }
        }

        foreach (var name in edits.Suppress)
        {
            if (MayEdit(name, idToken))
            {
                payload.Remove(name);
            }
        }
    }

    private static void Replace(JsonObject payload, string name, JsonNode? value)
    {
        if (value is null)
        {
            payload.Remove(name);
        }
        else
        {
            payload[name] = value;
        }
    }

    /// <summary>Parses a payload written by the issuer, applies the edits and writes it back in Cognito's JSON style.</summary>
    internal byte[] Rewrite(ReadOnlySpan<byte> payload, bool idToken)
    {
        var json = JsonNode.Parse(payload)!.AsObject();
        Apply(json, idToken);
        return TokenIssuer.WriteObject(w =>
        {
            foreach (var (name, value) in json)
            {
                w.WritePropertyName(name);
                if (value is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    value.WriteTo(w);
                }
            }
        });
    }
}

/// <summary>Reads claim values for <see cref="TokenCustomization"/> from a trigger's JSON.</summary>
public static class ClaimValues
{
    /// <summary>The claims of a <c>claimsToAddOrOverride</c> object; in V1 every value must be a string, a number or a boolean, sent as a string.</summary>
    public static Dictionary<string, JsonNode?> Read(JsonNode? node, bool stringsOnly)
    {
        var claims = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (node is not JsonObject map)
        {
            return claims;
        }

        foreach (var (name, value) in map)
        {
            if (value is null)
            {
                continue;
            }

            if (stringsOnly)
            {
                claims[name] = value.GetValueKind() switch
                {
                    JsonValueKind.String => value.DeepClone(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => JsonValue.Create(value.ToJsonString()),
                    _ => throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output"),
                };
            }
            else
            {
                claims[name] = value.DeepClone();
            }
        }

        return claims;
    }

    /// <summary>A list of strings (claims or scopes to suppress, groups, roles); null when absent.</summary>
    public static List<string>? Strings(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.Where(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>())]
            : null;
}
