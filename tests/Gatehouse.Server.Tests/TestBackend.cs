using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.Tests;

/// <summary>
/// A real HTTP backend on a loopback port for the gateway's integrations: <c>/echo/...</c> answers what it received,
/// <c>/hang</c> never answers, <c>/break</c> breaks off mid-body.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The backend's base URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public string Url { get; }

    public static async Task<TestBackend> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Map("/echo/{**rest}", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var headers = new JsonObject();
            foreach (var (name, value) in context.Request.Headers)
            {
                headers[name.ToLowerInvariant()] = value.ToString();
            }

            context.Response.Headers["X-Backend"] = "yes";
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["method"] = context.Request.Method,
                ["path"] = context.Request.Path.Value,
                ["query"] = context.Request.QueryString.Value,
                ["headers"] = headers,
                ["body"] = body,
            }, context.RequestAborted);
        });
        app.Map("/status/{code:int}", (int code) => Results.Text("""{"from":"backend"}""", "application/json", statusCode: code));
        app.Map("/hang", async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        app.Map("/break", async context =>
        {
            context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("partial", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestBackend(app, address.TrimEnd('/'));
    }

    /// <summary>A loopback URL nothing listens on.</summary>
    public static string ClosedUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
