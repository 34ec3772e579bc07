using System.Net.Http.Headers;
using System.Text.Json;

namespace Gatehouse.Core.Functions;

/// <summary>
/// <c>url</c> functions: the event is POSTed as JSON and the reply body is the result. That is the Lambda Runtime
/// Interface Emulator's contract (<c>/2015-03-31/functions/function/invocations</c>), so a Lambda container image run
/// locally serves as a function. A reply with <c>X-Amz-Function-Error</c>, or a non-2xx one carrying Lambda's error
/// shape, is the function's error.
/// </summary>
public sealed class UrlRuntime(HttpMessageInvoker client) : IFunctionRuntime
{
    public string Name => "url";

    public async Task<FunctionResult> InvokeAsync(FunctionDefinition function, FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, function.Url) { Content = new ReadOnlyMemoryContent(invocation.Event) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Aws-Request-Id", invocation.RequestId);
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Invoked-Function-Arn", invocation.FunctionArn);
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Deadline-Ms", invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return FunctionResult.Failure(new FunctionError(FunctionFailure.Crashed, "Runtime.Unavailable", $"The function's url did not answer: {e.Message}"));
        }

        using (response)
        {
            var body = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return FunctionResult.Failure(new FunctionError(
                    FunctionFailure.InvalidResponse, "Function.ResponseSizeTooLarge", $"Response payload exceeded maximum allowed payload size ({FunctionInvoker.MaxResponseBytes} bytes)."));
            }

            var functionError = response.Headers.Contains("X-Amz-Function-Error");
            if (functionError || !response.IsSuccessStatusCode)
            {
                return FunctionResult.Failure(ErrorFrom(body, (int)response.StatusCode));
            }

            return IsJson(body)
                ? FunctionResult.Success(body.Length == 0 ? "null"u8.ToArray() : body)
                : FunctionResult.Failure(new FunctionError(FunctionFailure.InvalidResponse, "Runtime.InvalidResponse", "The function's reply is not JSON."));
        }
    }

    public void Evict(string name)
    {
    }

    private static FunctionError ErrorFrom(byte[] body, int status)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, FunctionJson.Default.LambdaErrorBody);
            if (error?.ErrorMessage is not null || error?.ErrorType is not null)
            {
                return new FunctionError(FunctionFailure.Handled, error.ErrorType ?? "Error", error.ErrorMessage ?? "", error.StackTrace);
            }
        }
        catch (JsonException)
        {
        }

        return new FunctionError(FunctionFailure.Crashed, "Runtime.Unavailable", $"The function's url answered {status}.");
    }

    private static bool IsJson(byte[] body)
    {
        if (body.Length == 0)
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > FunctionInvoker.MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
