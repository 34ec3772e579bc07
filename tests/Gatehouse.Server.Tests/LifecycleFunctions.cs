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

/// <summary>What a test function answers: a JSON result, a handled error (Lambda's error shape), or raw text.</summary>
public sealed record LifecycleReply(string Body, bool Error = false)
{
    public static LifecycleReply Json(JsonNode? result) => new(result?.ToJsonString() ?? "null");

    public static LifecycleReply Raise(string message, string type = "Error") =>
        new(new JsonObject { ["errorMessage"] = message, ["errorType"] = type }.ToJsonString(), Error: true);
}

/// <summary>
/// <c>url</c> functions on a real loopback server, answering with C# handlers, for trigger tests before the
/// python and node runtimes: every event is recorded, and each function is registered in the Gatehouse's store.
/// </summary>
public sealed class LifecycleFunctions : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestGatehouse _gatehouse;
    private readonly ConcurrentDictionary<string, Func<JsonObject, Task<LifecycleReply>>> _handlers = new();
    private readonly ConcurrentQueue<(string Name, JsonObject Event)> _events = new();

    private LifecycleFunctions(WebApplication app, TestGatehouse gatehouse, string url)
    {
        _app = app;
        _gatehouse = gatehouse;
        Url = url;
    }

    public string Url { get; }

    public static async Task<LifecycleFunctions> StartAsync(TestGatehouse gatehouse)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LifecycleFunctions? functions = null;
        app.MapPost("/fn/{name}", async (HttpContext context, string name) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = JsonNode.Parse(await reader.ReadToEndAsync(context.RequestAborted))!.AsObject();
            functions!._events.Enqueue((name, body.DeepClone().AsObject()));
            var reply = await functions._handlers[name](body);
            if (reply.Error)
            {
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(reply.Body), context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        functions = new LifecycleFunctions(app, gatehouse, address.TrimEnd('/'));
        return functions;
    }

    /// <summary>The Lambda ARN a pool's LambdaConfig names the function by.</summary>
    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:{name}";

    /// <summary>Registers a url function answering with <paramref name="handler"/>; returns its ARN.</summary>
    public async Task<string> AddAsync(string name, Func<JsonObject, Task<LifecycleReply>> handler)
    {
        _handlers[name] = handler;
        var store = _gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(true, CancellationToken.None);
        await FunctionRegistry.SaveAsync(session, new FunctionDefinition { Name = name, Runtime = "url", Url = $"{Url}/fn/{name}" }, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return Arn(name);
    }

    /// <summary>A function that returns the event, after <paramref name="respond"/> fills its response.</summary>
    public Task<string> AddAsync(string name, Action<JsonObject>? respond = null) => AddAsync(name, e =>
    {
        respond?.Invoke(e["response"]!.AsObject());
        return Task.FromResult(LifecycleReply.Json(e));
    });

    /// <summary>The events <paramref name="name"/> received, oldest first.</summary>
    public List<JsonObject> Events(string name) => _events.Where(e => e.Name == name).Select(e => e.Event).ToList();

    public JsonObject Last(string name) => Events(name)[^1];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
