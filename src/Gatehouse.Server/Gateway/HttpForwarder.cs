using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Server.Gateway;

/// <summary>How a forwarded request ended, when it did not end with the backend's answer streamed back.</summary>
internal enum ForwardFailure
{
    None,

    /// <summary>The backend did not answer within the integration's timeout.</summary>
    Timeout,

    /// <summary>The backend could not be reached, or broke the connection before its headers.</summary>
    Unreachable,
}

/// <summary>One request for the backend: the verb, the absolute URI and the headers to set on top of the forwarded ones.</summary>
internal sealed record ForwardRequest(string Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders, TimeSpan Timeout);

/// <summary>
/// The gateway's HTTP client, built the way YARP builds its forwarder: one <see cref="SocketsHttpHandler"/> with pooled
/// connections, no proxy, cookies, redirects or decompression of its own; request and response bodies stream through
/// without buffering; hop-by-hop headers stay on their own hop; <c>X-Forwarded-For/Proto/Port</c> are appended.
/// </summary>
internal sealed class HttpForwarder : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host", "Expect",
    };

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
    });

    /// <summary>
    /// Sends the incoming request (headers, streamed body) to the backend and returns its answer with the headers read
    /// and the body not yet; the caller disposes it. A failure is reported, not thrown, unless the client went away.
    /// </summary>
    public async Task<(HttpResponseMessage? Response, ForwardFailure Failure)> SendAsync(
        HttpContext context, ForwardRequest forward, HttpContent? bodyOverride, bool passHeaders, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(forward.Method), forward.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        message.Content = bodyOverride ?? (passHeaders ? StreamedBody(context.Request) : null);
        if (passHeaders)
        {
            CopyRequestHeaders(context, message);
        }

        foreach (var (name, value) in forward.ExtraHeaders)
        {
            message.Headers.Remove(name);
            message.Content?.Headers.Remove(name);
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(forward.Timeout);
        try
        {
            var response = await _client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            return (response, ForwardFailure.None);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, ForwardFailure.Timeout);
        }
        catch (HttpRequestException)
        {
            return (null, ForwardFailure.Unreachable);
        }
    }

    /// <summary>
    /// Streams the backend's answer to the client. A backend that breaks off mid-body aborts the client's connection
    /// too, so the client sees a truncated response rather than a complete-looking one.
    /// </summary>
    public static async Task CopyResponseAsync(HttpResponseMessage upstream, HttpContext context, CancellationToken cancellationToken, Action<HttpResponse>? overrideHeaders = null)
    {
        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        CopyResponseHeaders(upstream.Headers, response);
        CopyResponseHeaders(upstream.Content.Headers, response);
        overrideHeaders?.Invoke(response);
        try
        {
            await upstream.Content.CopyToAsync(response.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            context.Abort();
        }
    }

    public void Dispose() => _client.Dispose();

    private static StreamContent? StreamedBody(HttpRequest request)
    {
        var hasBody = request.ContentLength > 0
            || (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
        return hasBody ? new StreamContent(request.Body) : null;
    }

    private static void CopyRequestHeaders(HttpContext context, HttpRequestMessage message)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (remote is not null)
        {
            var prior = context.Request.Headers["X-Forwarded-For"].ToString();
            message.Headers.Remove("X-Forwarded-For");
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", prior.Length == 0 ? remote : $"{prior}, {remote}");
        }

        message.Headers.Remove("X-Forwarded-Proto");
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", context.Request.Scheme);
        message.Headers.Remove("X-Forwarded-Port");
        message.Headers.TryAddWithoutValidation("X-Forwarded-Port", (context.Connection.LocalPort).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void CopyResponseHeaders(HttpHeaders headers, HttpResponse response)
    {
        // NonValidated, as YARP reads them: the raw values, without parsing each header or allocating an array per one.
        foreach (var (name, values) in headers.NonValidated)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (values.Count == 1)
            {
                response.Headers[name] = values.ToString();
                continue;
            }

            var copy = new string[values.Count];
            var i = 0;
            foreach (var value in values)
            {
                copy[i++] = value;
            }

            response.Headers[name] = copy;
        }
    }
}
