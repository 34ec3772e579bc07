using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>What the user the tokens were issued to should look like in them.</summary>
/// <param name="Username">The user's username (<c>cognito:username</c> and <c>username</c>).</param>
/// <param name="Sub">The <c>UserSub</c>, when the test knows it.</param>
/// <param name="Email">The email claim, or null when the user has none (and then no <c>email_verified</c> either).</param>
/// <param name="EmailVerified">The <c>email_verified</c> claim, when the user has an email.</param>
public sealed record ExpectedUser(string Username, string? Sub, string? Email, bool EmailVerified);

/// <summary>
/// Verifies Cognito tokens with two independent libraries, Python's joserfc and Node's jose, against the pool's
/// published JWKS, and checks the claims are exactly Cognito's.
/// </summary>
public static class TokenChecks
{
    private static readonly string[] IdClaims =
        ["sub", "aud", "email_verified", "token_use", "auth_time", "iss", "cognito:username", "exp", "iat", "jti", "origin_jti", "event_id", "email"];

    private static readonly string[] AccessClaims =
        ["sub", "token_use", "scope", "auth_time", "iss", "exp", "iat", "origin_jti", "jti", "client_id", "username", "event_id", "version"];

    /// <summary>The issuer of a pool on this server: <c>{endpoint}/{poolId}</c>.</summary>
    public static string Issuer(GatehouseProcess server, string poolId) => $"{server.Endpoint}/{poolId}";

    /// <summary>Verifies both tokens with joserfc and jose and checks every claim; returns the ID and access claims.</summary>
    public static async Task<(JsonObject Id, JsonObject Access)> VerifyAsync(
        GatehouseProcess server, string poolId, string clientId, JsonNode authenticationResult, ExpectedUser user)
    {
        var idToken = authenticationResult["IdToken"]!.GetValue<string>();
        var accessToken = authenticationResult["AccessToken"]!.GetValue<string>();
        var issuer = Issuer(server, poolId);

        var idByPython = await WithJoserfcAsync(server, idToken, issuer, clientId);
        var idByNode = await WithJoseAsync(server, idToken, issuer, clientId);
        var accessByPython = await WithJoserfcAsync(server, accessToken, issuer, null);
        var accessByNode = await WithJoseAsync(server, accessToken, issuer, null);
        Assert.True(JsonNode.DeepEquals(idByPython, idByNode), $"joserfc and jose disagree on the ID token:\n{idByPython}\n{idByNode}");
        Assert.True(JsonNode.DeepEquals(accessByPython, accessByNode), $"joserfc and jose disagree on the access token:\n{accessByPython}\n{accessByNode}");

        var keys = (await server.GetJsonAsync($"/{poolId}/.well-known/jwks.json"))["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();
        foreach (var header in new[] { idByPython["header"]!, accessByPython["header"]! })
        {
            Assert.Equal("RS256", header["alg"]!.GetValue<string>());
            Assert.Contains(header["kid"]!.GetValue<string>(), keys);
        }

        var id = idByPython["claims"]!.AsObject();
        var access = accessByPython["claims"]!.AsObject();
        CheckIdToken(id, issuer, clientId, user);
        CheckAccessToken(access, issuer, clientId, user);

        // One authentication: both tokens share the subject, the auth event and its time.
        foreach (var shared in new[] { "sub", "origin_jti", "event_id", "auth_time" })
        {
            Assert.True(JsonNode.DeepEquals(id[shared], access[shared]), $"{shared} differs between the ID and access token");
        }

        Assert.NotEqual(id["jti"]!.GetValue<string>(), access["jti"]!.GetValue<string>());
        return (id, access);
    }

    /// <summary>joserfc's view: <c>{"header": ..., "claims": ...}</c>, or a failed test with its reason.</summary>
    public static async Task<JsonNode> WithJoserfcAsync(GatehouseProcess server, string token, string issuer, string? audience) =>
        (await server.PythonAsync(
            """
            import sys
            from gatehouse_compat import emit
            from verify_jwt import verify
            emit(verify(*sys.argv[1:]))
            """,
            audience is null ? [token, issuer] : [token, issuer, audience])).Json();

    /// <summary>jose's view: <c>{"header": ..., "claims": ...}</c>, or a failed test with its reason.</summary>
    public static async Task<JsonNode> WithJoseAsync(GatehouseProcess server, string token, string issuer, string? audience) =>
        (await server.NodeAsync("verify-jwt.mjs", audience is null ? [token, issuer] : [token, issuer, audience])).Json();

    private static void CheckIdToken(JsonObject claims, string issuer, string clientId, ExpectedUser user)
    {
        var expected = user.Email is null ? IdClaims.Except(["email", "email_verified"]) : IdClaims;
        Assert.Equal(expected.Order(), claims.Select(c => c.Key).Order());
        Assert.Equal("id", claims["token_use"]!.GetValue<string>());
        Assert.Equal(issuer, claims["iss"]!.GetValue<string>());
        Assert.Equal(clientId, claims["aud"]!.GetValue<string>()); // a string, not an array, as Cognito writes it
        Assert.Equal(user.Username, claims["cognito:username"]!.GetValue<string>());
        if (user.Email is not null)
        {
            Assert.Equal(user.Email, claims["email"]!.GetValue<string>());
            Assert.Equal(user.EmailVerified, claims["email_verified"]!.GetValue<bool>()); // a JSON boolean, not "true"
        }

        CheckCommon(claims, user);
    }

    private static void CheckAccessToken(JsonObject claims, string issuer, string clientId, ExpectedUser user)
    {
        Assert.Equal(AccessClaims.Order(), claims.Select(c => c.Key).Order());
        Assert.False(claims.ContainsKey("aud"), "Cognito access tokens carry client_id, not aud");
        Assert.Equal("access", claims["token_use"]!.GetValue<string>());
        Assert.Equal("aws.cognito.signin.user.admin", claims["scope"]!.GetValue<string>());
        Assert.Equal(issuer, claims["iss"]!.GetValue<string>());
        Assert.Equal(clientId, claims["client_id"]!.GetValue<string>());
        Assert.Equal(user.Username, claims["username"]!.GetValue<string>());
        Assert.Equal(2, claims["version"]!.GetValue<int>());
        CheckCommon(claims, user);
    }

    private static void CheckCommon(JsonObject claims, ExpectedUser user)
    {
        var sub = claims["sub"]!.GetValue<string>();
        Assert.True(Guid.TryParse(sub, out _), $"sub {sub} is a UUID");
        if (user.Sub is not null)
        {
            Assert.Equal(user.Sub, sub);
        }

        foreach (var uuid in new[] { "jti", "origin_jti", "event_id" })
        {
            Assert.True(Guid.TryParse(claims[uuid]!.GetValue<string>(), out _), $"{uuid} is a UUID");
        }

        var iat = claims["iat"]!.GetValue<long>();
        Assert.Equal(3600, claims["exp"]!.GetValue<long>() - iat); // the default one hour
        Assert.InRange(claims["auth_time"]!.GetValue<long>(), iat - 300, iat);
        Assert.InRange(iat, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60);
    }
}
