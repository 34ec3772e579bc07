using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gatehouse.Server.Tests;

/// <summary>
/// <c>{iss}/.well-known/openid-configuration</c>: Cognito's fields, every endpoint of the domain, and each URL it lists
/// answering; a relying party that trusts only the document can verify the tokens and call userInfo.
/// </summary>
public sealed class DiscoveryTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private string _poolId = "";
    private string _issuer = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _poolId = await _gatehouse.CreatePoolAsync(new { PoolName = "web" });
        _issuer = $"{TestGatehouse.PublicUrl}/{_poolId}";
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private async Task<JsonObject> DocumentAsync()
    {
        var response = await _gatehouse.Http.GetAsync(new Uri($"/{_poolId}/.well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(v => v!.GetValue<string>())];

    [Fact]
    public async Task The_document_has_Cognitos_fields_in_Cognitos_order_and_the_domains_endpoints()
    {
        var document = await DocumentAsync();
        string[] keys =
        [
            "authorization_endpoint", "claims_supported", "code_challenge_methods_supported", "grant_types_supported",
            "id_token_signing_alg_values_supported", "issuer", "jwks_uri", "response_types_supported", "revocation_endpoint", "scopes_supported",
            "subject_types_supported", "token_endpoint", "token_endpoint_auth_methods_supported", "userinfo_endpoint",
        ];
        Assert.Equal(keys, document.Select(p => p.Key).ToArray());

        Assert.Equal(_issuer, document["issuer"]!.GetValue<string>());
        Assert.Equal(_issuer + "/.well-known/jwks.json", document["jwks_uri"]!.GetValue<string>());
        Assert.Equal(TestGatehouse.PublicUrl + "/oauth2/authorize", document["authorization_endpoint"]!.GetValue<string>());
        Assert.Equal(TestGatehouse.PublicUrl + "/oauth2/token", document["token_endpoint"]!.GetValue<string>());
        Assert.Equal(TestGatehouse.PublicUrl + "/oauth2/userInfo", document["userinfo_endpoint"]!.GetValue<string>());
        Assert.Equal(TestGatehouse.PublicUrl + "/oauth2/revoke", document["revocation_endpoint"]!.GetValue<string>());
        Assert.Equal(["code", "token"], Strings(document["response_types_supported"]));
        Assert.Equal(["public"], Strings(document["subject_types_supported"]));
        Assert.Equal(["RS256"], Strings(document["id_token_signing_alg_values_supported"]));
        Assert.Equal(["openid", "email", "phone", "profile"], Strings(document["scopes_supported"]));
        Assert.Equal(["client_secret_basic", "client_secret_post", "none"], Strings(document["token_endpoint_auth_methods_supported"]));
        Assert.Equal(["S256"], Strings(document["code_challenge_methods_supported"]));
        Assert.Equal(["authorization_code", "implicit", "refresh_token", "client_credentials"], Strings(document["grant_types_supported"]));
        var claims = Strings(document["claims_supported"]);
        foreach (var claim in new[] { "sub", "iss", "aud", "nonce", "at_hash", "cognito:username", "email", "email_verified", "phone_number", "username" })
        {
            Assert.Contains(claim, claims);
        }
    }

    [Fact]
    public async Task Every_URL_the_document_lists_answers()
    {
        var document = await DocumentAsync();
        foreach (var (name, value) in document)
        {
            if (name == "issuer" || value is not JsonValue || !value.GetValue<string>().StartsWith("http", StringComparison.Ordinal))
            {
                continue;
            }

            var path = new Uri(value.GetValue<string>()).PathAndQuery;
            var method = name is "token_endpoint" or "revocation_endpoint" ? HttpMethod.Post : HttpMethod.Get;
            using var request = new HttpRequestMessage(method, path);
            var response = await _gatehouse.Http.SendAsync(request);
            Assert.True(
                response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed),
                $"{name} {method} {path} answered {(int)response.StatusCode}");
        }

        var jwks = await _gatehouse.Http.GetAsync(new Uri(new Uri(document["jwks_uri"]!.GetValue<string>()).PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
    }

    [Fact]
    public async Task A_relying_party_that_trusts_only_the_document_verifies_the_tokens_and_reads_userInfo()
    {
        var client = await _gatehouse.CreateOAuthClientAsync(_poolId);
        await _gatehouse.CreateUserAsync(_poolId, "alice", ("email", "alice@example.com"));
        var tokens = await _gatehouse.SignInWithCodeAsync(client, "alice", "openid email", nonce: "n-0S6_WzA2Mj");

        var document = await DocumentAsync();
        var jwks = new JsonWebKeySet(await _gatehouse.Http.GetStringAsync(new Uri(new Uri(document["jwks_uri"]!.GetValue<string>()).PathAndQuery, UriKind.Relative)));
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = document["issuer"]!.GetValue<string>(),
            ValidAudience = client.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = Strings(document["id_token_signing_alg_values_supported"]),
            LifetimeValidator = (_, expires, _, _) => expires > _gatehouse.Clock.GetUtcNow().UtcDateTime,
        };
        var id = await new JsonWebTokenHandler().ValidateTokenAsync(tokens.IdToken, parameters);
        Assert.True(id.IsValid, id.Exception?.Message);
        Assert.Equal("n-0S6_WzA2Mj", id.Claims["nonce"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(document["userinfo_endpoint"]!.GetValue<string>()).PathAndQuery);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var userInfo = JsonNode.Parse(await (await _gatehouse.Http.SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal(id.Claims["sub"], userInfo["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_pool_has_no_document()
    {
        var response = await _gatehouse.Http.GetAsync(new Uri("/us-east-1_nothere99/.well-known/openid-configuration", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
