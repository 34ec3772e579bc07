using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests;

/// <summary>
/// What a test function answers: its result as raw text (JSON or not), a Lambda error (Lambda's error shape with
/// <c>X-Amz-Function-Error</c>), or nothing at all (it hangs until the caller gives up).
/// </summary>
public sealed record FunctionReply(string Body, bool Error = false, bool Hang = false)
{
    public static FunctionReply Json(JsonNode? result) => new(result?.ToJsonString() ?? "null");

    public static FunctionReply Raise(string message, string type = "Error") =>
        new(new JsonObject { ["errorMessage"] = message, ["errorType"] = type, ["stackTrace"] = new JsonArray() }.ToJsonString(), Error: true);

    public static FunctionReply Hangs { get; } = new("", Hang: true);
}

/// <summary>
/// Functions written in C# for tests without a language runtime: a real loopback server playing the Lambda Runtime
/// Interface Emulator, whose functions are registered in a <see cref="TestGatehouse"/> as <c>url</c> functions.
/// Every event is recorded before its handler sees it. A function answers with its own handler (<c>On</c>, <c>AddAsync</c>),
/// else with <see cref="Handler"/>, which by default returns the event. Handlers may call back into the Gatehouse.
/// </summary>
public sealed class FunctionServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestGatehouse _gatehouse;
    private readonly ConcurrentDictionary<string, Func<JsonObject, Task<FunctionReply>>> _handlers = new(StringComparer.Ordinal);

    private FunctionServer(WebApplication app, TestGatehouse gatehouse)
    {
        _app = app;
        _gatehouse = gatehouse;
    }

    public string Url { get; private set; } = "";

    /// <summary>Every event received, oldest first: the function it was sent to, the parsed event and its exact text.</summary>
    public ConcurrentQueue<(string Name, JsonNode? Event, string Raw)> Received { get; } = new();

    /// <summary>The reply of a function without its own handler; by default the event itself.</summary>
    public Func<string, JsonNode?, FunctionReply> Handler { get; set; } = (_, e) => FunctionReply.Json(e);

    /// <summary>Starts the server; its functions are registered in <paramref name="gatehouse"/>.</summary>
    public static async Task<FunctionServer> StartAsync(TestGatehouse gatehouse)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FunctionServer(app, gatehouse);
        app.MapPost("/fn/{name}", server.InvokeAsync);
        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>The Lambda ARN a pool's LambdaConfig (or an integration) names <paramref name="name"/> by.</summary>
    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:{name}";

    /// <summary>A handler that fills the event's <c>response</c> with <paramref name="respond"/> and returns the event.</summary>
    public static Func<JsonObject, FunctionReply> Respond(Action<JsonObject> respond) => e =>
    {
        respond(e["response"]!.AsObject());
        return FunctionReply.Json(e);
    };

    /// <summary>
    /// Registers <paramref name="name"/> as a <c>url</c> function served here (or at <paramref name="url"/> instead,
    /// e.g. one nothing listens on); returns its ARN.
    /// </summary>
    public async Task<string> RegisterAsync(string name, int timeoutSeconds = FunctionDefinition.DefaultTimeoutSeconds, string? url = null)
    {
        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(true, CancellationToken.None);
        await FunctionRegistry.SaveAsync(session, new FunctionDefinition { Name = name, Runtime = "url", Url = url ?? $"{Url}/fn/{name}", Timeout = timeoutSeconds }, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return Arn(name);
    }

    /// <summary>Registers <paramref name="name"/> answering with <paramref name="handler"/>; returns its ARN.</summary>
    public Task<string> AddAsync(string name, Func<JsonObject, Task<FunctionReply>> handler, int timeoutSeconds = FunctionDefinition.DefaultTimeoutSeconds, string? url = null)
    {
        On(name, handler);
        return RegisterAsync(name, timeoutSeconds, url);
    }

    public Task<string> AddAsync(string name, Func<JsonObject, FunctionReply> handler, int timeoutSeconds = FunctionDefinition.DefaultTimeoutSeconds, string? url = null)
    {
        On(name, handler);
        return RegisterAsync(name, timeoutSeconds, url);
    }

    /// <summary>Registers <paramref name="name"/> answering with the event, after <paramref name="handle"/> edits it.</summary>
    public Task<string> AddAsync(string name, Action<JsonObject>? handle = null, int timeoutSeconds = FunctionDefinition.DefaultTimeoutSeconds, string? url = null)
    {
        On(name, handle ?? (_ => { }));
        return RegisterAsync(name, timeoutSeconds, url);
    }

    /// <summary>Sets the handler of <paramref name="name"/>.</summary>
    public void On(string name, Func<JsonObject, Task<FunctionReply>> handler) => _handlers[name] = handler;

    public void On(string name, Func<JsonObject, FunctionReply> handler) => On(name, e => Task.FromResult(handler(e)));

    /// <summary>A handler that edits the event (e.g. its <c>response</c>) and returns it.</summary>
    public void On(string name, Action<JsonObject> handle) => On(name, e =>
    {
        handle(e);
        return FunctionReply.Json(e);
    });

    /// <summary>The events <paramref name="name"/> received, oldest first.</summary>
    public List<JsonObject> Events(string name) => [.. Received.Where(e => e.Name == name).Select(e => e.Event!.AsObject())];

    /// <summary>The last event <paramref name="name"/> received, or the last event any function received.</summary>
    public JsonObject Last(string? name = null) => (name is null ? Received.Last().Event! : Events(name)[^1]).AsObject();

    public int Invocations(string name) => Events(name).Count;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task InvokeAsync(HttpContext context, string name)
    {
        using var reader = new StreamReader(context.Request.Body);
        var raw = await reader.ReadToEndAsync(context.RequestAborted);
        Received.Enqueue((name, JsonNode.Parse(raw), raw));
        // The handler gets its own copy: what was received stays as it was.
        var e = JsonNode.Parse(raw);
        var reply = _handlers.TryGetValue(name, out var handler) ? await handler(e!.AsObject()) : Handler(name, e);
        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        if (reply.Error)
        {
            context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(reply.Body), context.RequestAborted);
    }
}
