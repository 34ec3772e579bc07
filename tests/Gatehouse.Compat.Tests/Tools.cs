using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Gatehouse.Compat.Tests;

/// <summary>What a client program did: its exit code and everything it printed.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout as JSON; fails with the whole result when the program failed or printed no JSON.</summary>
    public JsonNode Json()
    {
        Succeeded();
        try
        {
            return JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("null");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ToolFailedException($"stdout is not JSON ({e.Message}).\n{this}");
        }
    }

    /// <summary>Throws with the program's output unless it exited 0.</summary>
    public ToolResult Succeeded() => ExitCode == 0 ? this : throw new ToolFailedException($"Expected exit code 0.\n{this}");

    /// <summary>Throws unless the program failed.</summary>
    public ToolResult Failed() => ExitCode != 0 ? this : throw new ToolFailedException($"Expected a failure.\n{this}");

    public override string ToString() => $"$ {Command}\nexit code {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

public sealed class ToolFailedException(string message) : Exception(message);

/// <summary>
/// Runs real clients against a server: the AWS CLI, Python (boto3, joserfc) and Node.js (jose). Each call is a
/// fresh process with dummy AWS credentials, us-east-1, no pager, no profile and no retries.
/// </summary>
public static class Tools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>This project's source folder, which holds <c>python/</c> and <c>node/</c>.</summary>
    public static string CompatDirectory => Metadata("CompatDirectory");

    public static string PythonDirectory => Path.Combine(CompatDirectory, "python");

    public static string NodeDirectory => Path.Combine(CompatDirectory, "node");

    /// <summary><c>aws cognito-idp {args} --endpoint-url {endpoint} --output json</c>.</summary>
    /// <summary>Calls a deployed stage with real curl; returns the status and body.</summary>
    public static async Task<(int Status, string Body)> CurlAsync(string method, string url, string? authorization = null, string? body = null)
    {
        List<string> args = ["-sS", "-X", method, "-w", "\n%{http_code}", url];
        if (authorization is not null)
        {
            args.AddRange(["-H", $"Authorization: {authorization}"]);
        }

        if (body is not null)
        {
            args.AddRange(["-H", "Content-Type: application/json", "-d", body]);
        }

        var result = (await RunAsync("curl", args)).Succeeded();
        var text = result.Stdout.TrimEnd('\n');
        var newline = text.LastIndexOf('\n');
        return (int.Parse(text[(newline + 1)..], System.Globalization.CultureInfo.InvariantCulture), newline < 0 ? "" : text[..newline]);
    }

    public static Task<ToolResult> CognitoIdpAsync(string endpoint, params string[] args) =>
        AwsAsync(endpoint, ["cognito-idp", .. args]);

    /// <summary><c>aws {args} --endpoint-url {endpoint} --output json</c>, for any service.</summary>
    public static Task<ToolResult> AwsAsync(string endpoint, params string[] args) =>
        RunAsync(Program("GATEHOUSE_COMPAT_AWS", "aws"), [.. args, "--endpoint-url", endpoint, "--output", "json"], ClientEnvironment(endpoint));

    /// <summary>
    /// Runs Python <paramref name="code"/> (given on stdin) with <paramref name="args"/> as <c>sys.argv[1:]</c>.
    /// <c>python/</c> is on the path, so <c>from gatehouse_compat import cognito, emit</c> works.
    /// </summary>
    public static Task<ToolResult> PythonAsync(string endpoint, string code, params string[] args)
    {
        var environment = ClientEnvironment(endpoint);
        environment["PYTHONPATH"] = PythonDirectory;
        environment["PYTHONDONTWRITEBYTECODE"] = "1";
        environment["PYTHONUNBUFFERED"] = "1";
        return RunAsync(Program("GATEHOUSE_COMPAT_PYTHON", "python3"), ["-", .. args], environment, stdin: code);
    }

    /// <summary>Runs a script from <c>node/</c>, where <c>npm ci</c> installed its packages.</summary>
    public static Task<ToolResult> NodeAsync(string endpoint, string script, params string[] args)
    {
        var path = Path.Combine(NodeDirectory, script);
        if (!Directory.Exists(Path.Combine(NodeDirectory, "node_modules")))
        {
            throw new ToolFailedException($"{NodeDirectory}/node_modules is missing: run ./test.sh, or npm ci --prefix {NodeDirectory}.");
        }

        return RunAsync("node", [path, .. args], ClientEnvironment(endpoint), workingDirectory: NodeDirectory);
    }

    /// <summary>Runs any program, with a time limit, and returns what it did.</summary>
    public static async Task<ToolResult> RunAsync(
        string fileName, IReadOnlyList<string> args, IDictionary<string, string?>? environment = null, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var command = string.Join(' ', args.Prepend(fileName).Select(Quote));
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ToolFailedException($"Could not start {fileName} ({e.Message}). ./test.sh checks and installs the test tools.");
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
            throw new ToolFailedException($"{command} did not finish within {Timeout}.\n--- stdout\n{await stdout.ConfigureAwait(false)}\n--- stderr\n{await stderr.ConfigureAwait(false)}");
        }

        return new ToolResult(command, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>A value the build baked into this assembly (see the project file).</summary>
    internal static string Metadata(string key) =>
        typeof(Tools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    // ./test.sh names the real interpreter and CLI: going through pyenv's shims costs half a second a call.
    private static string Program(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : fallback;

    // Dummy credentials: management calls are signed, but Gatehouse does not check signatures. Nothing from the
    // developer's own AWS setup may leak in (profiles, real keys, endpoint overrides).
    private static Dictionary<string, string?> ClientEnvironment(string endpoint) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "test",
        ["AWS_SECRET_ACCESS_KEY"] = "test",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_DEFAULT_REGION"] = "us-east-1",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_PROFILE"] = null,
        ["AWS_DEFAULT_PROFILE"] = null,
        ["AWS_PAGER"] = "",
        ["AWS_CONFIG_FILE"] = "/nonexistent/gatehouse-compat/config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/gatehouse-compat/credentials",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        // Default retries, as a user has them: a retry setting changes the CLI's error line ("reached max retries").
        ["AWS_MAX_ATTEMPTS"] = null,
        ["AWS_RETRY_MODE"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = null,
        ["GATEHOUSE_ENDPOINT"] = endpoint,
    };

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
