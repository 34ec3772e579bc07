using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>
/// OpenAPI 3 for HTTP APIs, as <c>import-api</c>, <c>reimport-api</c> and <c>export-api</c> have it: operations are
/// routes (<c>x-amazon-apigateway-any-method</c> is ANY, path <c>$default</c> the default route) with their
/// <c>x-amazon-apigateway-integration</c>; security schemes with <c>x-amazon-apigateway-authorizer</c> are JWT or
/// Lambda (<c>request</c>) authorizers; <c>x-amazon-apigateway-cors</c> is the CORS configuration; <c>x-gatehouse-groups</c> on an
/// operation is Gatehouse's group requirement.
/// </summary>
public static class HttpApiOpenApi
{
    public const string AnyMethod = "x-amazon-apigateway-any-method";
    public const string IntegrationExtension = "x-amazon-apigateway-integration";
    public const string AuthorizerExtension = "x-amazon-apigateway-authorizer";
    public const string CorsExtension = "x-amazon-apigateway-cors";
    public const string GroupsExtension = "x-gatehouse-groups";

    private static readonly string[] Verbs = ["get", "post", "put", "patch", "delete", "head", "options"];

    /// <summary>
    /// The API a document describes, with new ids: name, description, version, CORS, authorizers, integrations and
    /// routes. Warnings (ignored parts) go to <see cref="HttpApi.Warnings"/>; with <paramref name="failOnWarnings"/>
    /// they are errors. A document AWS would reject is a <c>BadRequestException</c>. On reimport,
    /// <paramref name="deployments"/> are the API's existing deployments, kept.
    /// </summary>
    public static HttpApiDefinition Import(string body, string apiId, IdGenerator ids, DateTimeOffset now, bool failOnWarnings, List<HttpDeployment>? deployments = null)
    {
        var document = OpenApiText.Parse(body) ?? throw Invalid("the body is neither JSON nor YAML of one object.");
        if (document["swagger"] is not null)
        {
            throw Invalid("only OpenAPI 3.0 definitions are supported by Gatehouse; convert Swagger 2.0 first.");
        }

        if (Text(document["openapi"]) is not { } version || !version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw Invalid("the document has no 'openapi: 3.x' version.");
        }

        var info = document["info"] as JsonObject;
        var title = Text(info?["title"]);
        if (string.IsNullOrEmpty(title))
        {
            throw Invalid("info.title is required.");
        }

        var warnings = new List<string>();
        var api = new HttpApiDefinition
        {
            Api = new HttpApi
            {
                ApiId = apiId,
                ApiKeySelectionExpression = HttpApis.ApiKeySelection,
                CreatedDate = now,
                Description = Text(info?["description"]),
                DisableExecuteApiEndpoint = false,
                IpAddressType = "ipv4",
                Name = title,
                ProtocolType = "HTTP",
                RouteSelectionExpression = HttpApis.RouteSelection,
                Tags = [],
                Version = Text(info?["version"]),
            },

            // On reimport, the deployments the stages keep serving: new ids must not collide with theirs.
            Deployments = deployments ?? [],
        };

        if (document[CorsExtension] is JsonObject cors)
        {
            api.Api.CorsConfiguration = HttpApis.CheckCors(Read(cors, HttpApiJson.Default.Cors, CorsExtension));
        }
        else if (document[CorsExtension] is not null)
        {
            throw Invalid($"{CorsExtension} must be an object.");
        }

        var authorizers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document["components"]?["securitySchemes"] is JsonObject schemes)
        {
            foreach (var (name, scheme) in schemes)
            {
                if (scheme?[AuthorizerExtension] is not JsonObject extension)
                {
                    warnings.Add($"Security scheme {name} has no {AuthorizerExtension}; ignored.");
                    continue;
                }

                var type = Text(extension["type"]);
                if (string.Equals(type, "request", StringComparison.OrdinalIgnoreCase))
                {
                    var lambda = HttpAuthorizers.Create(api, new HttpAuthorizer
                    {
                        Name = name,
                        AuthorizerType = "REQUEST",
                        AuthorizerUri = Text(extension["authorizerUri"]),
                        AuthorizerCredentialsArn = Text(extension["authorizerCredentials"]),
                        AuthorizerPayloadFormatVersion = Text(extension["authorizerPayloadFormatVersion"]),
                        AuthorizerResultTtlInSeconds = int.TryParse(Text(extension["authorizerResultTtlInSeconds"]), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) ? ttl : null,
                        EnableSimpleResponses = extension["enableSimpleResponses"] is JsonValue simple && simple.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                            ? simple.GetValue<bool>()
                            : null,
                        IdentitySource = Text(extension["identitySource"]) is { } sources
                            ? [.. sources.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
                            : null,
                    }, ids);
                    authorizers[name] = lambda.AuthorizerId!;
                    continue;
                }

                if (!string.Equals(type, "jwt", StringComparison.OrdinalIgnoreCase))
                {
                    throw Invalid($"security scheme {name}: only authorizers of type jwt and request are supported for import.");
                }

                var source = Text(extension["identitySource"]) ?? "$request.header.Authorization";
                var jwt = extension["jwtConfiguration"] is JsonObject configuration
                    ? Read(configuration, HttpApiJson.Default.JwtConfiguration, $"{name}.jwtConfiguration")
                    : null;
                var authorizer = HttpAuthorizers.Create(api, new HttpAuthorizer
                {
                    Name = name,
                    AuthorizerType = "JWT",
                    IdentitySource = [.. source.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                    JwtConfiguration = jwt,
                }, ids);
                authorizers[name] = authorizer.AuthorizerId!;
            }
        }

        if (document["paths"] is not JsonObject paths)
        {
            throw Invalid("the document has no paths.");
        }

        foreach (var (path, item) in paths)
        {
            if (item is not JsonObject operations)
            {
                throw Invalid($"path {path} is not an object.");
            }

            foreach (var (key, operation) in operations)
            {
                var method = key == AnyMethod ? "ANY" : Verbs.Contains(key) ? key.ToUpperInvariant() : null;
                if (method is null)
                {
                    if (key is not ("parameters" or "summary" or "description" or "servers"))
                    {
                        warnings.Add($"Unknown operation {key} on path {path}; ignored.");
                    }

                    continue;
                }

                if (operation is not JsonObject op)
                {
                    throw Invalid($"{key} {path} is not an object.");
                }

                ImportRoute(api, path, method, op, authorizers, ids, warnings);
            }
        }

        if (failOnWarnings && warnings.Count > 0)
        {
            throw ApiGatewayException.BadRequest($"Warnings found during import: {string.Join(" ", warnings)}");
        }

        api.Api.Warnings = warnings.Count > 0 ? warnings : null;
        return api;
    }

    /// <summary>
    /// The OpenAPI 3.0 document of an API's routes, integrations, authorizers and CORS (the current definition, or
    /// a stage's deployment), with AWS's extensions unless <paramref name="includeExtensions"/> is false (then ANY
    /// routes, which only the extension can express, are left out).
    /// </summary>
    public static JsonObject Export(HttpApi api, IReadOnlyList<HttpRoute> routes, IReadOnlyList<HttpIntegration> integrations, IReadOnlyList<HttpAuthorizer> authorizers, string serverUrl, bool includeExtensions)
    {
        var info = new JsonObject { ["title"] = api.Name, ["version"] = api.Version ?? api.CreatedDate?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "1.0" };
        if (api.Description is { } description)
        {
            info["description"] = description;
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.1",
            ["info"] = info,
            ["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl }),
        };

        var paths = new JsonObject();
        foreach (var route in routes.OrderBy(r => RoutePath(r.RouteKey!), StringComparer.Ordinal).ThenBy(r => r.RouteKey, StringComparer.Ordinal))
        {
            var (method, path) = Split(route.RouteKey!);
            if (method == "ANY" && !includeExtensions)
            {
                // ANY (and $default) exists in OpenAPI only as AWS's extension.
                continue;
            }

            if (paths[path] is not JsonObject item)
            {
                paths[path] = item = new JsonObject();
            }

            var operation = new JsonObject
            {
                ["responses"] = new JsonObject { ["default"] = new JsonObject { ["description"] = $"Default response for {route.RouteKey}" } },
            };
            var parameters = new JsonArray();
            foreach (var segment in path.Split('/'))
            {
                if (segment.StartsWith('{') && segment.EndsWith('}'))
                {
                    parameters.Add(new JsonObject
                    {
                        ["name"] = segment[1..^1].TrimEnd('+'),
                        ["in"] = "path",
                        ["description"] = $"Generated path parameter for {segment[1..^1].TrimEnd('+')}",
                        ["required"] = true,
                        ["schema"] = new JsonObject { ["type"] = "string" },
                    });
                }
            }

            if (parameters.Count > 0)
            {
                operation["parameters"] = parameters;
            }

            if (route.AuthorizationType is "JWT" or "CUSTOM" && authorizers.FirstOrDefault(a => a.AuthorizerId == route.AuthorizerId) is { } authorizer)
            {
                operation["security"] = new JsonArray(new JsonObject { [authorizer.Name!] = new JsonArray([.. (route.AuthorizationScopes ?? []).Select(s => (JsonNode?)JsonValue.Create(s))]) });
            }

            if (includeExtensions)
            {
                if (route.IntegrationId is { } integrationId && integrations.FirstOrDefault(i => i.IntegrationId == integrationId) is { } integration)
                {
                    operation[IntegrationExtension] = ExportIntegration(integration);
                }

                if (route.AuthorizationGroups is { Count: > 0 } groups)
                {
                    operation[GroupsExtension] = new JsonArray([.. groups.Select(g => (JsonNode?)JsonValue.Create(g))]);
                }
            }

            item[method == "ANY" ? AnyMethod : method.ToLowerInvariant()] = operation;
        }

        document["paths"] = paths;
        var exported = authorizers.Where(a => a.AuthorizerType is "JWT" or "REQUEST").ToList();
        if (exported.Count > 0)
        {
            var schemes = new JsonObject();
            foreach (var authorizer in exported)
            {
                var scheme = authorizer.AuthorizerType == "JWT"
                    ? new JsonObject { ["type"] = "oauth2", ["flows"] = new JsonObject() }
                    : new JsonObject { ["type"] = "apiKey", ["name"] = LambdaSchemeHeader(authorizer), ["in"] = "header" };
                if (includeExtensions)
                {
                    scheme[AuthorizerExtension] = authorizer.AuthorizerType == "JWT"
                        ? new JsonObject
                        {
                            ["identitySource"] = string.Join(",", authorizer.IdentitySource ?? []),
                            ["jwtConfiguration"] = JsonSerializer.SerializeToNode(authorizer.JwtConfiguration ?? new JwtConfiguration(), HttpApiJson.Default.JwtConfiguration),
                            ["type"] = "jwt",
                        }
                        : new JsonObject
                        {
                            ["identitySource"] = string.Join(",", authorizer.IdentitySource ?? []),
                            ["authorizerUri"] = authorizer.AuthorizerUri,
                            ["authorizerPayloadFormatVersion"] = authorizer.AuthorizerPayloadFormatVersion,
                            ["authorizerResultTtlInSeconds"] = authorizer.AuthorizerResultTtlInSeconds ?? 0,
                            ["type"] = "request",
                            ["enableSimpleResponses"] = authorizer.EnableSimpleResponses ?? false,
                        };
                }

                schemes[authorizer.Name!] = scheme;
            }

            document["components"] = new JsonObject { ["securitySchemes"] = schemes };
        }

        if (includeExtensions)
        {
            if (api.CorsConfiguration is { } cors)
            {
                document[CorsExtension] = JsonSerializer.SerializeToNode(cors, HttpApiJson.Default.Cors);
            }

            document["x-amazon-apigateway-importexport-version"] = "1.0";
        }

        return document;
    }

    private static void ImportRoute(HttpApiDefinition api, string path, string method, JsonObject operation, Dictionary<string, string> authorizers, IdGenerator ids, List<string> warnings)
    {
        var routeKey = path is "$default" or "/$default" ? HttpRoutes.DefaultRouteKey : $"{method} {path}";
        var route = new HttpRoute { RouteKey = routeKey };
        if (operation[IntegrationExtension] is JsonObject extension)
        {
            var integration = HttpIntegrations.Create(api, ImportIntegration(extension, routeKey), ids);
            route.Target = HttpRoutes.TargetPrefix + integration.IntegrationId;
        }
        else if (operation[IntegrationExtension] is not null)
        {
            throw Invalid($"route {routeKey}: {IntegrationExtension} must be an object.");
        }
        else
        {
            warnings.Add($"Route {routeKey} has no {IntegrationExtension}; it was imported without a target.");
        }

        if (operation["security"] is { } node && node is not JsonArray)
        {
            throw Invalid($"route {routeKey}: security must be a list of requirements.");
        }

        if (operation["security"] is JsonArray security)
        {
            foreach (var requirement in security.OfType<JsonObject>())
            {
                foreach (var (scheme, scopes) in requirement)
                {
                    if (!authorizers.TryGetValue(scheme, out var authorizerId))
                    {
                        throw Invalid($"route {routeKey} refers to security scheme {scheme}, which is not an authorizer of the document.");
                    }

                    route.AuthorizationType = HttpAuthorizers.Get(api, authorizerId).AuthorizerType == "REQUEST" ? "CUSTOM" : "JWT";
                    route.AuthorizerId = authorizerId;
                    var list = scopes as JsonArray ?? [];
                    route.AuthorizationScopes = list.Count > 0 ? [.. list.Select(s => Text(s) ?? throw Invalid($"route {routeKey}: a scope is not a string."))] : null;
                }
            }
        }

        if (operation[GroupsExtension] is { } groups)
        {
            route.AuthorizationGroups = groups is JsonArray array
                ? [.. array.Select(g => Text(g) ?? throw Invalid($"route {routeKey}: {GroupsExtension} must be a list of group names."))]
                : throw Invalid($"route {routeKey}: {GroupsExtension} must be a list of group names.");
        }

        HttpRoutes.Create(api, route, ids);
    }

    private static HttpIntegration ImportIntegration(JsonObject extension, string routeKey)
    {
        var type = Text(extension["type"])?.ToUpperInvariant();
        if (type is null)
        {
            throw Invalid($"route {routeKey}: {IntegrationExtension} needs a type (http_proxy or aws_proxy).");
        }

        return new HttpIntegration
        {
            IntegrationType = type,
            IntegrationUri = Text(extension["uri"]),
            IntegrationMethod = Text(extension["httpMethod"])?.ToUpperInvariant(),
            PayloadFormatVersion = Text(extension["payloadFormatVersion"]),
            ConnectionType = Text(extension["connectionType"])?.ToUpperInvariant(),
            TimeoutInMillis = extension["timeoutInMillis"] is JsonValue timeout && timeout.TryGetValue<long>(out var millis) ? (int)Math.Clamp(millis, 0, int.MaxValue) : null,
            RequestParameters = extension["requestParameters"] is JsonObject parameters
                ? parameters.ToDictionary(p => p.Key, p => Text(p.Value) ?? throw Invalid($"route {routeKey}: requestParameters values must be strings."))
                : null,
            Description = Text(extension["description"]),
        };
    }

    private static JsonObject ExportIntegration(HttpIntegration integration)
    {
        var node = new JsonObject
        {
            ["payloadFormatVersion"] = integration.PayloadFormatVersion,
            ["type"] = integration.IntegrationType?.ToLowerInvariant(),
        };
        if (integration.IntegrationMethod is { } method)
        {
            node["httpMethod"] = method;
        }

        node["uri"] = integration.IntegrationUri;
        node["connectionType"] = integration.ConnectionType;
        node["timeoutInMillis"] = integration.TimeoutInMillis;
        if (integration.RequestParameters is { Count: > 0 } parameters)
        {
            node["requestParameters"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }

        return node;
    }

    private static (string Method, string Path) Split(string routeKey)
    {
        if (routeKey == HttpRoutes.DefaultRouteKey)
        {
            return ("ANY", "$default");
        }

        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        return (routeKey[..space], routeKey[(space + 1)..]);
    }

    private static string RoutePath(string routeKey) => Split(routeKey).Path;

    private static T Read<T>(JsonObject node, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return node.Deserialize(type) ?? throw Invalid($"{what} is empty.");
        }
        catch (JsonException)
        {
            throw Invalid($"{what} has a member of the wrong type.");
        }
    }

    // AWS exports a Lambda authorizer as an apiKey scheme named after its first header identity source.
    private static string LambdaSchemeHeader(HttpAuthorizer authorizer) =>
        authorizer.IdentitySource?.FirstOrDefault(s => s.StartsWith("$request.header.", StringComparison.Ordinal)) is { } header
            ? header["$request.header.".Length..]
            : "Unused";

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? value.ToString() : null;

    private static ApiGatewayException Invalid(string why) => ApiGatewayException.BadRequest($"Invalid OpenAPI definition: {why}");
}
