using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Tests.Gateway;

/// <summary>
/// OIDC issuers served by a real Kestrel on 127.0.0.1 and a free port: <c>{base}/{name}/.well-known/openid-configuration</c>
/// and <c>{base}/{name}/jwks.json</c>. Each issuer's keys and behaviour (up, down, hanging, held) are set by the test,
/// which also reads how many requests reached it.
/// </summary>
public sealed class FakeIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Issuer> _issuers = new(StringComparer.Ordinal);

    private FakeIssuer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<FakeIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeIssuer(builder.Build());
        fake._app.Run(fake.ServeAsync);
        await fake._app.StartAsync();
        fake.BaseUrl = fake._app.Urls.Single();
        return fake;
    }

    /// <summary>A new issuer at <c>{base}/{name}</c>.</summary>
    public Issuer Add(string name) => _issuers[name] = new Issuer($"{BaseUrl}/{name}");

    public async ValueTask DisposeAsync()
    {
        foreach (var issuer in _issuers.Values)
        {
            issuer.Release();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var slash = path.IndexOf('/', 1);
        if (slash < 0 || !_issuers.TryGetValue(path[1..slash], out var issuer))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var document = path[slash..];
        var jwks = document == "/jwks.json";
        if (!jwks && document != "/.well-known/openid-configuration")
        {
            context.Response.StatusCode = 404;
            return;
        }

        await issuer.ServeAsync(context, jwks);
    }

    /// <summary>One issuer: its keys, its state, and the requests it got.</summary>
    public sealed class Issuer(string url)
    {
        private readonly Lock _gate = new();
        private readonly List<(string Kid, RSA Key, string? Alg)> _keys = [];
        private int _discoveries;
        private int _jwksFetches;
        private TaskCompletionSource _held = Completed();

        public string Url { get; } = url;

        public int Discoveries => Volatile.Read(ref _discoveries);

        public int JwksFetches => Volatile.Read(ref _jwksFetches);

        /// <summary>Answer 500 to everything.</summary>
        public bool Down { get; set; }

        /// <summary>Never answer: the request waits until the client gives up.</summary>
        public bool Hanging { get; set; }

        /// <summary>Completes when a request arrives while the issuer is hanging or held.</summary>
        public TaskCompletionSource Waiting { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Publishes a key (with <c>alg</c> in its JWK unless null).</summary>
        public void AddKey(string kid, RSA key, string? alg = "RS256")
        {
            lock (_gate)
            {
                _keys.Add((kid, key, alg));
            }
        }

        public void RemoveKey(string kid)
        {
            lock (_gate)
            {
                _keys.RemoveAll(k => k.Kid == kid);
            }
        }

        /// <summary>Holds JWKS answers until <see cref="Release"/>.</summary>
        public void Hold()
        {
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _held.TrySetResult();

        /// <summary>A token of this issuer signed by <paramref name="key"/>; <paramref name="claims"/> go after iss, sub and exp.</summary>
        public string Sign(string kid, RSA key, long exp, string claims = "", string alg = "RS256")
        {
            var header = $$"""{"kid":"{{kid}}","alg":"{{alg}}"}""";
            var payload = $$"""{"iss":"{{Url}}","sub":"user-{{Guid.NewGuid():N}}","exp":{{exp}}{{claims}}}""";
            var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
            var hash = alg switch { "RS384" => HashAlgorithmName.SHA384, "RS512" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
            return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), hash, RSASignaturePadding.Pkcs1));
        }

        internal async Task ServeAsync(HttpContext context, bool jwks)
        {
            Interlocked.Increment(ref jwks ? ref _jwksFetches : ref _discoveries);
            if (Hanging)
            {
                Waiting.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            if (Down)
            {
                context.Response.StatusCode = 500;
                return;
            }

            if (jwks && !_held.Task.IsCompleted)
            {
                Waiting.TrySetResult();
                await _held.Task;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(jwks ? Jwks() : Discovery());
        }

        private byte[] Discovery() => Write(w =>
        {
            w.WriteString("issuer", Url);
            w.WriteString("jwks_uri", Url + "/jwks.json");
        });

        private byte[] Jwks() => Write(w =>
        {
            w.WriteStartArray("keys");
            lock (_gate)
            {
                foreach (var (kid, key, alg) in _keys)
                {
                    var parameters = key.ExportParameters(includePrivateParameters: false);
                    w.WriteStartObject();
                    w.WriteString("kty", "RSA");
                    w.WriteString("kid", kid);
                    w.WriteString("use", "sig");
                    if (alg is not null)
                    {
                        w.WriteString("alg", alg);
                    }

                    w.WriteString("n", Base64Url.EncodeToString(parameters.Modulus));
                    w.WriteString("e", Base64Url.EncodeToString(parameters.Exponent));
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
        });

        private static byte[] Write(Action<Utf8JsonWriter> body)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                body(writer);
                writer.WriteEndObject();
            }

            return stream.ToArray();
        }

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
