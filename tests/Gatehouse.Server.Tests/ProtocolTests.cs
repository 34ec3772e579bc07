using System.Net;

namespace Gatehouse.Server.Tests;

/// <summary>The AWS JSON 1.1 envelope: targets, error shape, headers, bad bodies.</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public async Task Errors_carry_the_type_in_body_and_header_and_a_request_id()
    {
        var (status, body, response) = await _gatehouse.RawAsync("DescribeUserPool", """{"UserPoolId":"us-east-1_nothere12"}""");
        Assert.Equal(400, status);
        Assert.Equal("ResourceNotFoundException", body!["__type"]!.GetValue<string>());
        Assert.Equal("User pool us-east-1_nothere12 does not exist.", body["message"]!.GetValue<string>());
        Assert.Equal("ResourceNotFoundException:", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.NotEmpty(response.Headers.GetValues("x-amzn-RequestId").Single());
    }

    [Fact]
    public async Task A_missing_target_is_an_unknown_operation()
    {
        var (status, body, _) = await _gatehouse.RawAsync(null, "{}");
        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", body!["__type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("AWSCognitoIdentityProviderService.NoSuchAction")]
    [InlineData("SomethingElse.CreateUserPool")]
    [InlineData("AWSCognitoIdentityProviderService.")]
    public async Task Unknown_targets_are_unknown_operations(string target)
    {
        var (status, body, _) = await _gatehouse.RawAsync(null, "{}", target);
        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", body!["__type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"PoolName": 42}""")]
    [InlineData("""{"PoolName": "a", "AutoVerifiedAttributes": "email"}""")]
    [InlineData("null")]
    public async Task Malformed_or_mistyped_bodies_are_serialization_errors_and_create_nothing(string body)
    {
        var (status, json, _) = await _gatehouse.RawAsync("CreateUserPool", body);
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", json!["__type"]!.GetValue<string>());
        var pools = await _gatehouse.CallAsync("ListUserPools", new { MaxResults = 60 });
        Assert.Empty(pools["UserPools"]!.AsArray());
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_refused_with_413()
    {
        var huge = "{\"PoolName\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        var (status, json, _) = await _gatehouse.RawAsync("CreateUserPool", huge);
        Assert.Equal((int)HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("RequestEntityTooLargeException", json!["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_violations_use_AWS_validation_wording()
    {
        var error = await _gatehouse.FailAsync("CreateUserPool", new { }, "InvalidParameterException");
        Assert.Equal("1 validation error detected: Value null at 'poolName' failed to satisfy constraint: Member must not be null", error.AwsMessage);
        error = await _gatehouse.FailAsync("CreateUserPool", new { PoolName = new string('x', 129) }, "InvalidParameterException");
        Assert.StartsWith("1 validation error detected: Value '", error.AwsMessage);
        Assert.EndsWith("at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128", error.AwsMessage);
    }

    [Fact]
    public async Task Signed_requests_take_their_region_from_the_credential_scope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent("""{"PoolName":"p"}""");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityProviderService.CreateUserPool");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261122/eu-central-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=abc");
        var response = await _gatehouse.Http.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Matches("^eu-central-1_[A-Za-z0-9]{9}$", body["UserPool"]!["Id"]!.GetValue<string>());
        Assert.StartsWith("arn:aws:cognito-idp:eu-central-1:123456789012:userpool/", body["UserPool"]!["Arn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cors_preflight_allows_browser_sdks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/");
        request.Headers.Add("Origin", "http://localhost:3000");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-amz-target,content-type,x-amz-user-agent");
        var response = await _gatehouse.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
