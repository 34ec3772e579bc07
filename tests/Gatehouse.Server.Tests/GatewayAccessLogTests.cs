using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests;

/// <summary>Access logs in the stage's format, to the log and to <c>{data}/logs/access.log</c>.</summary>
public sealed class GatewayAccessLogTests
{
    [Fact]
    public async Task A_stage_with_accessLogSettings_logs_each_request_in_its_format()
    {
        var capture = new CapturingLoggerProvider();
        var gatehouse = await TestGatehouse.StartAsync(configureHost: builder => builder.Logging.AddProvider(capture));
        try
        {
            var api = new ApiGatewayClient(gatehouse);
            var (id, root) = await api.CreateApiAsync("logged");
            var news = await api.CreateResourceAsync(id, root, "news");
            await api.PutMockMethodAsync(id, news, "GET");
            await api.CallAsync("POST", $"/restapis/{id}/deployments", new { stageName = "api" }, 201);
            await api.CallAsync("PATCH", $"/restapis/{id}/stages/api", ApiGatewayClient.Patch(
                ("replace", "/accessLogSettings/format", "$context.requestId $context.httpMethod $context.resourcePath $context.status $context.identity.sourceIp"),
                ("replace", "/accessLogSettings/destinationArn", "arn:aws:logs:us-east-1:123456789012:log-group:access")));

            var response = await gatehouse.Http.GetAsync($"/_aws/execute-api/{id}/api/news");
            Assert.Equal(200, (int)response.StatusCode);
            var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
            var expected = $"{requestId} GET /news 200 ";
            Assert.Contains(capture.Lines, l => l.Contains(expected, StringComparison.Ordinal));
            var path = Path.Combine(gatehouse.Directory, "logs", "access.log");

            // Stopping drains the queue to the file.
            await gatehouse.StopAsync();
            Assert.Contains(expected, await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        }
        finally
        {
            await gatehouse.DisposeAsync();
        }
    }
}
