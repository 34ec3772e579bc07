namespace Gatehouse.Compat.Tests;

/// <summary><c>gatehouse serve</c> as a process: the bound port, the issuer it implies, and fast failure on bad options.</summary>
[Trait("Category", "Compat")]
public sealed class ServeTests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Health_answers_ok()
    {
        var health = await _server.GetJsonAsync("/_gatehouse/health");
        Assert.Equal("ok", health["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_port_0_the_issuer_carries_the_port_actually_bound()
    {
        var poolId = (await _server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("issuer"))).Json()["UserPool"]!["Id"]!.GetValue<string>();

        var discovery = await _server.GetJsonAsync($"/{poolId}/.well-known/openid-configuration");

        Assert.NotEqual(0, _server.Port);
        Assert.Equal($"http://localhost:{_server.Port}/{poolId}", discovery["issuer"]!.GetValue<string>());
        Assert.Equal($"http://localhost:{_server.Port}/{poolId}/.well-known/jwks.json", discovery["jwks_uri"]!.GetValue<string>());
        var keys = (await _server.GetJsonAsync($"/{poolId}/.well-known/jwks.json"))["keys"]!.AsArray();
        Assert.Contains(keys, k => k!["alg"]!.GetValue<string>() == "RS256" && k["kty"]!.GetValue<string>() == "RSA");
    }

    [Fact]
    public async Task Public_url_sets_the_issuer()
    {
        await using var server = await GatehouseProcess.StartAsync(null, "--public-url", "http://gatehouse.test:8080");
        var poolId = (await server.CognitoIdpAsync("create-user-pool", "--pool-name", "p")).Json()["UserPool"]!["Id"]!.GetValue<string>();

        var discovery = await server.GetJsonAsync($"/{poolId}/.well-known/openid-configuration");

        Assert.Equal($"http://gatehouse.test:8080/{poolId}", discovery["issuer"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("--account-id", "12345", "AccountId must be 12 digits")]
    [InlineData("--public-url", "not a url", "PublicUrl must be an absolute URL")]
    [InlineData("--port", "70000", "Port must be between 0 and 65535")]
    public async Task Bad_options_fail_fast_with_a_clear_message(string flag, string value, string message)
    {
        var data = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        var result = await Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "serve", "--data", data, flag, value]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"gatehouse: {message}", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "nothing is created before the options are valid");
    }

    [Fact]
    public async Task A_second_server_on_the_same_data_directory_is_refused_and_the_first_goes_on()
    {
        var result = await Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "serve", "--data", _server.DataDirectory, "--port", "0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"gatehouse: {_server.DataDirectory} is in use by another gatehouse server; give each server its own --data.", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("ok", (await _server.GetJsonAsync("/_gatehouse/health"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_broken_data_key_file_stops_the_server_at_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var key = Path.Combine(data, "broken.key");
        await File.WriteAllTextAsync(key, "not a key");
        var result = await Tools.RunAsync("dotnet", [GatehouseProcess.DllPath, "serve", "--data", data, "--port", "0", "--data-key-file", key]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"gatehouse: The data key file {key} does not hold a base64 32-byte key.", result.Stderr, StringComparison.Ordinal);
    }
}
