using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>Methods and method responses over rest-json: authorization, scopes, validation, patch operations.</summary>
public sealed class ApiGatewayMethodTests : IAsyncLifetime
{
    private const string AuthorizerError = "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.";

    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";
    private string _news = "";
    private string _authorizer = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, var root) = await _api.CreateApiAsync();
        _news = await _api.CreateResourceAsync(_id, root, "news");
        _authorizer = await _api.CreateCognitoAuthorizerAsync(_id);
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private string MethodPath(string verb = "DELETE") => $"/restapis/{_id}/resources/{_news}/methods/{verb}";

    [Fact]
    public async Task Put_a_Cognito_method_with_scopes_answers_201_and_get_returns_it()
    {
        var put = await _api.CallAsync("PUT", MethodPath(), new
        {
            authorizationType = "COGNITO_USER_POOLS",
            authorizerId = _authorizer,
            authorizationScopes = new[] { "product-api/delete_product" },
        }, 201);

        Assert.Equal("DELETE", put["httpMethod"]!.GetValue<string>());
        Assert.Equal("COGNITO_USER_POOLS", put["authorizationType"]!.GetValue<string>());
        Assert.Equal(_authorizer, put["authorizerId"]!.GetValue<string>());
        Assert.False(put["apiKeyRequired"]!.GetValue<bool>());
        Assert.Equal("product-api/delete_product", put["authorizationScopes"]![0]!.GetValue<string>());

        var got = await _api.CallAsync("GET", MethodPath());
        Assert.Equal(put.ToJsonString(), got.ToJsonString());
    }

    [Fact]
    public async Task Put_rejects_what_AWS_rejects()
    {
        Assert.Equal(AuthorizerError, await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "COGNITO_USER_POOLS" }, 400, "BadRequestException"));
        Assert.Equal(AuthorizerError, await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "COGNITO_USER_POOLS", authorizerId = "nothere" }, 400, "BadRequestException"));
        Assert.Equal(AuthorizerError, await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "CUSTOM", authorizerId = _authorizer }, 400, "BadRequestException"));
        Assert.Equal(
            "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY",
            await _api.FailAsync("PUT", MethodPath("FETCH"), new { authorizationType = "NONE" }, 400, "BadRequestException"));
        Assert.Equal(
            "Parameter names must be unique across querystring, header and path",
            await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "NONE", requestParameters = new Dictionary<string, bool> { ["method.request.header.a"] = true, ["method.request.querystring.a"] = false } }, 400, "BadRequestException"));
        Assert.Equal("Invalid Request Validator identifier specified", await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "NONE", requestValidatorId = "abc" }, 400, "BadRequestException"));
        Assert.Equal(
            "Invalid model identifier specified: petModel",
            await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "NONE", requestModels = new Dictionary<string, string> { ["application/json"] = "petModel" } }, 400, "BadRequestException"));
        Assert.Equal("Invalid Resource identifier specified", await _api.FailAsync("PUT", $"/restapis/nothere/resources/{_news}/methods/GET", new { authorizationType = "NONE" }, 404, "NotFoundException"));
        await _api.FailAsync("GET", MethodPath(), null, 404, "NotFoundException");

        await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "none" }, 201);
        Assert.Equal("Method already exists for this resource", await _api.FailAsync("PUT", MethodPath(), new { authorizationType = "NONE" }, 409, "ConflictException"));
    }

    [Fact]
    public async Task An_authorizer_id_without_an_authorizer_type_is_dropped()
    {
        var put = await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "NONE", authorizerId = _authorizer }, 201);
        Assert.Null(put["authorizerId"]);
        var updated = await _api.CallAsync("PATCH", MethodPath(), Patch(("replace", "/authorizerId", _authorizer)));
        Assert.Null(updated["authorizerId"]);
    }

    [Fact]
    public async Task Update_switches_to_Cognito_adds_scopes_and_parameters()
    {
        await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "NONE" }, 201);

        var updated = await _api.CallAsync("PATCH", MethodPath(), Patch(
            ("replace", "/authorizationType", "COGNITO_USER_POOLS"),
            ("replace", "/authorizerId", _authorizer),
            ("add", "/authorizationScopes", "product-api/read_product"),
            ("add", "/authorizationScopes", "product-api/create_product"),
            ("remove", "/authorizationScopes", "product-api/read_product"),
            ("add", "/requestParameters/method.request.querystring.q", "true"),
            ("add", "/requestModels/application~1json", "Empty"),
            ("replace", "/apiKeyRequired", "true"),
            ("replace", "/operationName", "DeleteNews")));

        Assert.Equal("COGNITO_USER_POOLS", updated["authorizationType"]!.GetValue<string>());
        Assert.Equal(_authorizer, updated["authorizerId"]!.GetValue<string>());
        Assert.Equal(["product-api/create_product"], updated["authorizationScopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.True(updated["requestParameters"]!["method.request.querystring.q"]!.GetValue<bool>());
        Assert.Equal("Empty", updated["requestModels"]!["application/json"]!.GetValue<string>());
        Assert.True(updated["apiKeyRequired"]!.GetValue<bool>());
        Assert.Equal("DeleteNews", updated["operationName"]!.GetValue<string>());

        var back = await _api.CallAsync("PATCH", MethodPath(), Patch(("remove", "/requestParameters/method.request.querystring.q", null), ("replace", "/authorizationType", "NONE")));
        Assert.Null(back["requestParameters"]);
        Assert.Null(back["authorizerId"]);
    }

    [Fact]
    public async Task Update_errors_are_AWS_s()
    {
        await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "NONE" }, 201);
        Assert.Equal("Invalid patch operation specified. Must be one of: [replace]", await _api.FailAsync("PATCH", MethodPath(), Patch(("add", "/authorizationType", "NONE")), 400, "BadRequestException"));
        Assert.Equal("Invalid patch path /httpMethod", await _api.FailAsync("PATCH", MethodPath(), Patch(("replace", "/httpMethod", "GET")), 400, "BadRequestException"));
        Assert.Equal("Invalid patch path /requestParameters", await _api.FailAsync("PATCH", MethodPath(), Patch(("add", "/requestParameters", "x")), 400, "BadRequestException"));
        Assert.Equal("Invalid patch path /requestModels/application/json", await _api.FailAsync("PATCH", MethodPath(), Patch(("add", "/requestModels/application/json", "Empty")), 400, "BadRequestException"));
        Assert.Equal(AuthorizerError, await _api.FailAsync("PATCH", MethodPath(), Patch(("replace", "/authorizationType", "COGNITO_USER_POOLS")), 400, "BadRequestException"));
        Assert.Equal("Invalid Method identifier specified", await _api.FailAsync("PATCH", MethodPath("GET"), Patch(("replace", "/apiKeyRequired", "true")), 404, "NotFoundException"));
        Assert.Equal("NONE", (await _api.CallAsync("GET", MethodPath()))["authorizationType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_answers_204_then_the_method_is_unknown()
    {
        await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "NONE" }, 201);
        await _api.CallAsync("DELETE", MethodPath(), status: 204);
        Assert.Equal("Invalid Method identifier specified", await _api.FailAsync("DELETE", MethodPath(), null, 404, "NotFoundException"));
    }

    [Fact]
    public async Task Method_responses_put_update_and_delete()
    {
        await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "NONE" }, 201);
        var put = await _api.CallAsync("PUT", MethodPath() + "/responses/200", new { }, 201);
        Assert.Equal("""{"statusCode":"200","responseParameters":{},"responseModels":{}}""", put.ToJsonString());

        var updated = await _api.CallAsync("PATCH", MethodPath() + "/responses/200", Patch(
            ("add", "/responseParameters/method.response.header.my-header", "true"),
            ("add", "/responseModels/application~1json", "Empty")), status: 201);
        Assert.True(updated["responseParameters"]!["method.response.header.my-header"]!.GetValue<bool>());
        Assert.Equal("Empty", updated["responseModels"]!["application/json"]!.GetValue<string>());

        Assert.Equal(
            "Invalid parameter name specified",
            await _api.FailAsync("PATCH", MethodPath() + "/responses/200", Patch(("replace", "/responseParameters/method.response.header.other", "true")), 404, "NotFoundException"));
        Assert.Equal(
            "Content-Type specified was not found",
            await _api.FailAsync("PATCH", MethodPath() + "/responses/200", Patch(("remove", "/responseModels/text~1html", null)), 404, "NotFoundException"));

        var removed = await _api.CallAsync("PATCH", MethodPath() + "/responses/200", Patch(
            ("remove", "/responseParameters/method.response.header.my-header", null),
            ("remove", "/responseModels/application~1json", null)), status: 201);
        Assert.Equal("""{"statusCode":"200"}""", removed.ToJsonString());

        var method = await _api.CallAsync("GET", MethodPath());
        Assert.Equal("200", method["methodResponses"]!["200"]!["statusCode"]!.GetValue<string>());
        await _api.CallAsync("DELETE", MethodPath() + "/responses/200", status: 204);
        Assert.Equal("Invalid Response status code specified", await _api.FailAsync("GET", MethodPath() + "/responses/200", null, 404, "NotFoundException"));
    }

    [Fact]
    public async Task A_status_code_outside_1xx_to_5xx_is_ValidationException()
    {
        await _api.CallAsync("PUT", MethodPath(), new { authorizationType = "NONE" }, 201);
        Assert.Equal(
            "1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
            await _api.FailAsync("PUT", MethodPath() + "/responses/wrong", new { }, 400, "ValidationException"));
        Assert.Equal(
            "2 validation errors detected: Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; " +
            "Value '600' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d",
            await _api.FailAsync("PATCH", MethodPath() + "/responses/600", Patch(("wrong_op", "/responseModels/a~1b", "Empty")), 400, "ValidationException"));
    }
}
