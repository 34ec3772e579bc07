using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace Gatehouse.Browser.Tests;

/// <summary>
/// Stands in for the relying party's web app: a minimal HTTP listener on a free loopback port that answers every
/// request with a small page showing the URL it was reached at. The test reads the code, state or fragment from
/// <see cref="IPage.Url"/>.
/// </summary>
/// <remarks>
/// Playwright's routing cannot stand in for it: a route handler is not called for the target of a redirect (as its
/// documentation says, and Gatehouse reaches the app only by redirects), so Chromium would go to the network and fail
/// with ERR_CONNECTION_REFUSED, or not, depending on timing.
/// </remarks>
public sealed class AppServer : IAsyncDisposable
{
    private static readonly byte[] Response = Encoding.UTF8.GetBytes(Build(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>The app</title></head>
        <body><h1>The app was reached at</h1><p id="url" style="word-break: break-all; font-family: monospace"></p>
        <script>document.getElementById('url').textContent = location.href;</script></body></html>
        """));

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public AppServer()
    {
        _listener.Start();
        Origin = $"http://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary><c>http://localhost:{port}</c>; the pools register its <c>/callback</c> and <c>/signed-out</c>.</summary>
    public string Origin { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static string Build(string body) =>
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n"
        + $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            _ = ServeAsync(client, cancellationToken);
        }
    }

    // Reads the request head (the app has no use for it), answers the page and closes the connection.
    private static async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[16 * 1024];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024)
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Response, cancellationToken);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The browser went away; nothing to answer.
            }
        }
    }
}
