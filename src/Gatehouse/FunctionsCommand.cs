using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gatehouse.Core.Functions;

namespace Gatehouse;

/// <summary>
/// <c>gatehouse functions put|list|get|delete|invoke</c>: manages the functions of a running server through its
/// operator endpoints (<c>/_gatehouse/functions</c>).
/// </summary>
internal static class FunctionsCommand
{
    public static Command Create()
    {
        var functions = new Command("functions", "Manage the functions of a running server (Lambda handlers run locally).");
        functions.Subcommands.Add(Put());
        functions.Subcommands.Add(List());
        functions.Subcommands.Add(Get());
        functions.Subcommands.Add(Delete());
        functions.Subcommands.Add(Invoke());
        return functions;
    }

    private static Option<string> EndpointOption() => new("--endpoint-url")
    {
        Description = "The running server.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEHOUSE_ENDPOINT_URL") ?? $"http://localhost:{Server.GatehouseOptions.DefaultPort}",
    };

    private static Argument<string> NameArgument() => new("name") { Description = "The function name, as in its Lambda ARN." };

    private static Command Put()
    {
        var endpoint = EndpointOption();
        var name = NameArgument();
        var runtime = new Option<string>("--runtime") { Description = "python, node, url or command.", Required = true };
        var code = new Option<string?>("--code") { Description = "The handler's directory (python, node) or the working directory (command)." };
        var handler = new Option<string?>("--handler") { Description = "module.function, e.g. lambda_function.lambda_handler." };
        var url = new Option<string?>("--url") { Description = "For url functions: where events are POSTed (a Lambda Runtime Interface Emulator)." };
        var program = new Option<string[]>("--command") { Description = "For command functions: the program and its arguments.", AllowMultipleArgumentsPerToken = true };
        var timeout = new Option<int?>("--timeout") { Description = $"Seconds (default {FunctionDefinition.DefaultTimeoutSeconds})." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Warm workers / concurrent invocations (default 4)." };
        var memory = new Option<int?>("--memory-size") { Description = "MB reported to the handler (default 128)." };
        var env = new Option<string[]>("--env") { Description = "An environment variable K=V; repeat for more." };
        var command = new Command("put", "Create or replace a function.") { endpoint, name, runtime, code, handler, url, program, timeout, concurrency, memory, env };
        command.SetAction(async (result, cancellationToken) =>
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(env) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return await FailAsync($"--env {pair}: expected KEY=VALUE.").ConfigureAwait(false);
                }

                environment[pair[..equals]] = pair[(equals + 1)..];
            }

            var function = new FunctionDefinition
            {
                Name = result.GetValue(name)!,
                Runtime = result.GetValue(runtime)!,

                // The server may run elsewhere: a relative directory means this shell's.
                Code = result.GetValue(code) is { } directory ? Path.GetFullPath(directory) : null,
                Handler = result.GetValue(handler),
                Url = result.GetValue(url),
                Command = result.GetValue(program) is { Length: > 0 } argv ? [.. argv] : null,
                Timeout = result.GetValue(timeout),
                Concurrency = result.GetValue(concurrency),
                MemorySize = result.GetValue(memory),
                Environment = environment.Count > 0 ? environment : null,
            };
            var body = JsonSerializer.SerializeToUtf8Bytes(function, FunctionJson.Default.FunctionDefinition);
            return await SendAsync(result.GetValue(endpoint)!, HttpMethod.Put, PathOf(function.Name), body, printBody: true, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static Command List()
    {
        var endpoint = EndpointOption();
        var command = new Command("list", "List the functions (JSON).") { endpoint };
        command.SetAction((result, cancellationToken) =>
            SendAsync(result.GetValue(endpoint)!, HttpMethod.Get, "/_gatehouse/functions", null, printBody: true, cancellationToken));
        return command;
    }

    private static Command Get()
    {
        var endpoint = EndpointOption();
        var name = NameArgument();
        var command = new Command("get", "Show a function's definition (JSON).") { endpoint, name };
        command.SetAction((result, cancellationToken) =>
            SendAsync(result.GetValue(endpoint)!, HttpMethod.Get, PathOf(result.GetValue(name)!), null, printBody: true, cancellationToken));
        return command;
    }

    private static Command Delete()
    {
        var endpoint = EndpointOption();
        var name = NameArgument();
        var command = new Command("delete", "Delete a function and stop its workers.") { endpoint, name };
        command.SetAction((result, cancellationToken) =>
            SendAsync(result.GetValue(endpoint)!, HttpMethod.Delete, PathOf(result.GetValue(name)!), null, printBody: false, cancellationToken));
        return command;
    }

    private static Command Invoke()
    {
        var endpoint = EndpointOption();
        var name = NameArgument();
        var payload = new Option<string?>("--payload") { Description = "The event, as JSON (default {})." };
        var command = new Command("invoke", "Invoke a function and print what it returned; exit 1 on a function error.") { endpoint, name, payload };
        command.SetAction((result, cancellationToken) =>
            SendAsync(result.GetValue(endpoint)!, HttpMethod.Post, PathOf(result.GetValue(name)!) + "/invocations",
                Encoding.UTF8.GetBytes(result.GetValue(payload) ?? "{}"), printBody: true, cancellationToken));
        return command;
    }

    private static string PathOf(string name) => "/_gatehouse/functions/" + Uri.EscapeDataString(name);

    private static async Task<int> SendAsync(string endpoint, HttpMethod method, string path, byte[]? body, bool printBody, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseUri))
        {
            return await FailAsync($"--endpoint-url {endpoint} is not a URL.").ConfigureAwait(false);
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(16) };
        using var request = new HttpRequestMessage(method, new Uri(baseUri, path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return await FailAsync($"cannot reach {endpoint}: {e.Message}").ConfigureAwait(false);
        }

        using (response)
        {
            var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return await FailAsync($"{(int)response.StatusCode}: {MessageOf(text)}").ConfigureAwait(false);
            }

            if (printBody && text.Length > 0)
            {
                await Console.Out.WriteLineAsync(Indented(text)).ConfigureAwait(false);
            }

            if (response.Headers.TryGetValues("X-Amz-Function-Error", out var kind))
            {
                return await FailAsync($"the function failed ({string.Join(",", kind)}).").ConfigureAwait(false);
            }

            return 0;
        }
    }

    private static string MessageOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
            {
                return message.ToString();
            }
        }
        catch (JsonException)
        {
        }

        return Encoding.UTF8.GetString(body);
    }

    private static string Indented(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                document.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(body);
        }
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"gatehouse: {message}").ConfigureAwait(false);
        return 1;
    }
}
