namespace Gatehouse.Compat.Tests;

/// <summary>boto3 against a running server: responses, modeled exception classes, pagination.</summary>
[Trait("Category", "Compat")]
public sealed class Boto3Tests(GatehouseFixture fixture) : IClassFixture<GatehouseFixture>
{
    private readonly GatehouseProcess _server = fixture.Server;

    [Fact]
    public async Task Create_user_pool_and_describe_it()
    {
        var result = (await _server.PythonAsync(
            """
            import sys
            from gatehouse_compat import cognito, emit
            client = cognito()
            created = client.create_user_pool(PoolName=sys.argv[1], AutoVerifiedAttributes=["email"])
            pool_id = created["UserPool"]["Id"]
            described = client.describe_user_pool(UserPoolId=pool_id)
            emit({
                "id": pool_id,
                "name": described["UserPool"]["Name"],
                "created_type": type(described["UserPool"]["CreationDate"]).__name__,
                "status": created["ResponseMetadata"]["HTTPStatusCode"],
                "request_id": created["ResponseMetadata"]["RequestId"],
                "auto_verified": described["UserPool"]["AutoVerifiedAttributes"],
            })
            """,
            Unique.Name("boto-pool"))).Json();

        Assert.Matches("^us-east-1_[0-9A-Za-z]{9}$", result["id"]!.GetValue<string>());
        Assert.StartsWith("boto-pool-", result["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("datetime", result["created_type"]!.GetValue<string>()); // botocore parsed the epoch timestamp
        Assert.Equal(200, result["status"]!.GetValue<int>());
        Assert.NotEmpty(result["request_id"]!.GetValue<string>()); // from x-amzn-RequestId
        Assert.Equal("email", result["auto_verified"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_map_to_modeled_exception_classes()
    {
        var result = (await _server.PythonAsync(
            """
            from gatehouse_compat import cognito, emit
            client = cognito()
            out = {}
            try:
                client.describe_user_pool(UserPoolId="us-east-1_nothere12")
                out["not_found"] = "no error"
            except client.exceptions.ResourceNotFoundException as e:
                out["not_found"] = {
                    "class": type(e).__name__,
                    "code": e.response["Error"]["Code"],
                    "message": e.response["Error"]["Message"],
                    "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                    "request_id": e.response["ResponseMetadata"].get("RequestId", ""),
                }
            try:
                client.create_user_pool(PoolName="x" * 129)
                out["invalid"] = "no error"
            except client.exceptions.InvalidParameterException as e:
                out["invalid"] = {"class": type(e).__name__, "message": e.response["Error"]["Message"]}
            emit(out)
            """)).Json();

        var notFound = result["not_found"]!;
        Assert.Equal("ResourceNotFoundException", notFound["class"]!.GetValue<string>());
        Assert.Equal("ResourceNotFoundException", notFound["code"]!.GetValue<string>());
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", notFound["message"]!.GetValue<string>());
        Assert.Equal(400, notFound["status"]!.GetValue<int>());
        Assert.NotEmpty(notFound["request_id"]!.GetValue<string>());
        Assert.Equal("InvalidParameterException", result["invalid"]!["class"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_list_user_pools_paginator_walks_every_page()
    {
        await using var server = await GatehouseProcess.StartAsync();
        var result = (await server.PythonAsync(
            """
            from gatehouse_compat import cognito, emit
            client = cognito()
            created = {client.create_user_pool(PoolName=f"page-{i}")["UserPool"]["Id"] for i in range(7)}
            pages = list(client.get_paginator("list_user_pools").paginate(MaxResults=3))
            listed = [p["Id"] for page in pages for p in page["UserPools"]]
            emit({"pages": [len(page["UserPools"]) for page in pages], "same": sorted(listed) == sorted(created), "unique": len(set(listed)) == len(listed)})
            """)).Json();

        Assert.Equal([3, 3, 1], result["pages"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.True(result["same"]!.GetValue<bool>());
        Assert.True(result["unique"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_user_pool_client_with_a_secret_as_seed_002_configures_it()
    {
        var result = (await _server.PythonAsync(
            """
            from gatehouse_compat import cognito, emit
            client = cognito()
            pool_id = client.create_user_pool(PoolName="seed-002")["UserPool"]["Id"]
            app = client.create_user_pool_client(
                UserPoolId=pool_id, ClientName="app", GenerateSecret=True, ExplicitAuthFlows=["ADMIN_NO_SRP_AUTH"])["UserPoolClient"]
            emit({"pool": pool_id, "client": app})
            """)).Json();

        var app = result["client"]!;
        Assert.Equal(result["pool"]!.GetValue<string>(), app["UserPoolId"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(app["ClientSecret"]?.GetValue<string>()));
        Assert.Equal("ADMIN_NO_SRP_AUTH", app["ExplicitAuthFlows"]![0]!.GetValue<string>());
    }
}
