using static Gatehouse.Server.Tests.ApiGatewayClient;

namespace Gatehouse.Server.Tests;

/// <summary>Gateway responses over rest-json: the 21 defaults, put, update, delete (reset) and AWS's errors.</summary>
public sealed class ApiGatewayGatewayResponseTests : IAsyncLifetime
{
    private TestGatehouse _gatehouse = null!;
    private ApiGatewayClient _api = null!;
    private string _id = "";

    public async Task InitializeAsync()
    {
        _gatehouse = await TestGatehouse.StartAsync();
        _api = new ApiGatewayClient(_gatehouse);
        (_id, _) = await _api.CreateApiAsync();
    }

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    private string Responses => $"/restapis/{_id}/gatewayresponses";

    [Fact]
    public async Task GetGatewayResponses_lists_all_21_defaults()
    {
        var items = (await _api.CallAsync("GET", Responses))["item"]!.AsArray();
        Assert.Equal(21, items.Count);
        Assert.All(items, i => Assert.True(i!["defaultResponse"]!.GetValue<bool>()));
        var unauthorized = items.Single(i => i!["responseType"]!.GetValue<string>() == "UNAUTHORIZED")!;
        Assert.Equal("401", unauthorized["statusCode"]!.GetValue<string>());
        Assert.Equal("{\"message\":$context.error.messageString}", unauthorized["responseTemplates"]!["application/json"]!.GetValue<string>());
        Assert.Equal("{}", unauthorized["responseParameters"]!.ToJsonString());
        Assert.Null(items.Single(i => i!["responseType"]!.GetValue<string>() == "DEFAULT_4XX")!["statusCode"]);

        var one = await _api.CallAsync("GET", $"{Responses}/QUOTA_EXCEEDED");
        Assert.Equal("429", one["statusCode"]!.GetValue<string>());
        Assert.True(one["defaultResponse"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Put_update_and_delete_customise_then_reset_a_type()
    {
        var put = await _api.CallAsync("PUT", $"{Responses}/UNAUTHORIZED", new
        {
            statusCode = "401",
            responseParameters = new Dictionary<string, string> { ["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'" },
            responseTemplates = new Dictionary<string, string> { ["application/json"] = "{\"error\":$context.error.messageString}" },
        }, 201);
        Assert.False(put["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("'*'", put["responseParameters"]!["gatewayresponse.header.Access-Control-Allow-Origin"]!.GetValue<string>());

        var updated = await _api.CallAsync("PATCH", $"{Responses}/UNAUTHORIZED", Patch(
            ("replace", "/statusCode", "403"),
            ("remove", "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin", null),
            ("add", "/responseTemplates/text~1plain", "no")));
        Assert.Equal("403", updated["statusCode"]!.GetValue<string>());
        Assert.Equal("{}", updated["responseParameters"]!.ToJsonString());
        Assert.Equal("no", updated["responseTemplates"]!["text/plain"]!.GetValue<string>());
        Assert.Equal("403", (await _api.CallAsync("GET", $"{Responses}/UNAUTHORIZED"))["statusCode"]!.GetValue<string>());

        await _api.CallAsync("DELETE", $"{Responses}/UNAUTHORIZED", status: 202);
        var reset = await _api.CallAsync("GET", $"{Responses}/UNAUTHORIZED");
        Assert.True(reset["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("401", reset["statusCode"]!.GetValue<string>());
        await _api.CallAsync("DELETE", $"{Responses}/UNAUTHORIZED", status: 202);
    }

    [Fact]
    public async Task Updating_a_default_type_customises_it()
    {
        var updated = await _api.CallAsync("PATCH", $"{Responses}/DEFAULT_4XX", Patch(("add", "/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin", "'*'")));
        Assert.False(updated["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("{\"message\":$context.error.messageString}", updated["responseTemplates"]!["application/json"]!.GetValue<string>());
        var missing = await _api.CallAsync("GET", $"{Responses}/MISSING_AUTHENTICATION_TOKEN");
        Assert.True(missing["defaultResponse"]!.GetValue<bool>());
        Assert.Equal("'*'", missing["responseParameters"]!["gatewayresponse.header.Access-Control-Allow-Origin"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_gets_AWS_errors_and_changes_nothing()
    {
        Assert.StartsWith("1 validation error detected: Value 'NOPE' at 'responseType'", await _api.FailAsync("GET", $"{Responses}/NOPE", null, 400, "ValidationException"));
        await _api.FailAsync("PUT", $"{Responses}/NOPE", new { }, 400, "ValidationException");
        await _api.FailAsync("PUT", $"{Responses}/THROTTLED", new { statusCode = "600" }, 400, "ValidationException");
        await _api.FailAsync("PUT", $"{Responses}/THROTTLED", new { responseParameters = new Dictionary<string, string> { ["method.response.header.X"] = "'a'" } }, 400, "BadRequestException");
        await _api.FailAsync("PUT", $"{Responses}/THROTTLED", new { responseParameters = new Dictionary<string, string> { ["gatewayresponse.header.X"] = "nonsense" } }, 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"{Responses}/THROTTLED", Patch(("replace", "/nope", "1")), 400, "BadRequestException");
        await _api.FailAsync("PATCH", $"{Responses}/THROTTLED", Patch(("replace", "/statusCode", "abc")), 400, "ValidationException");
        await _api.FailAsync("PUT", $"{Responses}/THROTTLED", new { statusCode = 429 }, 400, "SerializationException");
        Assert.Equal("Invalid API identifier specified 123456789012:nothere", await _api.FailAsync("GET", "/restapis/nothere/gatewayresponses", null, 404, "NotFoundException"));
        await _api.FailAsync("PUT", "/restapis/nothere/gatewayresponses/THROTTLED", new { }, 404, "NotFoundException");
        var (status, _, _) = await _api.RawAsync("PUT", $"{Responses}/THROTTLED", "{not json");
        Assert.Equal(400, status);

        Assert.All((await _api.CallAsync("GET", Responses))["item"]!.AsArray(), i => Assert.True(i!["defaultResponse"]!.GetValue<bool>()));
    }
}
