using System.Text;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// Seed 001 as its reader runs it: a resource server and a client made with the real AWS CLI, then tokens fetched
/// with real curl from <c>/oauth2/token</c> with HTTP Basic, and verified by joserfc against the pool's JWKS.
/// </summary>
[Trait("Category", "Compat")]
public sealed class ClientCredentialsTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Seed_001_client_credentials_with_product_api_scopes()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("seed-001"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var server = (await _server.CognitoIdpAsync(
            "create-resource-server", "--user-pool-id", poolId, "--identifier", "product-api", "--name", "Products",
            "--scopes",
            "ScopeName=read_product,ScopeDescription=Read",
            "ScopeName=create_product,ScopeDescription=Create",
            "ScopeName=delete_product,ScopeDescription=Delete")).Json()["ResourceServer"]!;
        Assert.Equal(3, server["Scopes"]!.AsArray().Count);

        var client = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "product-client", "--generate-secret",
            "--allowed-o-auth-flows", "client_credentials",
            "--allowed-o-auth-scopes", "product-api/read_product", "product-api/create_product", "product-api/delete_product",
            "--allowed-o-auth-flows-user-pool-client",
            "--supported-identity-providers", "COGNITO")).Json()["UserPoolClient"]!;
        var clientId = client["ClientId"]!.GetValue<string>();
        var secret = client["ClientSecret"]!.GetValue<string>();

        var all = await TokenAsync(clientId, secret, "grant_type=client_credentials");
        Assert.Equal(
            ["product-api/create_product", "product-api/delete_product", "product-api/read_product"],
            all["scope"]!.GetValue<string>().Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(clientId, all["sub"]!.GetValue<string>());
        Assert.Equal(clientId, all["client_id"]!.GetValue<string>());
        Assert.Equal("access", all["token_use"]!.GetValue<string>());
        Assert.Null(all["username"]);

        var one = await TokenAsync(clientId, secret, "grant_type=client_credentials&scope=product-api/delete_product");
        Assert.Equal("product-api/delete_product", one["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_secret_gets_invalid_client_and_401_from_curl()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("seed-001-bad"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var clientId = (await _server.CognitoIdpAsync("create-user-pool-client", "--user-pool-id", poolId, "--client-name", "c", "--generate-secret"))
            .Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();

        var result = (await Tools.RunAsync(
            "curl", ["-sS", "-X", "POST", "--user", $"{clientId}:wrong", "-w", "\n%{http_code}", $"{_server.Endpoint}/oauth2/token?grant_type=client_credentials"])).Succeeded();
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal("401", lines[^1]);
        Assert.Equal("invalid_client", JsonNode.Parse(lines[0])!["error"]!.GetValue<string>());
    }

    /// <summary>Runs seed 001's curl and returns the access token's claims, verified by joserfc.</summary>
    private async Task<JsonObject> TokenAsync(string clientId, string secret, string query)
    {
        var response = (await Tools.RunAsync(
            "curl", ["-sS", "--fail-with-body", "-X", "POST", "--user", $"{clientId}:{secret}", $"{_server.Endpoint}/oauth2/token?{query}"])).Json();
        Assert.Equal("Bearer", response["token_type"]!.GetValue<string>());
        Assert.Equal(3600, response["expires_in"]!.GetValue<int>());
        var token = response["access_token"]!.GetValue<string>();

        var verified = await TokenChecks.WithJoserfcAsync(_server, token, TokenChecks.Issuer(_server, PoolIdOf(token)), null);
        return verified["claims"]!.AsObject();
    }

    private static string PoolIdOf(string token)
    {
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])))!;
        var iss = payload["iss"]!.GetValue<string>();
        return iss[(iss.LastIndexOf('/') + 1)..];
    }
}
