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

/// <summary>What a test function answers: a result, a Lambda error, or nothing at all (it hangs).</summary>
public sealed record FunctionReply(JsonNode? Result = null, string? ErrorMessage = null, bool Hang = false)
{
    public static FunctionReply Of(JsonNode result) => new(result);

    public static FunctionReply Raise(string message) => new(ErrorMessage: message);

    public static FunctionReply Hangs { get; } = new(Hang: true);
}

/// <summary>
/// Functions written in C# for the gateway tests: a loopback server that plays the Lambda Runtime Interface Emulator
/// (<c>url</c> functions), recording every event each function received.
/// </summary>
public sealed class FunctionServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<JsonObject, FunctionReply>> _handlers = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _events = new();

    private FunctionServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<FunctionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FunctionServer? server = null;
        app.MapPost("/fn/{name}", async (HttpContext context, string name) =>
        {
            var received = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
            server!._events.GetOrAdd(name, _ => new()).Enqueue(received);
            var reply = server._handlers[name](received);
            if (reply.Hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            if (reply.ErrorMessage is { } message)
            {
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                await context.Response.WriteAsJsonAsync(new JsonObject { ["errorMessage"] = message, ["errorType"] = "Error" }, context.RequestAborted);
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Result?.ToJsonString() ?? "null", context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FunctionServer(app, address.TrimEnd('/'));
        return server;
    }

    /// <summary>
    /// Registers <paramref name="name"/> in <paramref name="gatehouse"/> as a <c>url</c> function answered by
    /// <paramref name="handler"/> (or at <paramref name="url"/> instead, e.g. one nothing listens on).
    /// </summary>
    public async Task AddAsync(TestGatehouse gatehouse, string name, Func<JsonObject, FunctionReply> handler, int timeoutSeconds = 3, string? url = null)
    {
        _handlers[name] = handler;
        var store = gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(true, CancellationToken.None);
        await FunctionRegistry.SaveAsync(session, new FunctionDefinition { Name = name, Runtime = "url", Url = url ?? $"{Url}/fn/{name}", Timeout = timeoutSeconds }, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
    }

    /// <summary>The events <paramref name="name"/> received, oldest first.</summary>
    public IReadOnlyList<JsonObject> Events(string name) => _events.TryGetValue(name, out var events) ? [.. events] : [];

    public int Invocations(string name) => Events(name).Count;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
