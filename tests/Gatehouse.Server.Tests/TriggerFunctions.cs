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

/// <summary>
/// Trigger functions for tests without a language runtime: <c>url</c> functions on a real loopback server whose
/// handlers are C# lambdas. Each handler gets the event (a copy is kept in <see cref="Events"/>) and returns the
/// event to send back; throwing <see cref="HandlerError"/> answers as a Lambda handler that raised.
/// </summary>
public sealed class TriggerFunctions : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<JsonObject, Task<JsonObject>>> _handlers = new(StringComparer.Ordinal);

    private TriggerFunctions(WebApplication app) => _app = app;

    /// <summary>Every event received, in order, with the function it was for.</summary>
    public ConcurrentQueue<(string Function, JsonObject Event)> Events { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<TriggerFunctions> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var functions = new TriggerFunctions(app);
        app.MapPost("/{name}", async (HttpContext context, string name) =>
        {
            var received = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
            functions.Events.Enqueue((name, (JsonObject)received.DeepClone()));
            try
            {
                var answer = await functions._handlers[name](received);
                await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
            }
            catch (HandlerError failure)
            {
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                var error = new JsonObject { ["errorMessage"] = failure.Message, ["errorType"] = "Error", ["stackTrace"] = new JsonArray() };
                await context.Response.WriteAsync(error.ToJsonString(), context.RequestAborted);
            }
        });
        await app.StartAsync();
        functions.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return functions;
    }

    /// <summary>The Lambda ARN a pool's LambdaConfig names <paramref name="name"/> by.</summary>
    public static string Arn(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:{name}";

    /// <summary>Sets the handler of <paramref name="name"/>.</summary>
    public void On(string name, Func<JsonObject, Task<JsonObject>> handler) => _handlers[name] = handler;

    /// <summary>A handler that edits the event's <c>response</c> (or throws) and returns the event.</summary>
    public void On(string name, Action<JsonObject> handle) => On(name, e =>
    {
        handle(e);
        return Task.FromResult(e);
    });

    /// <summary>The events <paramref name="name"/> received, in order.</summary>
    public List<JsonObject> Of(string name) => [.. Events.Where(e => e.Function == name).Select(e => e.Event)];

    /// <summary>Registers the functions in Gatehouse as <c>url</c> functions pointing here.</summary>
    public async Task RegisterAsync(TestGatehouse gatehouse, params string[] names)
    {
        var store = gatehouse.Services.GetRequiredService<IGatehouseStore>();
        await using var session = await store.OpenAsync(true, CancellationToken.None);
        foreach (var name in names)
        {
            await FunctionRegistry.SaveAsync(session, new FunctionDefinition { Name = name, Runtime = "url", Url = $"{Url}/{name}" }, CancellationToken.None);
        }

        await session.CommitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What a test handler throws to fail as a Lambda handler does.</summary>
public sealed class HandlerError(string message) : Exception(message);
