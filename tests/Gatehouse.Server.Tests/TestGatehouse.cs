using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Server.Tests;

/// <summary>A Gatehouse in memory (TestServer) on a temp directory, with a fake clock and a cheap password hash.</summary>
public sealed class TestGatehouse : IAsyncDisposable
{
    public const string PublicUrl = "http://localhost:9229";

    private readonly WebApplication _app;
    private readonly SqliteStore _store;

    private TestGatehouse(WebApplication app, SqliteStore store, string directory, FakeClock clock)
    {
        _app = app;
        _store = store;
        Directory = directory;
        Clock = clock;
        Http = app.GetTestClient();
    }

    public HttpClient Http { get; }

    public FakeClock Clock { get; }

    public string Directory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestGatehouse> StartAsync(
        Action<GatehouseOptions>? configure = null, string? directory = null, Action<WebApplicationBuilder>? configureHost = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "gatehouse-tests", Guid.NewGuid().ToString("N"));
        var options = new GatehouseOptions { DataDirectory = directory, PublicUrl = PublicUrl, PasswordHashIterations = 1000, Port = 0 };
        configure?.Invoke(options);
        var clock = new FakeClock();
        var store = new SqliteStore(directory) { CheckSharedReads = true };
        var app = GatehouseHost.Build(options, store, builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.AddSingleton(TestKeys.Factory());
            configureHost?.Invoke(builder);
        });
        await app.StartAsync();
        return new TestGatehouse(app, store, directory, clock);
    }

    /// <summary>Calls an action and returns its JSON response; throws <see cref="CognitoError"/> on an AWS error.</summary>
    public async Task<JsonNode> CallAsync(string action, object body)
    {
        var (status, json, _) = await RawAsync(action, JsonSerializer.Serialize(body));
        if (status != 200)
        {
            throw new CognitoError(status, json?["__type"]?.GetValue<string>() ?? "", json?["message"]?.GetValue<string>() ?? "");
        }

        return json!;
    }

    /// <summary>Expects an AWS error of the given type and returns it.</summary>
    public async Task<CognitoError> FailAsync(string action, object body, string expectedType)
    {
        var error = await Assert.ThrowsAsync<CognitoError>(() => CallAsync(action, body));
        Assert.Equal(expectedType, error.Type);
        return error;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> RawAsync(string? action, string body, string? target = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        var header = target ?? (action is null ? null : "AWSCognitoIdentityProviderService." + action);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", header);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>Stops the server (hosted services finish their work) and keeps its directory until disposal.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _store.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}

public sealed class CognitoError(int status, string type, string message) : Exception($"{status} {type}: {message}")
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string AwsMessage { get; } = message;
}
