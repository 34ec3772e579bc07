namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>
/// The rules of routes: a route key is <c>$default</c> or <c>METHOD /path</c>, with literal segments, <c>{param}</c>
/// and a greedy <c>{proxy+}</c> as the last segment only; route keys are unique in an API; a target names an
/// integration of the API; JWT and CUSTOM routes name an authorizer of the matching type.
/// </summary>
public static class HttpRoutes
{
    public const string DefaultRouteKey = "$default";
    public const string TargetPrefix = "integrations/";

    /// <summary>The methods a route key may name.</summary>
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

    public static HttpRoute Get(HttpApiDefinition api, string routeId) => api.Route(routeId) ?? throw HttpApiErrors.RouteNotFound(routeId);

    public static HttpRoute Create(HttpApiDefinition api, HttpRoute input, IdGenerator ids)
    {
        HttpApiErrors.Require(input.RouteKey, "routeKey");
        var route = new HttpRoute
        {
            RouteId = NewId(api, ids),
            RouteKey = input.RouteKey,
            ApiKeyRequired = input.ApiKeyRequired ?? false,
            AuthorizationType = input.AuthorizationType ?? "NONE",
            AuthorizerId = input.AuthorizerId,
            AuthorizationScopes = input.AuthorizationScopes,
            AuthorizationGroups = input.AuthorizationGroups,
            ModelSelectionExpression = input.ModelSelectionExpression,
            OperationName = input.OperationName,
            RequestModels = input.RequestModels,
            RequestParameters = input.RequestParameters,
            RouteResponseSelectionExpression = input.RouteResponseSelectionExpression,
            Target = input.Target,
        };
        Check(api, route);
        api.Routes.Add(route);
        return route;
    }

    /// <summary>Applies <c>UpdateRoute</c>: the members given replace the route's.</summary>
    public static HttpRoute Update(HttpApiDefinition api, string routeId, HttpRoute input)
    {
        var route = Get(api, routeId);
        var updated = new HttpRoute
        {
            RouteId = route.RouteId,
            ApiGatewayManaged = route.ApiGatewayManaged,
            RouteKey = input.RouteKey ?? route.RouteKey,
            ApiKeyRequired = input.ApiKeyRequired ?? route.ApiKeyRequired,
            AuthorizationType = input.AuthorizationType ?? route.AuthorizationType,
            AuthorizerId = input.AuthorizerId ?? (input.AuthorizationType is "NONE" or "AWS_IAM" ? null : route.AuthorizerId),
            AuthorizationScopes = input.AuthorizationScopes ?? route.AuthorizationScopes,
            AuthorizationGroups = input.AuthorizationGroups ?? route.AuthorizationGroups,
            ModelSelectionExpression = input.ModelSelectionExpression ?? route.ModelSelectionExpression,
            OperationName = input.OperationName ?? route.OperationName,
            RequestModels = input.RequestModels ?? route.RequestModels,
            RequestParameters = input.RequestParameters ?? route.RequestParameters,
            RouteResponseSelectionExpression = input.RouteResponseSelectionExpression ?? route.RouteResponseSelectionExpression,
            Target = input.Target ?? route.Target,
        };
        if (updated.Target == "")
        {
            updated.Target = null;
        }

        Check(api, updated);
        api.Routes[api.Routes.IndexOf(route)] = updated;
        return updated;
    }

    public static void Delete(HttpApiDefinition api, string routeId) => api.Routes.Remove(Get(api, routeId));

    /// <summary>
    /// Why <paramref name="routeKey"/> is not a valid HTTP API route key, or null when it is: <c>$default</c>, or one
    /// of <see cref="Methods"/>, a space and a path of non-empty segments where <c>{name}</c> captures one segment
    /// and <c>{name+}</c>, last only, captures the rest.
    /// </summary>
    public static string? RouteKeyError(string routeKey)
    {
        if (routeKey == DefaultRouteKey)
        {
            return null;
        }

        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !Methods.Contains(routeKey[..space]))
        {
            return $"Invalid route key {routeKey}: it must be $default or an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY), a space and a path.";
        }

        var path = routeKey[(space + 1)..];
        if (!path.StartsWith('/'))
        {
            return $"Invalid route key {routeKey}: the path must start with /.";
        }

        if (path == "/")
        {
            return null;
        }

        var segments = path[1..].Split('/');
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                return $"Invalid route key {routeKey}: the path has an empty segment.";
            }

            var open = segment.Contains('{', StringComparison.Ordinal);
            var close = segment.Contains('}', StringComparison.Ordinal);
            if (!open && !close)
            {
                if (segment.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                {
                    return $"Invalid route key {routeKey}: the path must not contain whitespace.";
                }

                continue;
            }

            if (segment[0] != '{' || segment[^1] != '}' || segment.Length < 3)
            {
                return $"Invalid route key {routeKey}: a path variable must be a whole segment, such as {{id}}.";
            }

            var name = segment[1..^1];
            var greedy = name.EndsWith('+');
            if (greedy)
            {
                name = name[..^1];
                if (i != segments.Length - 1)
                {
                    return $"Invalid route key {routeKey}: a greedy path variable {{{name}+}} must be the last segment.";
                }
            }

            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return $"Invalid route key {routeKey}: invalid path variable name '{name}'.";
            }

            if (!names.Add(name))
            {
                return $"Invalid route key {routeKey}: the path variable {name} appears twice.";
            }
        }

        return null;
    }

    private static void Check(HttpApiDefinition api, HttpRoute route)
    {
        HttpApiErrors.RequireNoNulls(route.AuthorizationScopes, "authorizationScopes");
        HttpApiErrors.RequireNoNulls(route.AuthorizationGroups, "authorizationGroups");
        HttpApiErrors.RequireNoNulls(route.RequestParameters?.Values, "requestParameters");
        HttpApiErrors.RequireNoNulls(route.RequestModels?.Values, "requestModels");
        if (RouteKeyError(route.RouteKey!) is { } error)
        {
            throw ApiGatewayException.BadRequest(error);
        }

        if (api.Routes.Any(r => r.RouteKey == route.RouteKey && r.RouteId != route.RouteId))
        {
            throw ApiGatewayException.Conflict($"Route with key {route.RouteKey} already exists for this API");
        }

        HttpApiErrors.RequireOneOf(route.AuthorizationType, "authorizationType", "NONE", "AWS_IAM", "CUSTOM", "JWT");
        if (route.Target is { } target)
        {
            if (route.IntegrationId is not { Length: > 0 } integrationId)
            {
                throw ApiGatewayException.BadRequest($"Invalid target {target}: it must be integrations/{{integrationId}}.");
            }

            if (api.Integration(integrationId) is null)
            {
                throw HttpApiErrors.IntegrationNotFound(integrationId);
            }
        }

        switch (route.AuthorizationType)
        {
            case "JWT" or "CUSTOM":
                var type = route.AuthorizationType == "JWT" ? "JWT" : "REQUEST";
                if (route.AuthorizerId is null)
                {
                    throw ApiGatewayException.BadRequest($"An authorizerId is required when authorizationType is {route.AuthorizationType}.");
                }

                var authorizer = api.Authorizer(route.AuthorizerId) ?? throw HttpApiErrors.AuthorizerNotFound(route.AuthorizerId);
                if (authorizer.AuthorizerType != type)
                {
                    throw ApiGatewayException.BadRequest($"Authorizer {route.AuthorizerId} is of type {authorizer.AuthorizerType}; authorizationType {route.AuthorizationType} needs a {type} authorizer.");
                }

                break;
            default:
                if (route.AuthorizerId is not null)
                {
                    throw ApiGatewayException.BadRequest($"An authorizerId can only be set when authorizationType is JWT or CUSTOM, not {route.AuthorizationType}.");
                }

                break;
        }

        if (route.AuthorizationScopes is { Count: > 0 } && route.AuthorizationType is not ("JWT" or "AWS_IAM"))
        {
            throw ApiGatewayException.BadRequest("Authorization scopes are supported only for JWT and AWS_IAM authorization.");
        }

        if (route.AuthorizationGroups is { Count: > 0 } && route.AuthorizationType != "JWT")
        {
            throw ApiGatewayException.BadRequest("Authorization groups (a Gatehouse extension) need authorizationType JWT.");
        }
    }

    private static string NewId(HttpApiDefinition api, IdGenerator ids)
    {
        string id;
        do
        {
            id = ids.NewHttpApiChildId();
        }
        while (api.Route(id) is not null || api.Integration(id) is not null || api.Authorizer(id) is not null || api.Deployment(id) is not null);

        return id;
    }

    /// <summary>A new child id (route, integration, authorizer, deployment) unused in the API.</summary>
    public static string NewChildId(HttpApiDefinition api, IdGenerator ids) => NewId(api, ids);
}
