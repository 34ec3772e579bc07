namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>API Gateway v2's error messages, as AWS words them.</summary>
public static class HttpApiErrors
{
    public static ApiGatewayException ApiNotFound(string apiId) => ApiGatewayException.NotFound($"Invalid API identifier specified {apiId}");

    public static ApiGatewayException RouteNotFound(string routeId) => ApiGatewayException.NotFound($"Invalid Route identifier specified {routeId}");

    public static ApiGatewayException IntegrationNotFound(string integrationId) => ApiGatewayException.NotFound($"Invalid Integration identifier specified {integrationId}");

    public static ApiGatewayException AuthorizerNotFound(string authorizerId) => ApiGatewayException.NotFound($"Invalid Authorizer identifier specified {authorizerId}");

    public static ApiGatewayException DeploymentNotFound(string deploymentId) => ApiGatewayException.NotFound($"Invalid Deployment identifier specified {deploymentId}");

    public static ApiGatewayException StageNotFound() => ApiGatewayException.NotFound("Invalid stage identifier specified");

    /// <summary>A required member that is missing: v2 answers <c>BadRequestException</c>.</summary>
    public static void Require(object? value, string member)
    {
        if (value is null || value is string { Length: 0 })
        {
            throw ApiGatewayException.BadRequest($"Invalid input: {member} is required.");
        }
    }

    /// <summary>A value outside its enum: <c>BadRequestException</c> naming the allowed values.</summary>
    public static void RequireOneOf(string? value, string member, params string[] allowed)
    {
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            throw ApiGatewayException.BadRequest($"Invalid {member} specified: '{value}'. Must be one of [{string.Join(", ", allowed)}]");
        }
    }

    /// <summary>Lists and maps from a request must not hold nulls.</summary>
    public static void RequireNoNulls<T>(IEnumerable<T?>? items, string member)
    {
        if (items is not null && items.Any(i => i is null))
        {
            throw ApiGatewayException.BadRequest($"Invalid input: {member} must not contain null values.");
        }
    }
}
