namespace Gatehouse.Core.Gateway;

/// <summary>
/// An error of API Gateway's management API, rendered as HTTP <see cref="StatusCode"/>, body <c>{"message": ...}</c> and
/// header <c>x-amzn-ErrorType: Type</c>. <see cref="Type"/> is AWS's exception name, e.g. <c>NotFoundException</c>.
/// </summary>
public sealed class ApiGatewayException(string type, int statusCode, string message) : Exception(message)
{
    /// <summary>AWS's exception name, without a namespace prefix.</summary>
    public string Type { get; } = type;

    public int StatusCode { get; } = statusCode;

    public static ApiGatewayException BadRequest(string message) => new("BadRequestException", 400, message);

    public static ApiGatewayException NotFound(string message) => new("NotFoundException", 404, message);

    public static ApiGatewayException Conflict(string message) => new("ConflictException", 409, message);

    public static ApiGatewayException Serialization(string message) => new("SerializationException", 400, message);

    /// <summary>AWS's model-constraint error: <c>N validation error(s) detected: e1; e2</c>.</summary>
    public static ApiGatewayException Validation(IReadOnlyList<string> errors) =>
        new("ValidationException", 400, $"{errors.Count} validation error{(errors.Count == 1 ? "" : "s")} detected: {string.Join("; ", errors)}");

    /// <summary>One <c>Value 'x' at 'member' ... enum value set: [...]</c> clause of a <see cref="Validation"/> error.</summary>
    public static string EnumClause(string? value, string member, string allowed) =>
        $"{(value is null ? "Value null" : $"Value '{value}'")} at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{allowed}]";

    /// <summary>AWS's error for a required member that is missing, e.g. <c>Value null at 'createRestApiInput.name' ...</c>.</summary>
    public static void ThrowIfNull(object? value, string member)
    {
        if (value is null)
        {
            throw Validation([$"Value null at '{member}' failed to satisfy constraint: Member must not be null"]);
        }
    }

    /// <summary>A list or map from a request must not hold nulls; JSON allows them, AWS's model does not.</summary>
    public static void ThrowIfNullItem<T>(IEnumerable<T?>? items, string member)
    {
        if (items is not null && items.Any(i => i is null))
        {
            throw Validation([$"Value null at '{member}.member' failed to satisfy constraint: Member must not be null"]);
        }
    }

    public static ApiGatewayException ApiNotFound(string accountId, string apiId) =>
        NotFound($"Invalid API identifier specified {accountId}:{apiId}");

    public static ApiGatewayException ResourceNotFound() => NotFound("Invalid Resource identifier specified");

    public static ApiGatewayException MethodNotFound() => NotFound("Invalid Method identifier specified");

    public static ApiGatewayException IntegrationNotFound() => NotFound("Invalid Integration identifier specified");

    public static ApiGatewayException StatusCodeNotFound() => NotFound("Invalid Response status code specified");

    public static ApiGatewayException AuthorizerNotFound() => NotFound("Invalid Authorizer identifier specified");

    public static ApiGatewayException DeploymentNotFound() => NotFound("Invalid Deployment identifier specified");

    public static ApiGatewayException StageNotFound() => NotFound("Invalid Stage identifier specified");

    public static ApiGatewayException InvalidPatchPath(string? path) => BadRequest($"Invalid patch path {path ?? "null"}");
}
