using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gatehouse.Core.Auth.Srp;
using Gatehouse.Tests;

namespace Gatehouse.Benchmarks;

/// <summary>
/// <c>signinload endpoint clientId poolId username password password|srp seconds concurrency [warmup] [serverPid]</c>: complete
/// sign-ins over the AWS JSON protocol from <c>concurrency</c> async loops sharing one HttpClient, for bench/load/srp-compare.sh.
/// USER_PASSWORD_AUTH is one InitiateAuth; SRP is InitiateAuth USER_SRP_AUTH and RespondToAuthChallenge
/// PASSWORD_VERIFIER, with the client math of tests/Shared/ReferenceSrpClient.cs. After <c>warmup</c> seconds
/// (default 5) unrecorded, sign-ins that end within the next <c>seconds</c> are counted (an AccessToken came back) and
/// timed; anything else counts as an error. Prints one line: the rate, median and p99 latency, and the client's CPU
/// (the SRP math alone in the calling thread's CPU time, and the whole process) per sign-in; with a local server's
/// pid, its CPU over the same window too.
/// </summary>
internal static class SignInLoad
{
    private const string JsonContentType = "application/x-amz-json-1.1";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 9 || args[6] is not ("password" or "srp"))
        {
            await Console.Error.WriteLineAsync("usage: signinload <endpoint> <clientId> <poolId> <username> <password> <password|srp> <seconds> <concurrency> [warmup] [serverPid]").ConfigureAwait(false);
            return 2;
        }

        var target = new Target(new Uri(args[1]), args[2], SrpVerifier.PoolName(args[3]), args[4], args[5]);
        var srp = args[6] == "srp";
        var seconds = int.Parse(args[7], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[8], CultureInfo.InvariantCulture);
        var warmup = args.Length > 9 ? int.Parse(args[9], CultureInfo.InvariantCulture) : 5;
        int? serverPid = args.Length > 10 ? int.Parse(args[10], CultureInfo.InvariantCulture) : null;

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        using var stop = new CancellationTokenSource();

        var state = new LoadState(
            Stopwatch.GetTimestamp() + (warmup * Stopwatch.Frequency),
            Stopwatch.GetTimestamp() + ((warmup + seconds) * Stopwatch.Frequency));
        var loops = Enumerable.Range(0, concurrency)
            .Select(_ => Task.Run(() => LoopAsync(http, target, srp, state, stop.Token)))
            .ToArray();

        await Task.Delay(TimeSpan.FromSeconds(warmup)).ConfigureAwait(false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverBefore = ServerCpuMs(serverPid);
        await Task.Delay(TimeSpan.FromSeconds(seconds)).ConfigureAwait(false);
        var cpuAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var serverMs = ServerCpuMs(serverPid) - serverBefore;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(loops).ConfigureAwait(false);

        var times = state.Times.ToArray();
        Array.Sort(times);
        var count = times.Length;
        var median = count == 0 ? 0 : times[count / 2];
        var p99 = count == 0 ? 0 : times[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)];
        var processCpuMs = (cpuAfter - cpuBefore).TotalMilliseconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"SIGNINLOAD flow={args[6]} concurrency={concurrency} seconds={seconds} signins={count} errors={state.Errors} per_s={count / (double)seconds:F2} median_ms={median:F1} p99_ms={p99:F1} client_srp_cpu_ms={(count == 0 ? 0 : state.SrpCpuNs / 1e6 / count):F2} client_cpu_ms={(count == 0 ? 0 : processCpuMs / count):F2} client_cpu_pct={processCpuMs / (seconds * 10.0):F1} server_cpu_ms={(count == 0 ? 0 : serverMs / count):F2} server_cpu_pct={serverMs / (seconds * 10.0):F1}"));
        if (state.FirstError is not null)
        {
            await Console.Error.WriteLineAsync($"signinload: first error: {state.FirstError}").ConfigureAwait(false);
        }

        return count > 0 && state.Errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// utime + stime of another process from /proc/pid/stat, in ms (USER_HZ is 100 on Linux); 0 without a pid. The
    /// fields are counted after the parenthesised command name, which may itself contain spaces.
    /// </summary>
    private static double ServerCpuMs(int? pid)
    {
        if (pid is null)
        {
            return 0;
        }

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static async Task LoopAsync(HttpClient http, Target target, bool srp, LoadState state, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < state.End)
        {
            var start = Stopwatch.GetTimestamp();
            long srpCpuNs = 0;
            string? error;
            try
            {
                (error, srpCpuNs) = srp
                    ? await SrpSignInAsync(http, target, stop).ConfigureAwait(false)
                    : (await PasswordSignInAsync(http, target, stop).ConfigureAwait(false), 0);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            catch (TaskCanceledException e)
            {
                // HttpClient's own timeout: a sign-in that never finished.
                error = e.Message;
            }

            var end = Stopwatch.GetTimestamp();
            if (end < state.WarmEnd || end >= state.End)
            {
                continue;
            }

            if (error is null)
            {
                state.Record(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds, srpCpuNs);
            }
            else
            {
                state.Fail(error);
            }
        }
    }

    private static async Task<string?> PasswordSignInAsync(HttpClient http, Target target, CancellationToken ct)
    {
        var body = Json(w =>
        {
            w.WriteString("AuthFlow", "USER_PASSWORD_AUTH");
            w.WriteString("ClientId", target.ClientId);
            w.WriteStartObject("AuthParameters");
            w.WriteString("USERNAME", target.Username);
            w.WriteString("PASSWORD", target.Password);
            w.WriteEndObject();
        });
        using var answer = await CallAsync(http, target, "InitiateAuth", body, ct).ConfigureAwait(false);
        return HasAccessToken(answer);
    }

    private static async Task<(string? Error, long SrpCpuNs)> SrpSignInAsync(HttpClient http, Target target, CancellationToken ct)
    {
        // The client's math runs synchronously on this thread between awaits, so the thread's CPU clock around it
        // measures exactly that work.
        var cpuStart = ThreadCpuClock.Instance.GetTimestamp();
        var client = new ReferenceSrpClient();
        var srpA = client.SrpA;
        var cpuNs = ThreadCpuClock.Instance.GetTimestamp() - cpuStart;

        var initiate = Json(w =>
        {
            w.WriteString("AuthFlow", "USER_SRP_AUTH");
            w.WriteString("ClientId", target.ClientId);
            w.WriteStartObject("AuthParameters");
            w.WriteString("USERNAME", target.Username);
            w.WriteString("SRP_A", srpA);
            w.WriteEndObject();
        });
        string salt, srpB, secretBlock, userIdForSrp;
        string? session;
        using (var challenge = await CallAsync(http, target, "InitiateAuth", initiate, ct).ConfigureAwait(false))
        {
            if (challenge.Error is not null)
            {
                return (challenge.Error, cpuNs);
            }

            var root = challenge.Document!.RootElement;
            if (!root.TryGetProperty("ChallengeName", out var name) || name.GetString() != "PASSWORD_VERIFIER")
            {
                return ("InitiateAuth USER_SRP_AUTH did not answer PASSWORD_VERIFIER", cpuNs);
            }

            var parameters = root.GetProperty("ChallengeParameters");
            salt = parameters.GetProperty("SALT").GetString()!;
            srpB = parameters.GetProperty("SRP_B").GetString()!;
            secretBlock = parameters.GetProperty("SECRET_BLOCK").GetString()!;
            userIdForSrp = parameters.GetProperty("USER_ID_FOR_SRP").GetString()!;
            session = root.TryGetProperty("Session", out var s) ? s.GetString() : null;
        }

        cpuStart = ThreadCpuClock.Instance.GetTimestamp();
        var timestamp = SrpTimestamp.Format(TimeProvider.System.GetUtcNow());
        var signature = client.Signature(target.PoolName, userIdForSrp, target.Password, srpB, salt, secretBlock, timestamp);
        cpuNs += ThreadCpuClock.Instance.GetTimestamp() - cpuStart;

        var respond = Json(w =>
        {
            w.WriteString("ChallengeName", "PASSWORD_VERIFIER");
            w.WriteString("ClientId", target.ClientId);
            if (session is not null)
            {
                w.WriteString("Session", session);
            }

            w.WriteStartObject("ChallengeResponses");
            w.WriteString("USERNAME", userIdForSrp);
            w.WriteString("PASSWORD_CLAIM_SECRET_BLOCK", secretBlock);
            w.WriteString("TIMESTAMP", timestamp);
            w.WriteString("PASSWORD_CLAIM_SIGNATURE", signature);
            w.WriteEndObject();
        });
        using var answer = await CallAsync(http, target, "RespondToAuthChallenge", respond, ct).ConfigureAwait(false);
        return (HasAccessToken(answer), cpuNs);
    }

    private static string? HasAccessToken(Answer answer)
    {
        if (answer.Error is not null)
        {
            return answer.Error;
        }

        return answer.Document!.RootElement.TryGetProperty("AuthenticationResult", out var result)
            && result.TryGetProperty("AccessToken", out var token) && token.GetString() is { Length: > 0 }
            ? null
            : "no AccessToken in the answer";
    }

    private static async Task<Answer> CallAsync(HttpClient http, Target target, string action, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSCognitoIdentityProviderService." + action);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", JsonContentType);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Answer(null, $"{action} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        }

        return new Answer(JsonDocument.Parse(bytes), null);
    }

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record Target(Uri Endpoint, string ClientId, string PoolName, string Username, string Password);

    private sealed record Answer(JsonDocument? Document, string? Error) : IDisposable
    {
        public void Dispose() => Document?.Dispose();
    }

    private sealed class LoadState(long warmEnd, long end)
    {
        private readonly Lock _lock = new();

        public long WarmEnd { get; } = warmEnd;

        public long End { get; } = end;

        public List<double> Times { get; } = [];

        public long SrpCpuNs { get; private set; }

        public int Errors { get; private set; }

        public string? FirstError { get; private set; }

        public void Record(double milliseconds, long srpCpuNs)
        {
            lock (_lock)
            {
                Times.Add(milliseconds);
                SrpCpuNs += srpCpuNs;
            }
        }

        public void Fail(string error)
        {
            lock (_lock)
            {
                Errors++;
                FirstError ??= error;
            }
        }
    }
}
