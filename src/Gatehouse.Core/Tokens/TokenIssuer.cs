using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Tokens;

/// <summary>What identifies one sign-in across refreshes: Cognito's <c>origin_jti</c>, <c>event_id</c> and <c>auth_time</c>.</summary>
public sealed record AuthEvent(string OriginJti, string EventId, DateTimeOffset AuthTime);

/// <summary>The tokens of one issue. <see cref="IdToken"/> is null when an OAuth flow was not granted <c>openid</c>.</summary>
public sealed record IssuedTokens(string? IdToken, string AccessToken, int ExpiresIn);

/// <summary>
/// What an OAuth 2.0 flow of the pool's domain adds to a user's tokens: the granted scopes (the access token's
/// <c>scope</c>; an ID token only with <c>openid</c>), the client's <c>nonce</c>, and an <c>at_hash</c> binding the ID
/// token to its access token.
/// </summary>
public sealed record OAuthGrantContext(IReadOnlyList<string> Scopes, string? Nonce = null)
{
    public bool GrantsIdToken => Scopes.Contains("openid", StringComparer.Ordinal);
}

/// <summary>Issues ID and access tokens with exactly Cognito's claims, signed with the pool's keys.</summary>
public sealed class TokenIssuer(SigningKeys keys, TimeProvider time, IdGenerator ids, IssuerUrls issuers)
{
    /// <summary>
    /// A user's ID and access tokens. Without <paramref name="oauth"/> they are those of the Cognito API (scope
    /// <c>aws.cognito.signin.user.admin</c>); with it, those of the pool's OAuth domain. <paramref name="custom"/> is what a
    /// pre token generation trigger answered. <paramref name="deviceKey"/> is the access token's <c>device_key</c>.
    /// </summary>
    public async Task<IssuedTokens> IssueAsync(
        UserPool pool, AppClient client, User user, IReadOnlyList<Group> groups, AuthEvent authEvent, CancellationToken cancellationToken,
        OAuthGrantContext? oauth = null, TokenCustomization? custom = null, string? deviceKey = null)
    {
        var poolKeys = await keys.GetAsync(pool.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Pool {pool.Id} has no signing keys.");
        var now = time.GetUtcNow();
        var lifetimes = TokenLifetimes.For(client);
        var iss = issuers.For(pool.Id);
        var groupNames = groups
            .OrderBy(g => g.Precedence ?? int.MaxValue)
            .ThenBy(g => g.GroupName, StringComparer.Ordinal)
            .ToList();

        var accessToken = Sign(poolKeys.Access, w =>
        {
            w.WriteString("sub", user.Sub);
            if (deviceKey is not null)
            {
                w.WriteString("device_key", deviceKey);
            }

            WriteGroups(w, groupNames, withRoles: false);
            w.WriteString("iss", iss);
            w.WriteNumber("version", 2);
            w.WriteString("client_id", client.ClientId);
            w.WriteString("origin_jti", authEvent.OriginJti);
            w.WriteString("event_id", authEvent.EventId);
            w.WriteString("token_use", "access");
            w.WriteString("scope", oauth is null ? "aws.cognito.signin.user.admin" : string.Join(' ', oauth.Scopes));
            w.WriteNumber("auth_time", authEvent.AuthTime.ToUnixTimeSeconds());
            w.WriteNumber("exp", (now + lifetimes.Access).ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteString("jti", ids.NewUuid());
            w.WriteString("username", user.Username);
        }, custom, idToken: false);

        if (oauth is not null && !oauth.GrantsIdToken)
        {
            return new IssuedTokens(null, accessToken, (int)lifetimes.Access.TotalSeconds);
        }

        var readable = AttributeRules.Readable(client, user).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var idToken = Sign(poolKeys.Id, w =>
        {
            if (oauth is not null)
            {
                w.WriteString("at_hash", AtHash(accessToken));
            }

            WriteGroups(w, groupNames, withRoles: true);
            w.WriteString("sub", user.Sub);
            if (readable.TryGetValue("email_verified", out var emailVerified))
            {
                WriteAttribute(w, "email_verified", emailVerified);
            }

            w.WriteString("iss", iss);
            w.WriteString("cognito:username", user.Username);
            if (oauth?.Nonce is { } nonce)
            {
                w.WriteString("nonce", nonce);
            }

            w.WriteString("origin_jti", authEvent.OriginJti);
            w.WriteString("aud", client.ClientId);
            w.WriteString("event_id", authEvent.EventId);
            w.WriteString("token_use", "id");
            w.WriteNumber("auth_time", authEvent.AuthTime.ToUnixTimeSeconds());
            w.WriteNumber("exp", (now + lifetimes.Id).ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteString("jti", ids.NewUuid());
            foreach (var (name, value) in readable)
            {
                if (name is not ("sub" or "email_verified"))
                {
                    WriteAttribute(w, name, value);
                }
            }
        }, custom, idToken: true);

        return new IssuedTokens(idToken, accessToken, (int)lifetimes.Access.TotalSeconds);
    }

    /// <summary>
    /// The access token of the client_credentials grant: the client is its own subject, so it has no username and no
    /// sign-in to revoke (no <c>origin_jti</c>). Claims in Cognito's order.
    /// </summary>
    public async Task<(string AccessToken, int ExpiresIn)> IssueClientCredentialsAsync(
        AppClient client, IReadOnlyList<string> scopes, CancellationToken cancellationToken, TokenCustomization? custom = null)
    {
        var poolId = client.UserPoolId!;
        var poolKeys = await keys.GetAsync(poolId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Pool {poolId} has no signing keys.");
        var now = time.GetUtcNow();
        var lifetime = TokenLifetimes.For(client).Access;
        var accessToken = Sign(poolKeys.Access, w =>
        {
            w.WriteString("sub", client.ClientId);
            w.WriteString("token_use", "access");
            w.WriteString("scope", string.Join(' ', scopes));
            w.WriteNumber("auth_time", now.ToUnixTimeSeconds());
            w.WriteString("iss", issuers.For(poolId));
            w.WriteNumber("exp", (now + lifetime).ToUnixTimeSeconds());
            w.WriteNumber("iat", now.ToUnixTimeSeconds());
            w.WriteNumber("version", 2);
            w.WriteString("jti", ids.NewUuid());
            w.WriteString("client_id", client.ClientId);
        }, custom, idToken: false);
        return (accessToken, (int)lifetime.TotalSeconds);
    }

    /// <summary>OIDC's at_hash for RS256: the left half of the access token's SHA-256, base64url.</summary>
    public static string AtHash(string accessToken)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(accessToken), hash);
        return IdGenerator.Base64Url(hash[..16]);
    }

    /// <summary>
    /// <c>cognito:groups</c> in precedence order; in ID tokens also the groups' roles, with the lowest precedence's
    /// role as <c>cognito:preferred_role</c> unless two groups tie for it with different roles, as in Cognito.
    /// </summary>
    private static void WriteGroups(Utf8JsonWriter w, List<Group> groups, bool withRoles)
    {
        if (groups.Count == 0)
        {
            return;
        }

        w.WriteStartArray("cognito:groups");
        foreach (var group in groups)
        {
            w.WriteStringValue(group.GroupName);
        }

        w.WriteEndArray();
        var withRole = groups.Where(g => g.RoleArn is not null).ToList();
        if (!withRoles || withRole.Count == 0)
        {
            return;
        }

        var best = withRole[0];
        if (!withRole.Any(g => g.Precedence == best.Precedence && g.RoleArn != best.RoleArn))
        {
            w.WriteString("cognito:preferred_role", best.RoleArn);
        }

        w.WriteStartArray("cognito:roles");
        foreach (var role in withRole.Select(g => g.RoleArn!).Distinct())
        {
            w.WriteStringValue(role);
        }

        w.WriteEndArray();
    }

    // Cognito writes the *_verified flags as JSON booleans and updated_at as a number; everything else is a string.
    private static void WriteAttribute(Utf8JsonWriter w, string name, string value)
    {
        if (name is "email_verified" or "phone_number_verified" && bool.TryParse(value, out var flag))
        {
            w.WriteBoolean(name, flag);
        }
        else if (name == "updated_at" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    // Cognito's JSON: '+', '/' and non-ASCII stay literal rather than \u-escaped, so a kid or a phone number reads the
    // same in the token as in the JWKS or the user's attributes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One payload buffer and writer per thread: the payload is written and signed synchronously, so nothing else on
    // the thread can use them in between, and a token costs no buffers beyond its own string.
    [ThreadStatic] private static ArrayBufferWriter<byte>? _payload;
    [ThreadStatic] private static Utf8JsonWriter? _writer;

    /// <summary>
    /// Writes the payload object with <paramref name="body"/>, applies a trigger's <paramref name="custom"/> edits, and
    /// signs it with <paramref name="key"/>.
    /// </summary>
    private static string Sign(LoadedKey key, Action<Utf8JsonWriter> body, TokenCustomization? custom = null, bool idToken = false)
    {
        var buffer = _payload ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();
        return custom is null ? key.Sign(buffer.WrittenSpan) : key.Sign(custom.Rewrite(buffer.WrittenSpan, idToken));
    }

    /// <summary>Writes a JSON object the way Cognito does (see <see cref="WriterOptions"/>).</summary>
    internal static byte[] WriteObject(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The issuer of each pool: <c>{public-url}/{poolId}</c>.</summary>
public sealed class IssuerUrls(string publicUrl)
{
    public string PublicUrl { get; } = publicUrl.TrimEnd('/');

    public string For(string poolId) => $"{PublicUrl}/{poolId}";

    /// <summary>The pool id of an issuer of this server, or null for any other issuer.</summary>
    public string? PoolIdOf(string? iss) =>
        iss is not null && iss.StartsWith(PublicUrl + "/", StringComparison.Ordinal) && iss.IndexOf('/', PublicUrl.Length + 1) < 0
            ? iss[(PublicUrl.Length + 1)..]
            : null;
}
