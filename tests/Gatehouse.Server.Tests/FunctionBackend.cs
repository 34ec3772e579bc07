using System.Collections.Concurrent;
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

/// <summary>What a test function answers: its result (JSON text), or a Lambda error, or no answer at all.</summary>
public sealed record LambdaReply(string Body, bool Error = false, bool Hang = false)
{
    public static LambdaReply Json(JsonNode? node) => new(node?.ToJsonString() ?? "null");

    public static LambdaReply Raise(string message, string type = "Exception") =>
        new(new JsonObject { ["errorMessage"] = message, ["errorType"] = type, ["stackTrace"] = new JsonArray("line 1") }.ToJsonString(), Error: true);
}

/// <summary>
/// <c>url</c> functions served by a real loopback server (the Runtime Interface Emulator's contract): each POST to
/// <c>/fn/{name}</c> records the event and answers with <see cref="Handler"/>'s reply.
/// </summary>
public sealed class FunctionBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionBackend(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The events received, oldest first, with the function name they were sent to.</summary>
    public ConcurrentQueue<(string Name, JsonNode? Event, string Raw)> Events { get; } = new();

    /// <summary>The reply to an event; by default the event itself.</summary>
    public Func<string, JsonNode?, LambdaReply> Handler { get; set; } = (_, e) => LambdaReply.Json(e?.DeepClone());

    public JsonNode LastEvent => Events.Last().Event!;

    public static async Task<FunctionBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FunctionBackend? backend = null;
        app.MapPost("/fn/{name}", async (HttpContext context, string name) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var raw = await reader.ReadToEndAsync(context.RequestAborted);
            var node = JsonNode.Parse(raw);
            backend!.Events.Enqueue((name, node, raw));
            var reply = backend.Handler(name, node);
            if (reply.Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            if (reply.Error)
            {
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend = new FunctionBackend(app, address.TrimEnd('/'));
        return backend;
    }

    /// <summary>Registers <paramref name="name"/> in <paramref name="gatehouse"/> as a <c>url</c> function served here.</summary>
    public async Task RegisterAsync(TestGatehouse gatehouse, string name, int timeoutSeconds = 3)
    {
        var store = gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(true, CancellationToken.None);
        await FunctionRegistry.SaveAsync(session, new FunctionDefinition { Name = name, Runtime = "url", Url = $"{Url}/fn/{name}", Timeout = timeoutSeconds }, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
