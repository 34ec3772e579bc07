using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gatehouse.Core.Gateway.OpenApi;

/// <summary>The query parameters of <c>ImportRestApi</c> and <c>PutRestApi</c> that shape an import.</summary>
public sealed class OpenApiImportOptions
{
    /// <summary><c>failonwarnings=true</c>: a warning fails the import instead of being returned.</summary>
    public bool FailOnWarnings { get; init; }

    /// <summary><c>endpointConfigurationTypes</c> (ImportRestApi): EDGE, REGIONAL or PRIVATE.</summary>
    public string? EndpointConfigurationTypes { get; init; }

    /// <summary><c>basepath</c>: <c>ignore</c> (the default), <c>prepend</c> or <c>split</c>.</summary>
    public string? BasePath { get; init; }
}

/// <summary>
/// Builds or rewrites a REST API from an OpenAPI 3.0 or Swagger 2.0 document with API Gateway's
/// <c>x-amazon-apigateway-*</c> extensions (and Gatehouse's <c>x-gatehouse-groups</c>). Every piece goes through the
/// same rules as the management calls (resource tree, methods, integrations, authorizers, gateway responses), so an
/// import accepts exactly what those calls accept; an error names where it happened, as AWS's
/// <c>Errors found during import</c> does. The caller saves only when this returns, so a rejection stores nothing.
/// </summary>
public static class OpenApiImport
{
    private const string ErrorPrefix = "Errors found during import:\n\t";
    private const string WarningPrefix = "Warnings found during import:\n\t";

    /// <summary>ImportRestApi: a new API named after <c>info.title</c>. Returns it with its warnings.</summary>
    public static (RestApiDefinition Api, List<string> Warnings) Create(JsonObject document, string apiId, OpenApiImportOptions options, IdGenerator ids, DateTimeOffset now)
    {
        var importer = new Importer(document, options, ids);
        var info = document["info"] as JsonObject;
        var title = Importer.Text(info, "title", "info");
        if (string.IsNullOrWhiteSpace(title))
        {
            throw Fail("Unable to create a RestApi without a name: info.title is required.");
        }

        var endpointType = options.EndpointConfigurationTypes?.ToUpperInvariant();
        if (endpointType is not (null or "EDGE" or "REGIONAL" or "PRIVATE"))
        {
            throw ApiGatewayException.BadRequest("Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE");
        }

        var api = RestApis.Create(
            new CreateRestApiInput
            {
                Name = title,
                Description = NullIfEmpty(Importer.Text(info, "description", "info")),
                Version = NullIfEmpty(Importer.Text(info, "version", "info")),
                EndpointConfiguration = endpointType is null ? null : new EndpointConfiguration { Types = [endpointType] },
            },
            null,
            ids,
            apiId,
            now);
        importer.Apply(api, merge: false);
        return (api, importer.Warnings);
    }

    /// <summary>PutRestApi: <paramref name="merge"/> adds the document to the API; otherwise it replaces the API's definition.</summary>
    public static List<string> Put(RestApiDefinition api, JsonObject document, bool merge, OpenApiImportOptions options, IdGenerator ids)
    {
        var importer = new Importer(document, options, ids);
        var info = document["info"] as JsonObject;
        if (!merge)
        {
            var root = api.Resources.Single(r => r.ParentId is null);
            root.ResourceMethods = null;
            api.Resources = [root];
            api.Authorizers.Clear();
            api.GatewayResponses.Clear();
            if (NullIfEmpty(Importer.Text(info, "title", "info")) is { } title)
            {
                api.Api.Name = title;
            }

            api.Api.Description = NullIfEmpty(Importer.Text(info, "description", "info"));
        }

        importer.Apply(api, merge);
        return importer.Warnings;
    }

    internal static ApiGatewayException Fail(string detail) => ApiGatewayException.BadRequest(ErrorPrefix + detail);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private enum SchemeKind
    {
        Authorizer,
        ApiKey,
        Iam,
        Unsupported,
    }

    private sealed record Scheme(SchemeKind Kind, Authorizer? Authorizer = null);

    private sealed class Importer(JsonObject document, OpenApiImportOptions options, IdGenerator ids)
    {
        private static readonly (string Key, string Verb)[] Operations =
        [
            ("get", "GET"), ("put", "PUT"), ("post", "POST"), ("delete", "DELETE"), ("patch", "PATCH"), ("options", "OPTIONS"), ("head", "HEAD"),
            ("x-amazon-apigateway-any-method", "ANY"),
        ];

        private static readonly string[] IntegrationTypes = ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"];

        private static readonly string[] KnownDocumentExtensions =
        [
            "x-amazon-apigateway-api-key-source", "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-gateway-responses",
            "x-amazon-apigateway-minimum-compression-size", "x-amazon-apigateway-policy", "x-amazon-apigateway-endpoint-configuration",
            "x-amazon-apigateway-importexport-version",
        ];

        private static readonly string[] KnownOperationExtensions = ["x-amazon-apigateway-integration"];

        private readonly Dictionary<string, Scheme> _schemes = new(StringComparer.Ordinal);
        private bool _v3;
        private RestApiDefinition _api = null!;

        public List<string> Warnings { get; } = [];

        public void Apply(RestApiDefinition api, bool merge)
        {
            _api = api;
            _v3 = Version();
            if (document["paths"] is not JsonObject paths)
            {
                throw ApiGatewayException.BadRequest(OpenApiText.InvalidInput);
            }

            ApiSettings(merge);
            Schemes(merge);
            GatewayResponses();
            var prefix = BasePathPrefix();
            foreach (var (rawPath, item) in paths)
            {
                if (rawPath.StartsWith("x-", StringComparison.Ordinal))
                {
                    continue;
                }

                var path = prefix.Length == 0 ? rawPath : rawPath == "/" ? prefix : prefix + rawPath;
                if (item is not JsonObject pathItem)
                {
                    throw Fail($"Unable to create resource at path '{path}': the path item must be an object.");
                }

                var resource = Resource(path);
                foreach (var (key, verb) in Operations)
                {
                    if (pathItem[key] is { } operation)
                    {
                        Operation(resource, path, verb, operation as JsonObject ?? throw Fail($"Unable to put method '{verb}' on resource at path '{path}': the operation must be an object."), pathItem, merge);
                    }
                }
            }

            ResourceTree.ComputePaths(_api);
            if (options.FailOnWarnings && Warnings.Count > 0)
            {
                throw ApiGatewayException.BadRequest(WarningPrefix + string.Join("\n\t", Warnings));
            }
        }

        /// <summary>A string member; numbers and booleans are taken as their text, anything else is an error.</summary>
        public static string? Text(JsonObject? o, string name, string where)
        {
            var node = o?[name];
            return node switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
                _ => throw ApiGatewayException.BadRequest($"Invalid value for '{name}' in {where}: expected a string."),
            };
        }

        private static Dictionary<string, string>? StringMap(JsonObject o, string name, string where)
        {
            if (o[name] is null)
            {
                return null;
            }

            var map = o[name] as JsonObject ?? throw ApiGatewayException.BadRequest($"Invalid value for '{name}' in {where}: expected an object.");
            return map.ToDictionary(p => p.Key, p => Text(map, p.Key, $"{where}.{name}") ?? throw ApiGatewayException.BadRequest($"Invalid null value for '{p.Key}' in {where}.{name}."), StringComparer.Ordinal);
        }

        private static List<string>? StringList(JsonObject o, string name, string where)
        {
            if (o[name] is null)
            {
                return null;
            }

            var list = o[name] as JsonArray ?? throw ApiGatewayException.BadRequest($"Invalid value for '{name}' in {where}: expected a list.");
            return [.. list.Select(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw ApiGatewayException.BadRequest($"Invalid value in '{name}' in {where}: expected strings."))];
        }

        private static int? Int(JsonObject o, string name, string where) => Text(o, name, where) switch
        {
            null => null,
            var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw ApiGatewayException.BadRequest($"Invalid value for '{name}' in {where}: expected an integer."),
        };

        private static bool IsWrapped(ApiGatewayException e) => e.Message.StartsWith(ErrorPrefix, StringComparison.Ordinal);

        private static T Wrap<T>(string context, Func<T> step)
        {
            try
            {
                return step();
            }
            catch (ApiGatewayException e) when (!IsWrapped(e))
            {
                throw Fail($"{context}: {e.Message}");
            }
        }

        private bool Version()
        {
            var openapi = document["openapi"];
            var swagger = document["swagger"];
            if (openapi is JsonValue o && o.GetValueKind() == JsonValueKind.String && o.GetValue<string>().StartsWith("3.0", StringComparison.Ordinal))
            {
                return true;
            }

            // An unquoted YAML "swagger: 2.0" is a number; accept it as the string it was meant to be.
            if (openapi is null && swagger is JsonValue s && s.ToJsonString() is "\"2.0\"" or "2.0" or "2")
            {
                return false;
            }

            throw ApiGatewayException.BadRequest(OpenApiText.InvalidInput);
        }

        private void ApiSettings(bool merge)
        {
            if (Text(document, "x-amazon-apigateway-api-key-source", "the document") is { } source)
            {
                _api.Api.ApiKeySource = source.ToUpperInvariant() is "HEADER" or "AUTHORIZER"
                    ? source.ToUpperInvariant()
                    : throw Fail("Invalid API Key source specified. Valid options are HEADER,AUTHORIZER");
            }

            var media = Wrap("Unable to set binary media types", () => StringList(document, "x-amazon-apigateway-binary-media-types", "the document"));
            if (media is not null)
            {
                _api.Api.BinaryMediaTypes = merge && _api.Api.BinaryMediaTypes is { } existing ? [.. existing.Union(media, StringComparer.Ordinal)] : media;
                _api.Api.BinaryMediaTypes = _api.Api.BinaryMediaTypes.Count == 0 ? null : _api.Api.BinaryMediaTypes;
            }

            if (Wrap("Unable to set the minimum compression size", () => Int(document, "x-amazon-apigateway-minimum-compression-size", "the document")) is { } size)
            {
                _api.Api.MinimumCompressionSize = size is >= 0 and <= 10485760 ? size : throw Fail("Invalid minimum compression size, must be between 0 and 10485760");
            }

            switch (document["x-amazon-apigateway-policy"])
            {
                case null:
                    break;
                case JsonObject policy:
                    _api.Api.Policy = policy.ToJsonString();
                    break;
                case JsonValue policy when policy.GetValueKind() == JsonValueKind.String:
                    _api.Api.Policy = policy.GetValue<string>();
                    break;
                default:
                    throw Fail("x-amazon-apigateway-policy must be an object.");
            }

            if (document["x-amazon-apigateway-endpoint-configuration"] is JsonObject endpoint
                && endpoint["disableExecuteApiEndpoint"] is JsonValue disable && disable.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                _api.Api.DisableExecuteApiEndpoint = disable.GetValueKind() == JsonValueKind.True;
            }

            Unsupported(document, "the document", KnownDocumentExtensions);
        }

        // API Gateway's extensions Gatehouse does not apply (request validators, documentation, ...) are named, not silently dropped.
        private void Unsupported(JsonObject o, string where, string[] known)
        {
            foreach (var (key, _) in o)
            {
                if (key.StartsWith("x-amazon-apigateway-", StringComparison.Ordinal) && !known.Contains(key))
                {
                    Warnings.Add($"Ignoring {key} of {where}: Gatehouse does not support it.");
                }
            }
        }

        private void Schemes(bool merge)
        {
            var schemes = _v3 ? (document["components"] as JsonObject)?["securitySchemes"] : document["securityDefinitions"];
            if (schemes is null)
            {
                return;
            }

            foreach (var (name, node) in schemes as JsonObject ?? throw Fail("Invalid security definitions: expected an object."))
            {
                var scheme = node as JsonObject ?? throw Fail($"Unable to create security definition '{name}': expected an object.");
                _schemes[name] = Wrap($"Unable to create authorizer '{name}'", () => Scheme(name, scheme, merge));
            }
        }

        private Scheme Scheme(string name, JsonObject scheme, bool merge)
        {
            var authType = Text(scheme, "x-amazon-apigateway-authtype", $"security definition '{name}'");
            if (scheme["x-amazon-apigateway-authorizer"] is { } node)
            {
                var extension = node as JsonObject ?? throw ApiGatewayException.BadRequest("x-amazon-apigateway-authorizer must be an object.");
                var where = "x-amazon-apigateway-authorizer";
                var type = Text(extension, "type", where)?.ToLowerInvariant() switch
                {
                    "cognito_user_pools" => "COGNITO_USER_POOLS",
                    "token" => "TOKEN",
                    "request" => "REQUEST",
                    var other => throw ApiGatewayException.BadRequest($"Invalid authorizer type specified: {other ?? "null"}. Valid options are token, request, cognito_user_pools"),
                };
                var header = Text(scheme, "in", name) == "header" && Text(scheme, "name", name) is { Length: > 0 } h ? $"method.request.header.{h}" : null;
                var input = new Authorizer
                {
                    Name = name,
                    Type = type,
                    ProviderARNs = StringList(extension, "providerARNs", where),
                    AuthType = authType,
                    AuthorizerUri = Text(extension, "authorizerUri", where),
                    AuthorizerCredentials = Text(extension, "authorizerCredentials", where),
                    IdentitySource = Text(extension, "identitySource", where) ?? header,
                    IdentityValidationExpression = Text(extension, "identityValidationExpression", where),
                    AuthorizerResultTtlInSeconds = Int(extension, "authorizerResultTtlInSeconds", where),
                };
                var existing = merge ? _api.Authorizers.Find(a => a.Name == name) : null;
                if (existing is not null)
                {
                    _api.Authorizers.Remove(existing);
                }

                var authorizer = AuthorizerRules.Create(_api, input, ids);
                if (existing is not null)
                {
                    authorizer.Id = existing.Id;
                }

                return new Scheme(SchemeKind.Authorizer, authorizer);
            }

            if (string.Equals(authType, "awsSigv4", StringComparison.OrdinalIgnoreCase))
            {
                return new Scheme(SchemeKind.Iam);
            }

            if (Text(scheme, "type", name) == "apiKey" && Text(scheme, "in", name) == "header" && string.Equals(Text(scheme, "name", name), "x-api-key", StringComparison.OrdinalIgnoreCase))
            {
                return new Scheme(SchemeKind.ApiKey);
            }

            Warnings.Add($"Ignoring security definition '{name}': only an API key (x-api-key header), awsSigv4 and x-amazon-apigateway-authorizer definitions are supported.");
            return new Scheme(SchemeKind.Unsupported);
        }

        private void GatewayResponses()
        {
            if (document["x-amazon-apigateway-gateway-responses"] is not { } node)
            {
                return;
            }

            foreach (var (type, value) in node as JsonObject ?? throw Fail("x-amazon-apigateway-gateway-responses must be an object."))
            {
                var where = $"gateway response '{type}'";
                Wrap($"Unable to put gateway response '{type}'", () =>
                {
                    var response = value as JsonObject ?? throw ApiGatewayException.BadRequest("the gateway response must be an object.");
                    return Gateway.GatewayResponses.Put(_api, type, new PutGatewayResponseInput
                    {
                        StatusCode = Text(response, "statusCode", where),
                        ResponseParameters = StringMap(response, "responseParameters", where),
                        ResponseTemplates = StringMap(response, "responseTemplates", where),
                    });
                });
            }
        }

        // basepath=ignore drops the document's base path; prepend puts all of it before every path; split all but its first part.
        private string BasePathPrefix()
        {
            var mode = (options.BasePath ?? "ignore").ToLowerInvariant();
            if (mode is not ("ignore" or "prepend" or "split"))
            {
                throw ApiGatewayException.BadRequest("Invalid basepath parameter specified. Valid options are ignore,prepend,split");
            }

            if (mode == "ignore")
            {
                return "";
            }

            string? basePath;
            if (_v3)
            {
                var server = (document["servers"] as JsonArray)?.FirstOrDefault() as JsonObject;
                var url = Text(server, "url", "servers") ?? "";
                foreach (var (variable, value) in server?["variables"] as JsonObject ?? [])
                {
                    url = url.Replace("{" + variable + "}", Text(value as JsonObject, "default", "servers.variables") ?? "", StringComparison.Ordinal);
                }

                basePath = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : url;
            }
            else
            {
                basePath = Text(document, "basePath", "the document");
            }

            var parts = (basePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(mode == "split" ? 1 : 0).ToList();
            return parts.Count == 0 ? "" : "/" + string.Join('/', parts);
        }

        private Resource Resource(string path)
        {
            var current = _api.Resources.Single(r => r.ParentId is null);
            if (path == "/")
            {
                return current;
            }

            if (!path.StartsWith('/'))
            {
                throw Fail($"Unable to create resource at path '{path}': a path must start with '/'.");
            }

            foreach (var part in path[1..].Split('/'))
            {
                var parent = current;
                current = _api.Resources.Find(r => r.ParentId == parent.Id && r.PathPart == part)
                    ?? Wrap($"Unable to create resource at path '{path}'", () => ResourceTree.Create(_api, parent.Id!, part, ids));
            }

            return current;
        }

        private JsonNode? Resolve(JsonNode? node, string where)
        {
            for (var hops = 0; node is JsonObject o && o["$ref"] is { } reference; hops++)
            {
                var text = reference is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                if (hops > 16 || text is null || !text.StartsWith("#/", StringComparison.Ordinal))
                {
                    throw ApiGatewayException.BadRequest($"Unable to resolve reference {text ?? "null"} in {where}: only local references are supported.");
                }

                JsonNode? target = document;
                foreach (var segment in text[2..].Split('/'))
                {
                    target = (target as JsonObject)?[PatchTable.Decode(segment)];
                }

                node = target ?? throw ApiGatewayException.BadRequest($"Unable to resolve reference {text} in {where}.");
            }

            return node;
        }

        private void Operation(Resource resource, string path, string verb, JsonObject operation, JsonObject pathItem, bool merge)
        {
            var context = $"Unable to put method '{verb}' on resource at path '{path}'";
            var where = $"method '{verb} {path}'";
            Wrap(context, () =>
            {
                var input = new Method
                {
                    AuthorizationType = "NONE",
                    OperationName = Text(operation, "operationId", where),
                    RequestParameters = [],
                    RequestModels = [],
                };
                Parameters(pathItem["parameters"], input, where);
                Parameters(operation["parameters"], input, where);
                RequestBody(operation, input, where);
                Security(operation, input, where);
                if (merge)
                {
                    resource.ResourceMethods?.Remove(verb);
                }

                var method = Methods.Put(_api, resource.Id!, verb, input);
                method.AuthorizationGroups = Groups(operation);
                Unsupported(operation, where, KnownOperationExtensions);
                return method;
            });

            if (operation["responses"] is { } responses)
            {
                foreach (var (code, value) in responses as JsonObject ?? throw Fail($"{context}: responses must be an object."))
                {
                    if (code.Length != 3 || code[0] is < '1' or > '5' || !code.All(char.IsAsciiDigit))
                    {
                        Warnings.Add($"Ignoring response '{code}' of {where}: only status codes are imported.");
                        continue;
                    }

                    Wrap($"Unable to put method response '{code}' on '{verb}' for resource at path '{path}'", () => Methods.PutResponse(_api, resource.Id!, verb, code, MethodResponse(operation, Resolve(value, where) as JsonObject, $"response {code} of {where}")));
                }
            }

            if (operation["x-amazon-apigateway-integration"] is { } integration)
            {
                Integration(resource, path, verb, integration as JsonObject ?? throw Fail($"Unable to put integration on '{verb}' for resource at path '{path}': x-amazon-apigateway-integration must be an object."));
            }
        }

        private void Parameters(JsonNode? node, Method input, string where)
        {
            if (node is null)
            {
                return;
            }

            foreach (var item in node as JsonArray ?? throw ApiGatewayException.BadRequest($"parameters of {where} must be a list."))
            {
                var parameter = Resolve(item, where) as JsonObject ?? throw ApiGatewayException.BadRequest($"a parameter of {where} must be an object.");
                var name = Text(parameter, "name", where) ?? throw ApiGatewayException.BadRequest($"a parameter of {where} has no name.");
                var location = Text(parameter, "in", where);
                var required = parameter["required"] is JsonValue r && r.GetValueKind() == JsonValueKind.True;
                switch (location)
                {
                    case "path":
                        input.RequestParameters![$"method.request.path.{name}"] = true;
                        break;
                    case "query":
                        input.RequestParameters![$"method.request.querystring.{name}"] = required;
                        break;
                    case "header":
                        input.RequestParameters![$"method.request.header.{name}"] = required;
                        break;
                    case "body" when !_v3:
                        foreach (var contentType in MediaTypes(null, "consumes"))
                        {
                            if (Model(parameter["schema"], where) is { } model)
                            {
                                input.RequestModels![contentType] = model;
                            }
                        }

                        break;
                    default:
                        Warnings.Add($"Ignoring parameter '{name}' in '{location}' of {where}.");
                        break;
                }
            }
        }

        private void RequestBody(JsonObject operation, Method input, string where)
        {
            if (_v3 && Resolve(operation["requestBody"], where) is JsonObject body && body["content"] is JsonObject content)
            {
                foreach (var (contentType, media) in content)
                {
                    if (Model((media as JsonObject)?["schema"], where) is { } model)
                    {
                        input.RequestModels![contentType] = model;
                    }
                }
            }
        }

        // Gatehouse keeps only the two built-in models; other schemas are dropped with a warning, as models are not supported.
        private string? Model(JsonNode? schema, string where)
        {
            if (schema is null)
            {
                return null;
            }

            var reference = (schema as JsonObject)?["$ref"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            var name = reference?[(reference.LastIndexOf('/') + 1)..];
            if (name is not null && Methods.DefaultModels.Contains(name))
            {
                return name;
            }

            Warnings.Add($"Ignoring the schema {reference ?? "(inline)"} of {where}: Gatehouse supports only the Empty and Error models.");
            return null;
        }

        private IEnumerable<string> MediaTypes(JsonObject? operation, string member) =>
            StringList(operation ?? [], member, member) ?? StringList(document, member, member) ?? ["application/json"];

        private void Security(JsonObject operation, Method input, string where)
        {
            var requirements = operation["security"] ?? document["security"];
            if (requirements is null)
            {
                return;
            }

            foreach (var item in requirements as JsonArray ?? throw ApiGatewayException.BadRequest($"security of {where} must be a list."))
            {
                var requirement = item as JsonObject ?? throw ApiGatewayException.BadRequest($"a security requirement of {where} must be an object.");
                foreach (var (name, _) in requirement)
                {
                    if (!_schemes.TryGetValue(name, out var scheme))
                    {
                        throw ApiGatewayException.BadRequest($"No security definition found for '{name}'.");
                    }

                    switch (scheme.Kind)
                    {
                        case SchemeKind.ApiKey:
                            input.ApiKeyRequired = true;
                            break;
                        case SchemeKind.Iam:
                            input.AuthorizationType = "AWS_IAM";
                            break;
                        case SchemeKind.Authorizer when input.AuthorizerId is not null && input.AuthorizerId != scheme.Authorizer!.Id:
                            throw ApiGatewayException.BadRequest("A method can use only one authorizer.");
                        case SchemeKind.Authorizer:
                            var cognito = scheme.Authorizer!.Type == "COGNITO_USER_POOLS";
                            input.AuthorizationType = cognito ? "COGNITO_USER_POOLS" : "CUSTOM";
                            input.AuthorizerId = scheme.Authorizer.Id;
                            var list = StringList(requirement, name, where) ?? [];
                            if (cognito && list.Count > 0)
                            {
                                input.AuthorizationScopes = list;
                            }

                            break;
                    }
                }
            }
        }

        private static List<string>? Groups(JsonObject operation)
        {
            if (operation["x-gatehouse-groups"] is not { } node)
            {
                return null;
            }

            var groups = node is JsonArray list && list.All(g => g is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0)
                ? list.Select(g => g!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList()
                : throw ApiGatewayException.BadRequest("x-gatehouse-groups must be a list of group names.");
            return groups.Count == 0 ? null : groups;
        }

        private MethodResponse MethodResponse(JsonObject operation, JsonObject? response, string where)
        {
            var result = new MethodResponse();
            if (response is null)
            {
                return result;
            }

            if (response["headers"] is JsonObject headers)
            {
                result.ResponseParameters = headers.ToDictionary(h => $"method.response.header.{h.Key}", _ => false, StringComparer.Ordinal);
            }

            var models = new Dictionary<string, string>(StringComparer.Ordinal);
            if (_v3)
            {
                foreach (var (contentType, media) in response["content"] as JsonObject ?? [])
                {
                    if (Model((media as JsonObject)?["schema"], where) is { } model)
                    {
                        models[contentType] = model;
                    }
                }
            }
            else if (response["schema"] is { } schema && Model(schema, where) is { } model)
            {
                foreach (var contentType in MediaTypes(operation, "produces"))
                {
                    models[contentType] = model;
                }
            }

            result.ResponseModels = models.Count == 0 ? null : models;
            return result;
        }

        private void Integration(Resource resource, string path, string verb, JsonObject extension)
        {
            var where = $"the integration of '{verb} {path}'";
            var context = $"Unable to put integration on '{verb}' for resource at path '{path}'";
            Wrap(context, () =>
            {
                var type = Text(extension, "type", where)?.ToUpperInvariant();
                if (type is null || !IntegrationTypes.Contains(type))
                {
                    throw ApiGatewayException.BadRequest("Invalid integration type specified. Valid options are HTTP,MOCK,AWS_PROXY,HTTP_PROXY,AWS");
                }

                var tls = extension["tlsConfig"] as JsonObject;
                return Integrations.Put(_api, resource.Id!, verb, new Integration
                {
                    Type = type,
                    HttpMethod = Text(extension, "httpMethod", where)?.ToUpperInvariant(),
                    Uri = Text(extension, "uri", where),
                    Credentials = Text(extension, "credentials", where),
                    RequestParameters = StringMap(extension, "requestParameters", where),
                    RequestTemplates = StringMap(extension, "requestTemplates", where)?.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal),
                    PassthroughBehavior = Text(extension, "passthroughBehavior", where)?.ToUpperInvariant(),
                    ContentHandling = Text(extension, "contentHandling", where)?.ToUpperInvariant(),
                    TimeoutInMillis = Int(extension, "timeoutInMillis", where),
                    CacheNamespace = Text(extension, "cacheNamespace", where),
                    CacheKeyParameters = StringList(extension, "cacheKeyParameters", where),
                    ConnectionType = Text(extension, "connectionType", where)?.ToUpperInvariant(),
                    ConnectionId = Text(extension, "connectionId", where),
                    TlsConfig = tls is null ? null : new TlsConfig { InsecureSkipVerification = tls["insecureSkipVerification"] is JsonValue b && b.GetValueKind() == JsonValueKind.True },
                });
            });

            if (extension["responses"] is not { } responses)
            {
                return;
            }

            foreach (var (pattern, value) in responses as JsonObject ?? throw Fail($"{context}: responses must be an object."))
            {
                Wrap($"Unable to put integration response on '{verb}' for resource at path '{path}'", () =>
                {
                    var response = value as JsonObject ?? throw ApiGatewayException.BadRequest($"the response '{pattern}' must be an object.");
                    var status = Text(response, "statusCode", where) ?? throw ApiGatewayException.BadRequest($"the response '{pattern}' has no statusCode.");
                    return Integrations.PutResponse(_api, resource.Id!, verb, status, new IntegrationResponse
                    {
                        SelectionPattern = pattern == "default" ? null : pattern,
                        ResponseParameters = StringMap(response, "responseParameters", where),
                        ResponseTemplates = StringMap(response, "responseTemplates", where)?.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal),
                        ContentHandling = Text(response, "contentHandling", where)?.ToUpperInvariant(),
                    });
                });
            }
        }
    }
}
