using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.Invocation;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// The gateway's own answers (gateway responses): <c>{"message":"..."}</c> with AWS's status, content type and
/// <c>x-amzn-ErrorType</c>.
/// </summary>
internal static class GatewayErrors
{
    /// <summary>
    /// Writes the gateway response <paramref name="responseType"/>: the REST API's customisation of it (or of
    /// DEFAULT_4XX/DEFAULT_5XX) from <paramref name="snapshot"/> when there is one, else <c>{"message":...}</c>
    /// (<c>{"Message":...}</c> with <paramref name="messageKey"/> <c>Message</c>, as a Lambda authorizer's policy refusal).
    /// </summary>
    public static async Task WriteAsync(
        HttpContext http, InvocationContext context, int status, string responseType, string? message, string? wwwAuthenticate = null, DeploymentSnapshot? snapshot = null,
        string messageKey = "message")
    {
        context.ErrorMessage = message ?? "";
        context.ErrorResponseType = responseType;
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.Headers["x-amzn-ErrorType"] = ErrorType(responseType);
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        byte[] body;
        var customised = snapshot?.GatewayResponses is { Count: > 0 } all
            ? all.Find(r => r.ResponseType == responseType) ?? all.Find(r => r.ResponseType == (status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX"))
            : null;
        if (customised is not null)
        {
            var rendered = GatewayResponses.Render(snapshot!, responseType, ErrorContext(context, http.Request.Headers.Accept.ToString()));
            response.StatusCode = int.TryParse(customised.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var custom) ? custom : status;
            response.ContentType = rendered.ContentType;
            foreach (var (name, value) in rendered.Headers)
            {
                response.Headers[name] = value;
            }

            body = rendered.Body;
        }
        else
        {
            response.StatusCode = status;
            response.ContentType = "application/json";
            body = messageKey == "Message"
                ? JsonSerializer.SerializeToUtf8Bytes(new GatewayCapitalMessage(message), GatewayErrorJson.Default.GatewayCapitalMessage)
                : JsonSerializer.SerializeToUtf8Bytes(new GatewayMessage(message), GatewayErrorJson.Default.GatewayMessage);
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static GatewayErrorContext ErrorContext(InvocationContext context, string accept) => new()
    {
        Message = context.ErrorMessage,
        RequestId = context.RequestId,
        ExtendedRequestId = context.ExtendedRequestId,
        ApiId = context.ApiId,
        Stage = context.Stage,
        ResourceId = context.ResourceId,
        ResourcePath = context.ResourcePath,
        HttpMethod = context.HttpMethod,
        Path = context.Path,
        DomainName = context.DomainName,
        SourceIp = context.SourceIp,
        UserAgent = context.UserAgent,
        RequestTime = context.Variable("requestTime"),
        RequestTimeEpoch = context.RequestTime.ToUnixTimeMilliseconds(),
        StageVariables = context.StageVariables,
        RequestHeaders = context.Headers,
        QueryString = context.Query,
        PathParameters = context.PathParameters,
        Accept = accept.Length == 0 ? null : accept,
    };

    /// <summary>The <c>x-amzn-ErrorType</c> API Gateway sends with each gateway response type.</summary>
    private static string ErrorType(string responseType) => responseType switch
    {
        "UNAUTHORIZED" => "UnauthorizedException",
        "ACCESS_DENIED" => "AccessDeniedException",
        "MISSING_AUTHENTICATION_TOKEN" => "MissingAuthenticationTokenException",
        "INVALID_API_KEY" => "ForbiddenException",
        "THROTTLED" => "TooManyRequestsException",
        "QUOTA_EXCEEDED" => "LimitExceededException",
        "RESOURCE_NOT_FOUND" => "NotFoundException",
        "REQUEST_TOO_LARGE" => "RequestTooLargeException",
        "UNSUPPORTED_MEDIA_TYPE" => "UnsupportedMediaTypeException",
        "AUTHORIZER_CONFIGURATION_ERROR" => "AuthorizerConfigurationException",
        "INTEGRATION_TIMEOUT" or "INTEGRATION_FAILURE" or "API_CONFIGURATION_ERROR" => "InternalServerErrorException",
        "BAD_REQUEST_BODY" or "BAD_REQUEST_PARAMETERS" => "BadRequestException",
        _ => "ForbiddenException",
    };
}

/// <summary>The default gateway response body; a null message is written as <c>null</c>, as AWS does.</summary>
internal sealed record GatewayMessage([property: JsonPropertyName("message")] string? Message);

/// <summary>The body of a Lambda authorizer's policy refusal, whose key API Gateway capitalises.</summary>
internal sealed record GatewayCapitalMessage([property: JsonPropertyName("Message")] string? Message);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GatewayMessage))]
[JsonSerializable(typeof(GatewayCapitalMessage))]
internal sealed partial class GatewayErrorJson : JsonSerializerContext;
