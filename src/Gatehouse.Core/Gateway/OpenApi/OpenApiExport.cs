using System.Globalization;
using System.Text.Json.Nodes;

namespace Gatehouse.Core.Gateway.OpenApi;

/// <summary>
/// GetExport: a deployed stage as OpenAPI 3.0 (<c>oas30</c>) or Swagger 2.0 (<c>swagger</c>). The
/// <c>extensions</c> parameter adds API Gateway's extensions: <c>integrations</c> (integrations, gateway responses,
/// API key source, binary media types), <c>authorizers</c> (authorizer definitions and Gatehouse's
/// <c>x-gatehouse-groups</c>), <c>apigateway</c> (both); <c>postman</c> adds nothing. An export with
/// <c>apigateway</c> re-imports to the same API.
/// </summary>
public static class OpenApiExport
{
    public const string Oas30 = "oas30";
    public const string Swagger = "swagger";
    private const string ApiKeyScheme = "api_key";
    private const string SigV4Scheme = "sigv4";

    /// <summary>The extensions a comma-separated <c>extensions</c> parameter names; unknown names are AWS's BadRequest.</summary>
    public static HashSet<string> Extensions(string? parameter)
    {
        var names = (parameter ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (names.FirstOrDefault(n => n is not ("integrations" or "authorizers" or "apigateway" or "postman")) is { } unknown)
        {
            throw ApiGatewayException.BadRequest($"Invalid extensions parameter specified: {unknown}. Valid options are integrations,authorizers,apigateway,postman");
        }

        return names;
    }

    public static JsonObject Export(DeploymentSnapshot snapshot, Stage stage, string exportType, ISet<string> extensions, string region)
    {
        var v3 = exportType switch
        {
            Oas30 => true,
            Swagger => false,
            _ => throw ApiGatewayException.BadRequest($"No API exporter for type '{exportType}'"),
        };
        return new Exporter(snapshot, stage, v3, extensions.Contains("integrations") || extensions.Contains("apigateway"), extensions.Contains("authorizers") || extensions.Contains("apigateway"), region).Document();
    }

    private sealed class Exporter(DeploymentSnapshot snapshot, Stage stage, bool v3, bool integrations, bool authorizers, string region)
    {
        private readonly SortedSet<string> _models = new(StringComparer.Ordinal);
        private bool _apiKey;
        private bool _sigV4;

        public JsonObject Document()
        {
            var api = snapshot.Api;
            var info = new JsonObject { ["title"] = api.Name };
            if (api.Description is not null)
            {
                info["description"] = api.Description;
            }

            info["version"] = api.Version ?? snapshot.Deployment.CreatedDate.GetValueOrDefault().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var document = v3 ? new JsonObject { ["openapi"] = "3.0.1", ["info"] = info } : new JsonObject { ["swagger"] = "2.0", ["info"] = info };
            var host = $"{api.Id}.execute-api.{region}.amazonaws.com";
            if (v3)
            {
                document["servers"] = new JsonArray(new JsonObject
                {
                    ["url"] = $"https://{host}/{{basePath}}",
                    ["variables"] = new JsonObject { ["basePath"] = new JsonObject { ["default"] = stage.StageName } },
                });
            }
            else
            {
                document["host"] = host;
                document["basePath"] = $"/{stage.StageName}";
                document["schemes"] = new JsonArray("https");
            }

            var paths = new JsonObject();
            foreach (var resource in snapshot.Resources.OrderBy(r => r.Path, StringComparer.Ordinal))
            {
                var item = new JsonObject();
                foreach (var (verb, method) in (resource.ResourceMethods ?? []).OrderBy(m => Order(m.Key)))
                {
                    item[verb == "ANY" ? "x-amazon-apigateway-any-method" : verb.ToLowerInvariant()] = Operation(resource, method);
                }

                if (item.Count > 0 || resource.ParentId is null)
                {
                    paths[resource.Path ?? "/"] = item;
                }
            }

            document["paths"] = paths;
            var schemes = Schemes();
            var schemas = Schemas();
            if (v3)
            {
                var components = new JsonObject();
                if (schemas.Count > 0)
                {
                    components["schemas"] = schemas;
                }

                if (schemes.Count > 0)
                {
                    components["securitySchemes"] = schemes;
                }

                if (components.Count > 0)
                {
                    document["components"] = components;
                }
            }
            else
            {
                if (schemes.Count > 0)
                {
                    document["securityDefinitions"] = schemes;
                }

                if (schemas.Count > 0)
                {
                    document["definitions"] = schemas;
                }
            }

            if (integrations)
            {
                if (api.ApiKeySource is { } source)
                {
                    document["x-amazon-apigateway-api-key-source"] = source;
                }

                if (api.BinaryMediaTypes is { Count: > 0 } media)
                {
                    document["x-amazon-apigateway-binary-media-types"] = Array(media);
                }

                if (api.MinimumCompressionSize is { } size)
                {
                    document["x-amazon-apigateway-minimum-compression-size"] = size;
                }

                if (api.Policy is { } policy)
                {
                    document["x-amazon-apigateway-policy"] = Policy(policy);
                }

                if (snapshot.GatewayResponses.Count > 0)
                {
                    var responses = new JsonObject();
                    foreach (var response in snapshot.GatewayResponses.OrderBy(r => r.ResponseType, StringComparer.Ordinal))
                    {
                        var value = new JsonObject();
                        if (response.StatusCode is not null)
                        {
                            value["statusCode"] = response.StatusCode;
                        }

                        Map(value, "responseParameters", response.ResponseParameters);
                        Map(value, "responseTemplates", response.ResponseTemplates);
                        responses[response.ResponseType!] = value;
                    }

                    document["x-amazon-apigateway-gateway-responses"] = responses;
                }
            }

            return document;
        }

        // A policy is stored as JSON text; export it as the object it is, or as the text when it is not JSON.
        private static JsonNode Policy(string policy)
        {
            try
            {
                return JsonNode.Parse(policy) ?? JsonValue.Create(policy);
            }
            catch (System.Text.Json.JsonException)
            {
                return JsonValue.Create(policy);
            }
        }

        private static int Order(string verb) => System.Array.IndexOf(Methods.Verbs, verb);

        private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

        private static void Map<T>(JsonObject target, string name, IReadOnlyDictionary<string, T>? map)
            where T : class?
        {
            if (map is { Count: > 0 })
            {
                var o = new JsonObject();
                foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    o[key] = value?.ToString();
                }

                target[name] = o;
            }
        }

        private JsonNode Schema(string model)
        {
            _models.Add(model);
            return new JsonObject { ["$ref"] = v3 ? $"#/components/schemas/{model}" : $"#/definitions/{model}" };
        }

        private JsonObject Schemas()
        {
            var schemas = new JsonObject();
            foreach (var model in _models)
            {
                schemas[model] = model == "Error"
                    ? new JsonObject { ["title"] = "Error Schema", ["type"] = "object", ["properties"] = new JsonObject { ["message"] = new JsonObject { ["type"] = "string" } } }
                    : new JsonObject { ["title"] = $"{model} Schema", ["type"] = "object" };
            }

            return schemas;
        }

        private JsonObject Operation(Resource resource, Method method)
        {
            var operation = new JsonObject();
            if (method.OperationName is not null)
            {
                operation["operationId"] = method.OperationName;
            }

            var parameters = new JsonArray();
            foreach (var (name, required) in (method.RequestParameters ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var parts = name.Split('.', 4);
                if (parts.Length != 4)
                {
                    continue;
                }

                var parameter = new JsonObject
                {
                    ["name"] = parts[3],
                    ["in"] = parts[2] == "querystring" ? "query" : parts[2],
                    ["required"] = parts[2] == "path" || required,
                };
                if (v3)
                {
                    parameter["schema"] = new JsonObject { ["type"] = "string" };
                }
                else
                {
                    parameter["type"] = "string";
                }

                parameters.Add(parameter);
            }

            if (method.RequestModels is { Count: > 0 } requestModels)
            {
                if (v3)
                {
                    var content = new JsonObject();
                    foreach (var (contentType, model) in requestModels.OrderBy(m => m.Key, StringComparer.Ordinal))
                    {
                        content[contentType] = new JsonObject { ["schema"] = Schema(model) };
                    }

                    operation["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true };
                }
                else
                {
                    operation["consumes"] = Array(requestModels.Keys.Order(StringComparer.Ordinal));
                    var model = requestModels.OrderBy(m => m.Key, StringComparer.Ordinal).First().Value;
                    parameters.Add(new JsonObject { ["in"] = "body", ["name"] = model, ["required"] = true, ["schema"] = Schema(model) });
                }
            }

            if (parameters.Count > 0)
            {
                operation["parameters"] = parameters;
            }

            operation["responses"] = Responses(method, operation);
            if (Security(method) is { } security)
            {
                operation["security"] = security;
            }

            if (authorizers && method.AuthorizationGroups is { Count: > 0 } groups)
            {
                operation["x-gatehouse-groups"] = Array(groups);
            }

            if (integrations && method.MethodIntegration is { } integration)
            {
                operation["x-amazon-apigateway-integration"] = Integration(resource, integration);
            }

            return operation;
        }

        private JsonObject Responses(Method method, JsonObject operation)
        {
            var responses = new JsonObject();
            var produces = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (code, response) in (method.MethodResponses ?? []).OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var value = new JsonObject { ["description"] = $"{code} response" };
                var headers = new JsonObject();
                foreach (var name in (response.ResponseParameters ?? []).Keys.Where(k => k.StartsWith("method.response.header.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                {
                    headers[name["method.response.header.".Length..]] = v3 ? new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } : new JsonObject { ["type"] = "string" };
                }

                if (headers.Count > 0)
                {
                    value["headers"] = headers;
                }

                if (response.ResponseModels is { Count: > 0 } models)
                {
                    if (v3)
                    {
                        var content = new JsonObject();
                        foreach (var (contentType, model) in models.OrderBy(m => m.Key, StringComparer.Ordinal))
                        {
                            content[contentType] = new JsonObject { ["schema"] = Schema(model) };
                        }

                        value["content"] = content;
                    }
                    else
                    {
                        produces.UnionWith(models.Keys);
                        value["schema"] = Schema(models.OrderBy(m => m.Key, StringComparer.Ordinal).First().Value);
                    }
                }

                responses[code] = value;
            }

            if (produces.Count > 0)
            {
                operation["produces"] = Array(produces);
            }

            return responses;
        }

        private JsonArray? Security(Method method)
        {
            var requirement = new JsonObject();
            if (method.ApiKeyRequired == true)
            {
                _apiKey = true;
                requirement[ApiKeyScheme] = new JsonArray();
            }

            switch (method.AuthorizationType)
            {
                case "AWS_IAM":
                    _sigV4 = true;
                    requirement[SigV4Scheme] = new JsonArray();
                    break;
                case "COGNITO_USER_POOLS" or "CUSTOM" when snapshot.Authorizers.Find(a => a.Id == method.AuthorizerId) is { Name: { } name }:
                    requirement[name] = Array(method.AuthorizationScopes ?? []);
                    break;
            }

            return requirement.Count == 0 ? null : new JsonArray(requirement);
        }

        private JsonObject Schemes()
        {
            var schemes = new JsonObject();
            if (_apiKey)
            {
                schemes[ApiKeyScheme] = new JsonObject { ["type"] = "apiKey", ["name"] = "x-api-key", ["in"] = "header" };
            }

            if (_sigV4)
            {
                schemes[SigV4Scheme] = new JsonObject { ["type"] = "apiKey", ["name"] = "Authorization", ["in"] = "header", ["x-amazon-apigateway-authtype"] = "awsSigv4" };
            }

            foreach (var authorizer in snapshot.Authorizers.OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                const string HeaderPrefix = "method.request.header.";
                var header = authorizer.IdentitySource is { } source && source.StartsWith(HeaderPrefix, StringComparison.Ordinal) && !source.Contains(',', StringComparison.Ordinal)
                    ? source[HeaderPrefix.Length..]
                    : "Unused";
                var scheme = new JsonObject { ["type"] = "apiKey", ["name"] = header, ["in"] = "header" };
                if (authorizers)
                {
                    scheme["x-amazon-apigateway-authtype"] = authorizer.AuthType ?? (authorizer.Type == "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom");
                    var extension = new JsonObject { ["type"] = authorizer.Type!.ToLowerInvariant() };
                    if (authorizer.ProviderARNs is { Count: > 0 } arns)
                    {
                        extension["providerARNs"] = Array(arns);
                    }

                    Add(extension, "authorizerUri", authorizer.AuthorizerUri);
                    Add(extension, "authorizerCredentials", authorizer.AuthorizerCredentials);
                    Add(extension, "identitySource", authorizer.IdentitySource);
                    Add(extension, "identityValidationExpression", authorizer.IdentityValidationExpression);
                    if (authorizer.AuthorizerResultTtlInSeconds is { } ttl)
                    {
                        extension["authorizerResultTtlInSeconds"] = ttl;
                    }

                    scheme["x-amazon-apigateway-authorizer"] = extension;
                }

                schemes[authorizer.Name!] = scheme;
            }

            return schemes;
        }

        private static void Add(JsonObject target, string name, string? value)
        {
            if (value is not null)
            {
                target[name] = value;
            }
        }

        private static JsonObject Integration(Resource resource, Integration integration)
        {
            var value = new JsonObject { ["type"] = integration.Type!.ToLowerInvariant() };
            Add(value, "httpMethod", integration.HttpMethod);
            Add(value, "uri", integration.Uri);
            Add(value, "credentials", integration.Credentials);
            Map(value, "requestParameters", integration.RequestParameters);
            Map(value, "requestTemplates", integration.RequestTemplates);
            Add(value, "passthroughBehavior", integration.PassthroughBehavior?.ToLowerInvariant());
            Add(value, "contentHandling", integration.ContentHandling);
            if (integration.TimeoutInMillis is { } timeout)
            {
                value["timeoutInMillis"] = timeout;
            }

            if (integration.CacheNamespace is { } ns && ns != resource.Id)
            {
                value["cacheNamespace"] = ns;
            }

            if (integration.CacheKeyParameters is { Count: > 0 } keys)
            {
                value["cacheKeyParameters"] = Array(keys);
            }

            if (integration.ConnectionType == "VPC_LINK")
            {
                value["connectionType"] = "VPC_LINK";
                Add(value, "connectionId", integration.ConnectionId);
            }

            if (integration.TlsConfig is { InsecureSkipVerification: { } skip })
            {
                value["tlsConfig"] = new JsonObject { ["insecureSkipVerification"] = skip };
            }

            if (integration.IntegrationResponses is { Count: > 0 } responses)
            {
                var map = new JsonObject();
                foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    var item = new JsonObject { ["statusCode"] = status };
                    Map(item, "responseParameters", response.ResponseParameters);
                    Map(item, "responseTemplates", response.ResponseTemplates);
                    Add(item, "contentHandling", response.ContentHandling);
                    map[string.IsNullOrEmpty(response.SelectionPattern) ? "default" : response.SelectionPattern] = item;
                }

                value["responses"] = map;
            }

            return value;
        }
    }
}
