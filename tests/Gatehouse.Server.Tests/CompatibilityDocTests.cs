using System.Text.RegularExpressions;
using Gatehouse.Server.ApiGatewayApi;
using Gatehouse.Server.CognitoApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>
/// docs/compatibility.md tells the truth: its Supported rows are exactly the Cognito actions the server registers and the
/// API Gateway operations it maps, and it has one row for every operation in docs/botocore-operations.txt (botocore's
/// models, snapshotted).
/// </summary>
public sealed partial class CompatibilityDocTests : IAsyncLifetime
{
    private const string Supported = "Supported";
    private const string NotYet = "Not yet";

    private static readonly string[] Services = ["cognito-idp", "apigateway", "apigatewayv2"];

    private TestGatehouse _gatehouse = null!;

    public async Task InitializeAsync() => _gatehouse = await TestGatehouse.StartAsync();

    public async Task DisposeAsync() => await _gatehouse.DisposeAsync();

    [Fact]
    public void Every_registered_Cognito_action_is_marked_Supported_and_every_Supported_row_is_registered()
    {
        var registered = _gatehouse.Services.GetServices<ICognitoAction>().Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var supported = Rows().Where(r => r.Service == "cognito-idp" && r.Status == Supported).Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(registered);
        var unmarked = registered.Except(supported).Order().ToList();
        Assert.True(unmarked.Count == 0, $"Registered but not marked Supported in docs/compatibility.md: {string.Join(", ", unmarked)}");
        var unregistered = supported.Except(registered).Order().ToList();
        Assert.True(unregistered.Count == 0, $"Marked Supported in docs/compatibility.md but not registered: {string.Join(", ", unregistered)}");
    }

    [Fact]
    public async Task Every_registered_action_is_reachable_through_its_X_Amz_Target()
    {
        foreach (var action in _gatehouse.Services.GetServices<ICognitoAction>())
        {
            var (_, body, _) = await _gatehouse.RawAsync(action.Name, "{}");
            Assert.NotEqual("UnknownOperationException", body?["__type"]?.GetValue<string>());
        }
    }

    [Fact]
    public void Every_botocore_operation_has_exactly_one_row_and_every_row_is_a_botocore_operation()
    {
        var rows = Rows();
        foreach (var service in Services)
        {
            var expected = Snapshot().Where(o => o.Service == service).Select(o => o.Operation).ToList();
            var listed = rows.Where(r => r.Service == service).Select(r => r.Operation).ToList();
            Assert.True(expected.Count > 0, $"docs/botocore-operations.txt has no {service} operations");

            var missing = expected.Except(listed, StringComparer.Ordinal).ToList();
            Assert.True(missing.Count == 0, $"{service} operations missing from docs/compatibility.md: {string.Join(", ", missing)}");
            var unknown = listed.Except(expected, StringComparer.Ordinal).ToList();
            Assert.True(unknown.Count == 0, $"docs/compatibility.md lists {service} operations botocore does not have: {string.Join(", ", unknown)}");
            var twice = listed.GroupBy(o => o, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{service} operations listed twice: {string.Join(", ", twice)}");
        }
    }

    [Fact]
    public void Every_row_is_Supported_or_Not_yet_and_belongs_to_a_known_service()
    {
        foreach (var row in Rows())
        {
            Assert.True(row.Status is Supported or NotYet, $"docs/compatibility.md line {row.Line}: status '{row.Status}' is neither '{Supported}' nor '{NotYet}'");
            Assert.Contains(row.Service, Services);
        }
    }

    [Theory]
    [InlineData("apigateway")]
    [InlineData("apigatewayv2")]
    public void Every_mapped_API_Gateway_operation_is_marked_Supported_and_every_Supported_row_is_mapped(string service)
    {
        var mapped = MappedOperations(service).Select(o => o.Operation).ToHashSet(StringComparer.Ordinal);
        var supported = Rows().Where(r => r.Service == service && r.Status == Supported).Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);

        var unmarked = mapped.Except(supported).Order().ToList();
        Assert.True(unmarked.Count == 0, $"{service}: mapped but not marked Supported in docs/compatibility.md: {string.Join(", ", unmarked)}");
        var unmapped = supported.Except(mapped).Order().ToList();
        Assert.True(unmapped.Count == 0, $"{service}: marked Supported in docs/compatibility.md but not mapped: {string.Join(", ", unmapped)}");
    }

    [Theory]
    [InlineData("apigateway")]
    [InlineData("apigatewayv2")]
    public async Task Every_mapped_API_Gateway_operation_answers_on_its_route_with_an_AWS_error_or_a_success(string service)
    {
        var operations = MappedOperations(service).ToList();
        Assert.NotEmpty(operations);
        foreach (var (_, name, method, route) in operations)
        {
            // Unknown ids everywhere: each operation must reach its handler and answer AWS's way, not the router's.
            var path = Regex.Replace(route, "{[^}]+}", m => m.Value == "{http_method}" ? "GET" : m.Value == "{status_code}" ? "200" : "nothere");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            var response = await _gatehouse.Http.SendAsync(request);
            var status = (int)response.StatusCode;
            Assert.True(status < 300 || response.Headers.Contains("x-amzn-ErrorType"), $"{name} {method} {path}: {status} without x-amzn-ErrorType");
            Assert.True(status < 500, $"{name} {method} {path}: {status}");
        }
    }

    private IEnumerable<(string Service, string Operation, string Method, string Route)> MappedOperations(string service) =>
        from endpoint in _gatehouse.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        let operation = endpoint.Metadata.GetMetadata<AwsOperationMetadata>()
        where operation?.Service == service
        select (operation.Service, operation.Operation, endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single(), endpoint.RoutePattern.RawText!);

    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gatehouse.slnx")))
            {
                return Path.Combine(directory.FullName, relative);
            }
        }

        throw new InvalidOperationException($"No Gatehouse.slnx above {AppContext.BaseDirectory}.");
    }

    private static List<(string Service, string Operation)> Snapshot() =>
        [.. File.ReadLines(RepositoryFile("docs/botocore-operations.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => (parts[0], parts[1]))];

    /// <summary>The table rows of each <c>## ... (`service`)</c> section.</summary>
    private static List<DocRow> Rows()
    {
        var rows = new List<DocRow>();
        string? service = null;
        var lines = File.ReadAllLines(RepositoryFile("docs/compatibility.md"));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var match = ServiceInHeading().Match(line);
                service = match.Success ? match.Groups[1].Value : null;
                continue;
            }

            if (service is null || !line.StartsWith('|'))
            {
                continue;
            }

            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0] is "Operation" || cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(cells.Length >= 2, $"docs/compatibility.md line {i + 1}: expected | Operation | Status | Notes |");
            rows.Add(new DocRow(service, cells[0], cells[1], i + 1));
        }

        return rows;
    }

    [GeneratedRegex(@"\(`([a-z0-9-]+)`\)")]
    private static partial Regex ServiceInHeading();

    private sealed record DocRow(string Service, string Operation, string Status, int Line);
}
