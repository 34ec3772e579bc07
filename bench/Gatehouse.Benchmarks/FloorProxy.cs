using System.Globalization;
using Gatehouse.Server.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>floorproxy &lt;port&gt; &lt;backend base URL&gt;</c>: the platform's floor under the gateway's proxy path. A bare
/// Kestrel server (the same slim builder and settings as Gatehouse) that sends every request to the backend through
/// Gatehouse's own <see cref="HttpForwarder"/> and streams the answer back: no route match, stage, throttle,
/// authorizer, request ids or access log. Whatever the gateway costs above this is Gatehouse's; this much is
/// Kestrel's and SocketsHttpHandler's. Runs until killed.
/// </summary>
internal static class FloorProxy
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var port) || !Uri.TryCreate(args[2], UriKind.Absolute, out var backend))
        {
            await Console.Error.WriteLineAsync("usage: floorproxy <port> <backend base URL>").ConfigureAwait(false);
            return 2;
        }

        await using var app = FloorProxy.BareServer(port);
        using var forwarder = new HttpForwarder();
        var none = Array.Empty<KeyValuePair<string, string>>();
        app.Run(async http =>
        {
            var target = new Uri(backend, http.Request.Path.Value + http.Request.QueryString.Value);
            var forward = new ForwardRequest(http.Request.Method, target, none, TimeSpan.FromSeconds(29));
            var (upstream, _) = await forwarder.SendAsync(http, forward, null, passHeaders: true, http.RequestAborted).ConfigureAwait(false);
            if (upstream is null)
            {
                http.Response.StatusCode = 502;
                return;
            }

            using (upstream)
            {
                await HttpForwarder.CopyResponseAsync(upstream, http, http.RequestAborted).ConfigureAwait(false);
            }
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Kestrel on 127.0.0.1:<paramref name="port"/>, built as Gatehouse builds it (the slim builder, no Server header), without logging.</summary>
    public static WebApplication BareServer(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        return builder.Build();
    }
}
