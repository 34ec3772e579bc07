using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Gateway.Invocation;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Server.Gateway;

/// <summary>
/// The gateway's own answers (gateway responses): <c>{"message":"..."}</c> with AWS's status, content type and
/// <c>x-amzn-ErrorType</c>.
/// </summary>
internal static class GatewayErrors
{
    public static async Task WriteAsync(HttpContext http, InvocationContext context, int status, string responseType, string? message, string? wwwAuthenticate = null)
    {
        context.ErrorMessage = message ?? "";
        context.ErrorResponseType = responseType;
        var response = http.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = ErrorType(responseType);
        if (wwwAuthenticate is not null)
        {
            response.Headers.WWWAuthenticate = wwwAuthenticate;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new GatewayMessage(message), GatewayErrorJson.Default.GatewayMessage);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

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

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GatewayMessage))]
internal sealed partial class GatewayErrorJson : JsonSerializerContext;
