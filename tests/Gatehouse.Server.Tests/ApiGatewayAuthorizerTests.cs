using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>Authorizers over rest-json: AWS's shape for Cognito and Lambda authorizers, validation, use by methods.</summary>
public sealed class ApiGatewayAuthorizerTests : IAsyncLifetime
{
    private const string PoolArn = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_aWcZeQbuD";

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _root = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _root) = await _api.CreateApiAsync();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task A_Cognito_authorizer_has_AWS_s_shape()
    {
        var created = await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "First_Cognito_Custom_Authorizer",
            type = "COGNITO_USER_POOLS",
            providerARNs = new[] { PoolArn },
            identitySource = "method.request.header.Authorization",
        }, 201);

        Assert.Matches("^[a-z0-9]{6}$", created["id"]!.GetValue<string>());
        Assert.Equal("cognito_user_pools", created["authType"]!.GetValue<string>());
        Assert.Equal(PoolArn, created["providerARNs"]![0]!.GetValue<string>());
        Assert.Null(created["authorizerResultTtlInSeconds"]);
        Assert.Equal(created.ToJsonString(), (await _api.CallAsync("GET", $"/restapis/{_id}/authorizers/{created["id"]}")).ToJsonString());
        Assert.Single((await _api.CallAsync("GET", $"/restapis/{_id}/authorizers"))["item"]!.AsArray());
    }

    [Fact]
    public async Task A_TOKEN_authorizer_defaults_to_a_300_second_cache()
    {
        var created = await _api.CallAsync("POST", $"/restapis/{_id}/authorizers", new
        {
            name = "token",
            type = "TOKEN",
            authorizerUri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
            identitySource = "method.request.header.Authorization",
        }, 201);
        Assert.Equal(300, created["authorizerResultTtlInSeconds"]!.GetValue<int>());
        Assert.Equal("custom", created["authType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_rejects_what_AWS_rejects()
    {
        var path = $"/restapis/{_id}/authorizers";
        Assert.Equal(
            "1 validation error detected: Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]",
            await _api.FailAsync("POST", path, new { name = "a", type = "JWT" }, 400, "ValidationException"));
        Assert.StartsWith(
            "ProviderARNs need to be valid Cognito Userpools. Invalid ARNs- arn:aws:cognito-identity",
            await _api.FailAsync("POST", path, new { name = "a", type = "COGNITO_USER_POOLS", providerARNs = new[] { "arn:aws:cognito-identity:us-east-1:123456789012:identitypool/x" }, identitySource = "method.request.header.Authorization" }, 400, "BadRequestException"));
        await _api.FailAsync("POST", path, new { name = "a", type = "COGNITO_USER_POOLS", identitySource = "method.request.header.Authorization" }, 400, "BadRequestException");
        await _api.FailAsync("POST", path, new { name = "a", type = "COGNITO_USER_POOLS", providerARNs = new[] { PoolArn } }, 400, "BadRequestException");
        await _api.FailAsync("POST", path, new { name = "a", type = "COGNITO_USER_POOLS", providerARNs = new[] { PoolArn }, identitySource = "Authorization" }, 400, "BadRequestException");
        await _api.FailAsync("POST", path, new { name = "a", type = "TOKEN", identitySource = "method.request.header.Authorization" }, 400, "BadRequestException");
        Assert.Equal(
            "Unable to complete operation due to concurrent modification. Please try again later.",
            await _api.FailAsync("POST", "/restapis/nothere/authorizers", new { name = "a", type = "COGNITO_USER_POOLS", providerARNs = new[] { PoolArn }, identitySource = "method.request.header.Authorization" }, 409, "ConflictException"));
        Assert.Empty((await _api.CallAsync("GET", path))["item"]!.AsArray());
    }

    [Fact]
    public async Task Update_patches_pools_and_settings()
    {
        var id = await _api.CreateCognitoAuthorizerAsync(_id);
        var second = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_second123";
        var updated = await _api.CallAsync("PATCH", $"/restapis/{_id}/authorizers/{id}", Patch(
            ("add", "/providerARNs/" + second, null),
            ("replace", "/name", "renamed"),
            ("replace", "/identityValidationExpression", "^Bearer .+$"),
            ("replace", "/authorizerResultTtlInSeconds", "60")));
        Assert.Equal(2, updated["providerARNs"]!.AsArray().Count);
        Assert.Equal("renamed", updated["name"]!.GetValue<string>());
        Assert.Equal(60, updated["authorizerResultTtlInSeconds"]!.GetValue<int>());

        var fewer = await _api.CallAsync("PATCH", $"/restapis/{_id}/authorizers/{id}", Patch(("remove", "/providerARNs", second)));
        Assert.Single(fewer["providerARNs"]!.AsArray());
        await _api.FailAsync("PATCH", $"/restapis/{_id}/authorizers/{id}", Patch(("replace", "/identityValidationExpression", "([")), 400, "BadRequestException");
        Assert.Equal("Invalid Authorizer identifier specified", await _api.FailAsync("PATCH", $"/restapis/{_id}/authorizers/nothere", Patch(("replace", "/name", "x")), 404, "NotFoundException"));
    }

    [Fact]
    public async Task An_authorizer_in_use_cannot_be_deleted()
    {
        var id = await _api.CreateCognitoAuthorizerAsync(_id);
        var news = await _api.CreateResourceAsync(_id, _root, "news");
        await _api.CallAsync("PUT", $"/restapis/{_id}/resources/{news}/methods/DELETE", new { authorizationType = "COGNITO_USER_POOLS", authorizerId = id }, 201);

        Assert.Equal(
            "Cannot delete authorizer 'pool', is referenced in method: /news/DELETE",
            await _api.FailAsync("DELETE", $"/restapis/{_id}/authorizers/{id}", null, 409, "ConflictException"));
        await _api.CallAsync("DELETE", $"/restapis/{_id}/resources/{news}/methods/DELETE", status: 204);
        await _api.CallAsync("DELETE", $"/restapis/{_id}/authorizers/{id}", status: 202);
        Assert.Equal("Invalid Authorizer identifier specified", await _api.FailAsync("GET", $"/restapis/{_id}/authorizers/{id}", null, 404, "NotFoundException"));
    }
}
