namespace Gatehouse.Compat.Tests;

/// <summary>
/// The real AWS CLI (<c>aws apigatewayv2 ... --endpoint-url</c>) against a running server: seed 004's HTTP API setup
/// (issue 4, acceptance 3) — a JWT authorizer with the pool's AWS issuer and the client id as audience, the route
/// <c>GET /users/{userId}</c> with an HTTP_PROXY integration, and an auto-deployed <c>$default</c> stage.
/// </summary>
[Trait("Category", "Compat")]
public sealed class ApiGatewayV2CliTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Seed_004_builds_GET_users_userId_with_a_JWT_authorizer_and_an_HTTP_integration()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("users"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        var clientId = (await _server.CognitoIdpAsync(
            "create-user-pool-client", "--user-pool-id", poolId, "--client-name", "web",
            "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")).Json()["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        var issuer = $"https://cognito-idp.us-east-1.amazonaws.com/{poolId}";

        // The backend: Python's http.server over a directory holding /users/42, so only the right path answers 200.
        var root = Directory.CreateTempSubdirectory("gatehouse-backend-");
        Directory.CreateDirectory(Path.Combine(root.FullName, "users"));
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "users", "42"), """{"id":"42"}""");
        using var backend = await PythonHttpServer.StartAsync(root.FullName);

        var api = (await _server.ApiGatewayV2Async("create-api", "--name", Unique.Name("users-api"), "--protocol-type", "HTTP")).Json();
        var apiId = api["ApiId"]!.GetValue<string>();
        Assert.Equal("HTTP", api["ProtocolType"]!.GetValue<string>());
        Assert.Contains($"{apiId}.execute-api.localhost", api["ApiEndpoint"]!.GetValue<string>(), StringComparison.Ordinal);

        var integration = (await _server.ApiGatewayV2Async(
            "create-integration", "--api-id", apiId, "--integration-type", "HTTP_PROXY", "--integration-method", "GET",
            "--integration-uri", $"http://127.0.0.1:{backend.Port}/users/{{userId}}", "--payload-format-version", "1.0")).Json();
        var integrationId = integration["IntegrationId"]!.GetValue<string>();
        Assert.Equal(30000, integration["TimeoutInMillis"]!.GetValue<int>());

        var authorizer = (await _server.ApiGatewayV2Async(
            "create-authorizer", "--api-id", apiId, "--name", "cognito-jwt", "--authorizer-type", "JWT",
            "--identity-source", "$request.header.Authorization",
            "--jwt-configuration", $"Audience={clientId},Issuer={issuer}")).Json();
        var authorizerId = authorizer["AuthorizerId"]!.GetValue<string>();
        Assert.Equal(issuer, authorizer["JwtConfiguration"]!["Issuer"]!.GetValue<string>());
        Assert.Equal(clientId, authorizer["JwtConfiguration"]!["Audience"]![0]!.GetValue<string>());

        var route = (await _server.ApiGatewayV2Async(
            "create-route", "--api-id", apiId, "--route-key", "GET /users/{userId}", "--authorization-type", "JWT",
            "--authorizer-id", authorizerId, "--target", $"integrations/{integrationId}")).Json();
        Assert.Equal("GET /users/{userId}", route["RouteKey"]!.GetValue<string>());

        var stage = (await _server.ApiGatewayV2Async("create-stage", "--api-id", apiId, "--stage-name", "$default", "--auto-deploy")).Json();
        Assert.True(stage["AutoDeploy"]!.GetValue<bool>());
        var deploymentId = stage["DeploymentId"]!.GetValue<string>();

        var routes = (await _server.ApiGatewayV2Async("get-routes", "--api-id", apiId)).Json()["Items"]!.AsArray();
        var listed = Assert.Single(routes)!;
        Assert.Equal(authorizerId, listed["AuthorizerId"]!.GetValue<string>());
        Assert.Equal($"integrations/{integrationId}", listed["Target"]!.GetValue<string>());

        var fetched = (await _server.ApiGatewayV2Async("get-stage", "--api-id", apiId, "--stage-name", "$default")).Json();
        Assert.Equal(deploymentId, fetched["DeploymentId"]!.GetValue<string>());
        var deployments = (await _server.ApiGatewayV2Async("get-deployments", "--api-id", apiId)).Json()["Items"]!.AsArray();
        Assert.True(Assert.Single(deployments)!["AutoDeployed"]!.GetValue<bool>());
        Assert.Single((await _server.ApiGatewayV2Async("get-integrations", "--api-id", apiId)).Json()["Items"]!.AsArray());
        Assert.Single((await _server.ApiGatewayV2Async("get-authorizers", "--api-id", apiId)).Json()["Items"]!.AsArray());
        Assert.Contains((await _server.ApiGatewayV2Async("get-apis")).Json()["Items"]!.AsArray(), a => a!["ApiId"]!.GetValue<string>() == apiId);

        // The call: 401 without a token, 200 with an access token, and the backend saw /users/42.
        (await _server.CognitoIdpAsync("admin-create-user", "--user-pool-id", poolId, "--username", "alice")).Succeeded();
        (await _server.CognitoIdpAsync("admin-set-user-password", "--user-pool-id", poolId, "--username", "alice", "--password", "Passw0rd!", "--permanent")).Succeeded();
        var token = (await _server.CognitoIdpAsync(
            "initiate-auth", "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", clientId,
            "--auth-parameters", "USERNAME=alice,PASSWORD=Passw0rd!")).Json()["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();
        var url = $"http://{apiId}.execute-api.localhost:{_server.Port}/users/42";
        Assert.Equal("401 {\"message\":\"Unauthorized\"}", await CurlAsync(url));
        Assert.Equal("200 {\"id\":\"42\"}", await CurlAsync(url, "-H", $"Authorization: Bearer {token}"));
        Assert.StartsWith("404 ", await CurlAsync(url.Replace("/users/42", "/users/7", StringComparison.Ordinal), "-H", $"Authorization: Bearer {token}"), StringComparison.Ordinal);
        root.Delete(recursive: true);
    }

    private static async Task<string> CurlAsync(string url, params string[] extra)
    {
        var result = (await Tools.RunAsync("curl", ["-sS", "-w", " %{http_code}", .. extra, url])).Succeeded();
        var text = result.Stdout.Trim();
        var space = text.LastIndexOf(' ');
        return $"{text[(space + 1)..]} {text[..space]}";
    }

    /// <summary><c>python3 -m http.server</c> on a free loopback port, stopped on dispose.</summary>
    private sealed class PythonHttpServer : IDisposable
    {
        private readonly System.Diagnostics.Process _process;

        private PythonHttpServer(System.Diagnostics.Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public static async Task<PythonHttpServer> StartAsync(string directory)
        {
            int port;
            using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            }

            var start = new System.Diagnostics.ProcessStartInfo("python3", ["-m", "http.server", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", directory])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = System.Diagnostics.Process.Start(start)!;
            for (var attempt = 0; attempt < 200; attempt++)
            {
                using var client = new System.Net.Sockets.TcpClient();
                try
                {
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                    return new PythonHttpServer(process, port);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // Not listening yet: wait on the process briefly rather than sleeping blind.
                    if (process.WaitForExit(50))
                    {
                        throw new InvalidOperationException("python3 -m http.server exited: " + await process.StandardError.ReadToEndAsync());
                    }
                }
            }

            process.Kill();
            throw new InvalidOperationException("python3 -m http.server did not start listening.");
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }

    [Fact]
    public async Task Import_api_and_export_api_round_trip_through_files()
    {
        var directory = Directory.CreateTempSubdirectory("gatehouse-v2-");
        try
        {
            var definition = Path.Combine(directory.FullName, "api.yaml");
            await File.WriteAllTextAsync(definition, """
                openapi: 3.0.1
                info:
                  title: imported
                  version: '1'
                paths:
                  /users/{userId}:
                    get:
                      x-amazon-apigateway-integration:
                        type: http_proxy
                        httpMethod: GET
                        uri: http://127.0.0.1:8081/users/{userId}
                        payloadFormatVersion: '1.0'
                """);
            var api = (await _server.ApiGatewayV2Async("import-api", "--body", $"file://{definition}")).Json();
            var apiId = api["ApiId"]!.GetValue<string>();
            Assert.Equal("imported", api["Name"]!.GetValue<string>());

            var exported = Path.Combine(directory.FullName, "exported.yaml");
            (await _server.ApiGatewayV2Async("export-api", "--api-id", apiId, "--specification", "OAS30", "--output-type", "YAML", exported)).Succeeded();
            var text = await File.ReadAllTextAsync(exported);
            Assert.Contains("/users/{userId}:", text, StringComparison.Ordinal);
            Assert.Contains("type: http_proxy", text, StringComparison.Ordinal);

            var copy = (await _server.ApiGatewayV2Async("import-api", "--body", $"file://{exported}")).Json()["ApiId"]!.GetValue<string>();
            var routes = (await _server.ApiGatewayV2Async("get-routes", "--api-id", copy)).Json()["Items"]!.AsArray();
            Assert.Equal("GET /users/{userId}", Assert.Single(routes)!["RouteKey"]!.GetValue<string>());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Errors_print_as_AWS_s()
    {
        var missing = (await _server.ApiGatewayV2Async("get-api", "--api-id", "nothere123")).Failed();
        Assert.Contains(
            "An error occurred (NotFoundException) when calling the GetApi operation: Invalid API identifier specified nothere123",
            missing.Stderr,
            StringComparison.Ordinal);

        var apiId = (await _server.ApiGatewayV2Async("create-api", "--name", Unique.Name("errors"), "--protocol-type", "HTTP")).Json()["ApiId"]!.GetValue<string>();
        var bad = (await _server.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "GET /{proxy+}/more")).Failed();
        Assert.Contains("(BadRequestException) when calling the CreateRoute operation", bad.Stderr, StringComparison.Ordinal);
        (await _server.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "ANY /{proxy+}")).Json();
        var twice = (await _server.ApiGatewayV2Async("create-route", "--api-id", apiId, "--route-key", "ANY /{proxy+}")).Failed();
        Assert.Contains("(ConflictException) when calling the CreateRoute operation: Route with key ANY /{proxy+} already exists for this API", twice.Stderr, StringComparison.Ordinal);
        (await _server.ApiGatewayV2Async("delete-api", "--api-id", apiId)).Succeeded();
        (await _server.ApiGatewayV2Async("get-api", "--api-id", apiId)).Failed();
    }
}
