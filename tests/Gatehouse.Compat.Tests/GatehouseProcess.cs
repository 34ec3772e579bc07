using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gatehouse.Compat.Tests;

/// <summary>
/// The real <c>gatehouse serve</c>, run from its build output as a separate process on a data directory.
/// It builds nothing: <c>dotnet build</c> of this project builds <c>src/Gatehouse</c> first.
/// <see cref="KillHard"/> and <see cref="RestartAsync"/> make kill -9 durability tests possible.
/// </summary>
public sealed partial class GatehouseProcess : IAsyncDisposable
{
    /// <summary>A cold start on a busy two-core machine can take a while; a hung start fails with the server's output.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Servers still running when the test host exits are killed, so no run leaves one behind.
    private static readonly ConcurrentDictionary<Process, byte> Running = new();

    private readonly StringBuilder _log = new();
    private readonly bool _ownsDirectory;
    private readonly string[] _extraArgs;
    private Process? _process;

    static GatehouseProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        };
    }

    private GatehouseProcess(string dataDirectory, bool ownsDirectory, string[] extraArgs)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _extraArgs = extraArgs;
    }

    /// <summary>The directory that holds the server's SQLite database.</summary>
    public string DataDirectory { get; }

    /// <summary>The port the server bound; kept across <see cref="RestartAsync"/> so issuers stay the same.</summary>
    public int Port { get; private set; }

    /// <summary>What <c>--endpoint-url</c> takes, and the base of every issuer.</summary>
    public string Endpoint => $"http://localhost:{Port}";

    /// <summary>
    /// The https port, when started with <c>--https-port</c>; else 0. Like <see cref="Port"/>, kept across
    /// <see cref="RestartAsync"/>.
    /// </summary>
    public int HttpsPort { get; private set; }

    /// <summary><see cref="Endpoint"/> over https.</summary>
    public string HttpsEndpoint => HttpsPort == 0 ? throw new InvalidOperationException("The server was not started with --https-port.") : $"https://localhost:{HttpsPort}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the server printed, across restarts, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The <c>gatehouse.dll</c> this build produced; <c>GATEHOUSE_DLL</c> overrides it.</summary>
    public static string DllPath =>
        Environment.GetEnvironmentVariable("GATEHOUSE_DLL") is { Length: > 0 } overridden ? overridden : Tools.Metadata("GatehouseDll");

    /// <summary>
    /// Starts a server on a free port. Without <paramref name="dataDirectory"/> it gets a fresh temp directory, which
    /// <see cref="DisposeAsync"/> deletes. <paramref name="extraArgs"/> go after the defaults, so they can override them.
    /// </summary>
    public static async Task<GatehouseProcess> StartAsync(string? dataDirectory = null, params string[] extraArgs)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "gatehouse-compat", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var server = new GatehouseProcess(dataDirectory, owns, extraArgs);
        try
        {
            await server.LaunchAsync().ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary><c>aws cognito-idp {args} --endpoint-url {Endpoint}</c>.</summary>
    public Task<ToolResult> CognitoIdpAsync(params string[] args) => Tools.CognitoIdpAsync(Endpoint, args);

    /// <summary><c>aws apigateway {args} --endpoint-url {Endpoint}</c>.</summary>
    public Task<ToolResult> ApiGatewayAsync(params string[] args) => Tools.AwsAsync(Endpoint, ["apigateway", .. args]);

    /// <summary><c>aws apigatewayv2 {args} --endpoint-url {Endpoint}</c>.</summary>
    public Task<ToolResult> ApiGatewayV2Async(params string[] args) => Tools.AwsAsync(Endpoint, ["apigatewayv2", .. args]);

    /// <summary>Python code (boto3, joserfc) against this server; see <see cref="Tools.PythonAsync"/>.</summary>
    public Task<ToolResult> PythonAsync(string code, params string[] args) => Tools.PythonAsync(Endpoint, code, args);

    /// <summary>A Node.js script from <c>node/</c> against this server.</summary>
    public Task<ToolResult> NodeAsync(string script, params string[] args) => Tools.NodeAsync(Endpoint, script, args);

    /// <summary>GET a path of this server and parse its JSON, e.g. <c>/_gatehouse/outbox?userPoolId=...</c>.</summary>
    public async Task<JsonNode> GetJsonAsync(string pathAndQuery)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri(Endpoint + pathAndQuery)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {pathAndQuery} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text) ?? throw new HttpRequestException($"GET {pathAndQuery} answered null.");
    }

    /// <summary>kill -9: the process gets no chance to flush or shut down. Returns once it has exited.</summary>
    public void KillHard()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        if (!process.HasExited)
        {
            process.Kill(); // SIGKILL on Unix.
        }

        process.WaitForExit();
        Running.TryRemove(process, out _);
        process.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same data directory and port.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is still running; KillHard it first.");
        }

        // The port was just released; a restart can race a lingering socket, so give it a few tries.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync().ConfigureAwait(false);
                return;
            }
            catch (GatehouseStartException) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>kill -9, then start again on the same data directory and port.</summary>
    public async Task KillAndRestartAsync()
    {
        KillHard();
        await RestartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            KillHard();
        }

        if (_ownsDirectory)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    Directory.Delete(DataDirectory, recursive: true);
                    break;
                }
                catch (IOException)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                }
                catch (UnauthorizedAccessException)
                {
                    break;
                }
            }
        }
    }

    private async Task LaunchAsync()
    {
        var dll = DllPath;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"gatehouse.dll is not built at {dll}. Build the solution (or this test project) first.", dll);
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        foreach (var arg in (string[])[dll, "serve", "--port", Port.ToString(CultureInfo.InvariantCulture), "--data", DataDirectory, "--password-hash-iterations", "1000", .. ExtraArgs()])
        {
            start.ArgumentList.Add(arg);
        }

        // The server must see only what the test says, not the developer's GATEHOUSE_* or ASP.NET settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GATEHOUSE_", StringComparison.Ordinal) || k is "ASPNETCORE_URLS" or "DOTNET_URLS").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        // Every read path the real clients drive is checked for changes to the objects read sessions share.
        start.Environment["GATEHOUSE_CHECK_SHARED_READS"] = "1";
        var expectsHttps = _extraArgs.Contains("--https-port");
        int? http = null, https = null;
        var listening = new TaskCompletionSource<(int Http, int Https)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Append(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                // Kestrel logs each address on its own line; wait for every one this server should have.
                var port = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                if (match.Groups[1].Value == "https")
                {
                    https = port;
                }
                else
                {
                    http = port;
                }

                if (http is { } h && (!expectsHttps || https is not null))
                {
                    listening.TrySetResult((h, https ?? 0));
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new GatehouseStartException("gatehouse exited before it was listening."));

        Append($"--- starting: dotnet {string.Join(' ', start.ArgumentList)}");
        process.Start();
        Running.TryAdd(process, 0);
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            (Port, HttpsPort) = await listening.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
            await WaitForHealthAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is GatehouseStartException or TimeoutException or HttpRequestException)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            Running.TryRemove(process, out _);
            process.Dispose();
            _process = null;
            throw new GatehouseStartException($"{e.Message}\nServer output:\n{Log}", e);
        }
    }

    // On a restart the https port learned at the first start replaces a "--https-port 0", as --port does.
    private IEnumerable<string> ExtraArgs()
    {
        for (var i = 0; i < _extraArgs.Length; i++)
        {
            yield return _extraArgs[i];
            if (_extraArgs[i] == "--https-port" && i + 1 < _extraArgs.Length && HttpsPort != 0)
            {
                yield return HttpsPort.ToString(CultureInfo.InvariantCulture);
                i++;
            }
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"{Endpoint}/_gatehouse/health")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not accepting yet.
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
                // Slow to answer; ask again.
            }

            if (DateTime.UtcNow >= deadline || _process is not { HasExited: false })
            {
                throw new TimeoutException($"GET {Endpoint}/_gatehouse/health did not answer 200.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private void Append(string line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    // Kestrel's own line, e.g. "      Now listening on: http://127.0.0.1:43817".
    [GeneratedRegex(@"Now listening on: (https?)://\S+:(\d+)/?\s*$")]
    private static partial Regex ListeningLine();
}

/// <summary>The server could not be started; the message carries its output.</summary>
public sealed class GatehouseStartException : Exception
{
    public GatehouseStartException(string message)
        : base(message)
    {
    }

    public GatehouseStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
