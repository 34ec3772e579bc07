using Xunit.Abstractions;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// An independent OpenID Connect relying party, the npm package <c>openid-client</c> (node/openid-client-rp.mjs), signs a
/// user in against the real server: discovery, the authorization code grant with PKCE S256 (signing in on the hosted
/// login page over plain HTTP, as a browser would), the ID token checks openid-client makes, userInfo and refresh.
/// The pool and its client are made with the real AWS CLI.
/// </summary>
[Trait("Category", "Compat")]
public sealed class OpenIdClientTests(GatehouseFixture fixture, ITestOutputHelper output) : IClassFixture<GatehouseFixture>
{
    private const string RedirectUri = "http://localhost:5599/callback";

    private readonly GatehouseProcess _server = fixture.Server;

    [SkippableFact]
    public async Task Openid_client_completes_discovery_code_with_PKCE_userInfo_and_refresh()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("rp"), "--auto-verified-attributes", "email"))
            .Json()["UserPool"]!["Id"]!.GetValue<string>();
        (await _server.CognitoIdpAsync("create-user-pool-domain", "--user-pool-id", poolId, "--domain", Unique.Name("rp"))).Succeeded();
        var clientId = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "rp", "--no-generate-secret",
            "--allowed-o-auth-flows-user-pool-client",
            "--allowed-o-auth-flows", "code",
            "--allowed-o-auth-scopes", "openid", "email", "profile",
            "--callback-urls", $"[\"{RedirectUri}\"]", // as JSON: AWS CLI v1 would fetch a bare URL (cli_follow_urlparam)
            "--supported-identity-providers", "COGNITO")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        (await _server.CognitoIdpAsync(
            "admin-create-user", "--user-pool-id", poolId, "--username", "erin", "--message-action", "SUPPRESS",
            "--user-attributes", "Name=email,Value=erin@example.com", "Name=email_verified,Value=true")).Succeeded();
        (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", "erin", "--password", "Passw0rd!", "--permanent")).Succeeded();

        var issuer = TokenChecks.Issuer(_server, poolId);
        var result = (await _server.NodeAsync("openid-client-rp.mjs", issuer, clientId, RedirectUri, "erin", "Passw0rd!")).Json();
        output.WriteLine(result.ToJsonString());

        Assert.Equal(issuer, result["issuer"]!.GetValue<string>());
        Assert.Equal($"{_server.Endpoint}/oauth2/authorize", result["authorizationEndpoint"]!.GetValue<string>());
        Assert.Contains("cognito", result["cookiesAfterSignIn"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(result["callback"]!["hasCode"]!.GetValue<bool>());
        Assert.Equal("Bearer", result["tokens"]!["tokenType"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(3600, result["tokens"]!["expiresIn"]!.GetValue<int>());
        Assert.True(result["tokens"]!["hasRefreshToken"]!.GetValue<bool>());

        // openid-client checked iss, aud, exp, iat, the nonce and the signature; these are Cognito's claims on top.
        var id = result["idToken"]!;
        Assert.Equal(clientId, id["aud"]!.GetValue<string>());
        Assert.Equal("erin", id["cognito:username"]!.GetValue<string>());
        Assert.Equal("erin@example.com", id["email"]!.GetValue<string>());
        Assert.Equal("id", id["token_use"]!.GetValue<string>());
        Assert.NotNull(id["at_hash"]);

        var refreshed = result["refreshed"]!;
        Assert.True(refreshed["accessTokenChanged"]!.GetValue<bool>());
        Assert.False(refreshed["hasRefreshToken"]!.GetValue<bool>()); // Cognito does not rotate refresh tokens
        Assert.Equal(id["sub"]!.GetValue<string>(), refreshed["idToken"]!["sub"]!.GetValue<string>());

        // userInfo is built on another branch; until it is merged the endpoint answers 404 and only this part is skipped.
        var userinfo = result["userinfo"]!;
        Skip.If(userinfo.GetValueKind() == System.Text.Json.JsonValueKind.String, "GET /oauth2/userInfo answered 404: the endpoint is not on this branch yet; discovery, code + PKCE and refresh passed.");
        Assert.Equal(id["sub"]!.GetValue<string>(), userinfo["sub"]!.GetValue<string>());
        Assert.Equal("erin@example.com", userinfo["email"]!.GetValue<string>());
        Assert.Equal("erin", userinfo["username"]!.GetValue<string>());
    }
}
