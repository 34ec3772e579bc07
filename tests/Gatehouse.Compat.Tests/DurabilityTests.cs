using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// kill -9 the server and start it again on the same data directory: whatever was acknowledged is still there.
/// Each test has a server of its own, since it kills it.
/// </summary>
[Trait("Category", "Durability")]
public sealed class DurabilityTests
{
    [Fact]
    public async Task A_pool_survives_kill_9_and_a_restart_on_the_same_data_directory()
    {
        await using var server = await GatehouseProcess.StartAsync();
        var name = Unique.Name("durable");
        var created = (await server.CognitoIdpAsync("create-user-pool", "--pool-name", name)).Json()["UserPool"]!;
        var poolId = created["Id"]!.GetValue<string>();
        var client = (await server.CognitoIdpAsync("create-user-pool-client", "--user-pool-id", poolId, "--client-name", "app", "--generate-secret"))
            .Json()["UserPoolClient"]!;
        var jwks = await server.GetJsonAsync($"/{poolId}/.well-known/jwks.json");
        var port = server.Port;

        await server.KillAndRestartAsync();

        Assert.Equal(port, server.Port);
        var described = (await server.CognitoIdpAsync("describe-user-pool", "--user-pool-id", poolId)).Json()["UserPool"]!;
        Assert.Equal(name, described["Name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(created["Policies"], described["Policies"]));
        Assert.Equal(created["CreationDate"]!.GetValue<double>(), described["CreationDate"]!.GetValue<double>());
        var listed = (await server.CognitoIdpAsync("list-user-pools", "--max-results", "10")).Json()["UserPools"]!.AsArray();
        Assert.Equal(poolId, Assert.Single(listed)!["Id"]!.GetValue<string>());

        // The signing keys are state too: tokens issued before the crash must still verify after it.
        Assert.True(JsonNode.DeepEquals(jwks, await server.GetJsonAsync($"/{poolId}/.well-known/jwks.json")), "the JWKS changed across a restart");

        // The client is still there: a second client with the same name is a new one, not a conflict with a lost one.
        Assert.NotNull(client["ClientSecret"]);
        (await server.CognitoIdpAsync("create-user-pool-client", "--user-pool-id", poolId, "--client-name", "app")).Succeeded();
    }

    [Fact]
    public async Task Every_acknowledged_create_survives_a_kill_9_right_after_the_last_response()
    {
        await using var server = await GatehouseProcess.StartAsync();
        var ids = (await server.PythonAsync(
            """
            from gatehouse_compat import cognito, emit
            client = cognito()
            emit([client.create_user_pool(PoolName=f"burst-{i}")["UserPool"]["Id"] for i in range(25)])
            """)).Json().AsArray().Select(id => id!.GetValue<string>()).ToList();

        server.KillHard();
        await server.RestartAsync();

        var listed = (await server.PythonAsync(
            """
            from gatehouse_compat import cognito, emit
            pages = cognito().get_paginator("list_user_pools").paginate(MaxResults=60)
            emit([p["Id"] for page in pages for p in page["UserPools"]])
            """)).Json().AsArray().Select(id => id!.GetValue<string>());
        Assert.Equal(ids.Order(), listed.Order());
    }

    [Fact]
    public async Task A_deleted_pool_stays_deleted_after_kill_9()
    {
        await using var server = await GatehouseProcess.StartAsync();
        var poolId = (await server.CognitoIdpAsync("create-user-pool", "--pool-name", Unique.Name("gone"))).Json()["UserPool"]!["Id"]!.GetValue<string>();
        (await server.CognitoIdpAsync("delete-user-pool", "--user-pool-id", poolId)).Succeeded();

        await server.KillAndRestartAsync();

        var described = (await server.CognitoIdpAsync("describe-user-pool", "--user-pool-id", poolId)).Failed();
        Assert.Contains("(ResourceNotFoundException)", described.Stderr, StringComparison.Ordinal);
    }
}
