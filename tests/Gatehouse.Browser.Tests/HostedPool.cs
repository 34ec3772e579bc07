using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Compat.Tests;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// A user pool set up for the hosted pages through the Cognito API (AWS JSON 1.1 on <c>POST /</c>), as an app's
/// infrastructure code would: email auto-verified, a domain, and a public web client (no secret) allowed the code and
/// implicit grants with <c>openid email profile</c>. Its callback and sign-out URLs are on the test's stand-in app
/// (<see cref="AppServer"/>).
/// </summary>
public sealed record HostedPool(GatehouseProcess Server, string AppOrigin, string PoolId, string ClientId, string Domain)
{
    public string CallbackUrl => AppOrigin + "/callback";

    public string LogoutUrl => AppOrigin + "/signed-out";

    public const string Scopes = "openid email profile";

    /// <summary>The pool's issuer: <c>{endpoint}/{poolId}</c>.</summary>
    public string Issuer => $"{Server.Endpoint}/{PoolId}";

    public static async Task<HostedPool> CreateAsync(BrowserFixture fixture, string name)
    {
        var server = fixture.Server;
        var appOrigin = fixture.App.Origin;
        var unique = $"{name}-{Guid.NewGuid().ToString("N")[..8]}";
        var pool = await CallAsync(server, "CreateUserPool", new JsonObject
        {
            ["PoolName"] = unique,
            ["AutoVerifiedAttributes"] = new JsonArray("email"),
        });
        var poolId = pool["UserPool"]!["Id"]!.GetValue<string>();
        await CallAsync(server, "CreateUserPoolDomain", new JsonObject { ["UserPoolId"] = poolId, ["Domain"] = unique });
        var client = await CallAsync(server, "CreateUserPoolClient", new JsonObject
        {
            ["UserPoolId"] = poolId,
            ["ClientName"] = "web",
            ["GenerateSecret"] = false,
            ["AllowedOAuthFlowsUserPoolClient"] = true,
            ["AllowedOAuthFlows"] = new JsonArray("code", "implicit"),
            ["AllowedOAuthScopes"] = new JsonArray("openid", "email", "profile"),
            ["CallbackURLs"] = new JsonArray(appOrigin + "/callback"),
            ["LogoutURLs"] = new JsonArray(appOrigin + "/signed-out"),
            ["SupportedIdentityProviders"] = new JsonArray("COGNITO"),
        });
        return new HostedPool(server, appOrigin, poolId, client["UserPoolClient"]!["ClientId"]!.GetValue<string>(), unique);
    }

    /// <summary>A confirmed user with a verified email and a permanent password, made by an administrator.</summary>
    public async Task CreateUserAsync(string username, string email, string password)
    {
        await CallAsync(Server, "AdminCreateUser", new JsonObject
        {
            ["UserPoolId"] = PoolId,
            ["Username"] = username,
            ["MessageAction"] = "SUPPRESS",
            ["UserAttributes"] = new JsonArray(
                new JsonObject { ["Name"] = "email", ["Value"] = email },
                new JsonObject { ["Name"] = "email_verified", ["Value"] = "true" }),
        });
        await CallAsync(Server, "AdminSetUserPassword", new JsonObject
        {
            ["UserPoolId"] = PoolId,
            ["Username"] = username,
            ["Password"] = password,
            ["Permanent"] = true,
        });
    }

    /// <summary>The user as <c>AdminGetUser</c> answers.</summary>
    public Task<JsonNode> GetUserAsync(string username) =>
        CallAsync(Server, "AdminGetUser", new JsonObject { ["UserPoolId"] = PoolId, ["Username"] = username });

    /// <summary>The newest code sent to the user: <c>GET /_gatehouse/outbox</c> lists messages newest first.</summary>
    public async Task<string> LatestCodeAsync(string username)
    {
        var outbox = await Server.GetJsonAsync($"/_gatehouse/outbox?userPoolId={Uri.EscapeDataString(PoolId)}&username={Uri.EscapeDataString(username)}");
        var message = outbox["messages"]!.AsArray().FirstOrDefault(m => m?["code"] is not null)
            ?? throw new InvalidOperationException($"No message with a code for {username}: {outbox}");
        return message["code"]!.GetValue<string>();
    }

    /// <summary>An <c>/oauth2/authorize</c> path and query for this pool's client.</summary>
    public string AuthorizePath(string responseType, string state, string? nonce = null, Pkce? pkce = null) =>
        "/oauth2/authorize?" + Query(
            ("response_type", responseType),
            ("client_id", ClientId),
            ("redirect_uri", CallbackUrl),
            ("scope", Scopes),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", pkce?.Challenge),
            ("code_challenge_method", pkce is null ? null : "S256"));

    /// <summary>One Cognito action; its JSON answer, or an exception with Cognito's error.</summary>
    public static async Task<JsonNode> CallAsync(GatehouseProcess server, string action, JsonObject body)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Endpoint + "/")) { Content = content };
        request.Headers.Add("X-Amz-Target", $"AWSCognitoIdentityProviderService.{action}");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{action} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    /// <summary>A form-encoded query of the parameters that have a value.</summary>
    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}"));
}
