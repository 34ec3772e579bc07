using System.Text.RegularExpressions;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.HttpApis;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi;
using Gatehouse.Server.CognitoApi.Actions.Clients;
using Gatehouse.Server.CognitoApi.Actions.Groups;
using Gatehouse.Server.CognitoApi.Actions.Pools;
using Gatehouse.Server.CognitoApi.Actions.ResourceServers;

namespace Gatehouse.Server.Config;

/// <summary>
/// Reads <c>gatehouse.yaml</c> into a <see cref="ConfigDeclaration"/>: the shape (keys, types, ids, references between
/// declared objects) is checked here, before anything is written; the values' own rules are Core's, at apply time.
/// </summary>
internal static partial class ConfigParser
{
    public static ConfigDeclaration Parse(string text, string file, string accountId)
    {
        var root = YamlMap.Parse(text, file);
        var declaration = new ConfigDeclaration();
        foreach (var pool in root.MapList("userPools"))
        {
            declaration.UserPools.Add(ParsePool(pool, accountId));
        }

        foreach (var api in root.MapList("apis"))
        {
            declaration.Apis.Add(ParseRestApi(api, accountId));
        }

        foreach (var api in root.MapList("httpApis"))
        {
            declaration.HttpApis.Add(ParseHttpApi(api, accountId));
        }

        foreach (var function in root.MapList("functions"))
        {
            declaration.Functions.Add(ParseFunction(function, file));
        }

        root.Done();
        Unique(declaration.Functions.Select(f => (f.Function.Name, f.Where)), "function name");
        Unique(declaration.UserPools.Select(p => (p.Id, p.Where)), "user pool id");
        Unique(declaration.UserPools.SelectMany(p => p.Clients).Select(c => (c.ClientId, c.Where)), "clientId");
        // One id namespace for both kinds: an invoke host {apiId}.execute-api.localhost must name one API.
        Unique(declaration.Apis.Select(a => (a.Id, a.Where)).Concat(declaration.HttpApis.Select(a => (a.Id, a.Where))), "API id");
        return declaration;
    }

    private static FunctionDeclaration ParseFunction(YamlMap map, string file)
    {
        var code = map.String("code");
        if (code is not null && !Path.IsPathRooted(code))
        {
            code = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", code));
        }

        var function = new Core.Functions.FunctionDefinition
        {
            Name = map.Required("name"),
            Runtime = map.Required("runtime"),
            Code = code,
            Handler = map.String("handler"),
            Url = map.String("url"),
            Command = map.Strings("command"),
            Environment = map.StringMap("environment"),
            Timeout = map.Int("timeout"),
            Concurrency = map.Int("concurrency"),
            MemorySize = map.Int("memorySize"),
        };
        map.Done();
        return new FunctionDeclaration { Where = Where(map), Function = function };
    }

    /// <summary>
    /// A Lambda authorizer's <c>authorizerUri</c>: as written, or built from <c>function</c> (a registered function's
    /// name) the way API Gateway's console builds it.
    /// </summary>
    private static string? AuthorizerUri(YamlMap authorizer, string accountId) =>
        authorizer.String("function") is { } function
            ? $"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:{accountId}:function:{function}/invocations"
            : authorizer.String("authorizerUri");

    private static PoolDeclaration ParsePool(YamlMap map, string accountId)
    {
        var id = map.Required("id");
        if (id.Length > 55 || !Patterns.PoolId().IsMatch(id))
        {
            throw map.Error("id", $"'{id}' is not a user pool id: it must look like us-east-1_Example01 (region, underscore, letters and digits)");
        }

        var settings = new CreateUserPoolRequest
        {
            PoolName = map.Required("name"),
            UsernameAttributes = map.Strings("usernameAttributes"),
            AliasAttributes = map.Strings("aliasAttributes"),
            AutoVerifiedAttributes = map.Strings("autoVerifiedAttributes"),
            DeletionProtection = map.String("deletionProtection"),
            MfaConfiguration = map.String("mfa"),
            UserPoolTags = map.StringMap("tags"),
            Schema = [.. map.MapList("schema").Select(ParseAttribute)],
        };
        if (map.StringMap("lambdaConfig") is { } triggers)
        {
            settings.LambdaConfig = LambdaConfig(map, triggers, id, accountId);
        }

        if (map.Bool("usernameCaseSensitive") is { } caseSensitive)
        {
            settings.UsernameConfiguration = new UsernameConfiguration { CaseSensitive = caseSensitive };
        }

        if (map.Map("passwordPolicy") is { } policy)
        {
            settings.Policies = new UserPoolPolicies
            {
                PasswordPolicy = new PasswordPolicy
                {
                    MinimumLength = policy.Int("minimumLength"),
                    RequireUppercase = policy.Bool("requireUppercase"),
                    RequireLowercase = policy.Bool("requireLowercase"),
                    RequireNumbers = policy.Bool("requireNumbers"),
                    RequireSymbols = policy.Bool("requireSymbols"),
                    PasswordHistorySize = policy.Int("passwordHistorySize"),
                    TemporaryPasswordValidityDays = policy.Int("temporaryPasswordValidityDays"),
                },
            };
            policy.Done();
        }

        if (map.Bool("allowAdminCreateUserOnly") is { } adminOnly)
        {
            settings.AdminCreateUserConfig = new AdminCreateUserConfig { AllowAdminCreateUserOnly = adminOnly };
        }

        var pool = new PoolDeclaration { Where = Where(map), Id = id, Settings = settings, Domain = map.String("domain") };
        foreach (var server in map.MapList("resourceServers"))
        {
            pool.ResourceServers.Add((At(server), ParseResourceServer(server, id)));
        }

        foreach (var group in map.MapList("groups"))
        {
            pool.Groups.Add((At(group), new GroupSettingsRequest
            {
                UserPoolId = id,
                GroupName = group.Required("name"),
                Description = group.String("description"),
                Precedence = group.Int("precedence"),
                RoleArn = group.String("roleArn"),
            }));
            group.Done();
        }

        foreach (var client in map.MapList("clients"))
        {
            pool.Clients.Add(ParseClient(client, id));
        }

        foreach (var user in map.MapList("users"))
        {
            pool.Users.Add(ParseUser(user));
        }

        map.Done();
        Unique(pool.Groups.Select(g => (g.Group.GroupName!, g.At.Where)), "group name");
        Unique(pool.ResourceServers.Select(r => (r.Server.Identifier!, r.At.Where)), "resource server identifier");
        Unique(pool.Users.Select(u => (u.Username, u.Where)), "username");
        return pool;
    }

    private static SchemaAttribute ParseAttribute(YamlMap map)
    {
        var attribute = new SchemaAttribute
        {
            Name = map.Required("name"),
            AttributeDataType = map.String("attributeDataType") ?? "String",
            Mutable = map.Bool("mutable"),
            DeveloperOnlyAttribute = map.Bool("developerOnlyAttribute"),
            Required = map.Bool("required"),
        };
        if (map.Map("stringAttributeConstraints") is { } text)
        {
            attribute.StringAttributeConstraints = new StringAttributeConstraints { MinLength = text.String("minLength"), MaxLength = text.String("maxLength") };
            text.Done();
        }

        if (map.Map("numberAttributeConstraints") is { } number)
        {
            attribute.NumberAttributeConstraints = new NumberAttributeConstraints { MinValue = number.String("minValue"), MaxValue = number.String("maxValue") };
            number.Done();
        }

        map.Done();
        return attribute;
    }

    private static ResourceServerSettingsRequest ParseResourceServer(YamlMap map, string poolId)
    {
        var server = new ResourceServerSettingsRequest
        {
            UserPoolId = poolId,
            Identifier = map.Required("identifier"),
            Scopes = [],
        };
        server.Name = map.String("name") ?? server.Identifier;
        foreach (var (text, scope) in map.MixedList("scopes"))
        {
            if (scope is null)
            {
                server.Scopes.Add(new ResourceServerScope { ScopeName = text, ScopeDescription = text });
                continue;
            }

            var name = scope.Required("scopeName");
            server.Scopes.Add(new ResourceServerScope { ScopeName = name, ScopeDescription = scope.String("scopeDescription") ?? name });
            scope.Done();
        }

        map.Done();
        return server;
    }

    private static ClientDeclaration ParseClient(YamlMap map, string poolId)
    {
        var clientId = map.Required("clientId");
        if (clientId.Length > 128 || !Patterns.ClientId().IsMatch(clientId))
        {
            throw map.Error("clientId", $"'{clientId}' is not a client id: letters, digits, _ and + only, at most 128");
        }

        var secret = map.String("clientSecret");
        if (secret is not null && (secret.Length > 64 || !Patterns.ClientId().IsMatch(secret)))
        {
            throw map.Error("clientSecret", "a client secret is letters, digits, _ and + only, at most 64");
        }

        var generate = map.Bool("generateSecret") ?? false;
        if (secret is not null && generate)
        {
            throw map.Error("generateSecret", "give either clientSecret or generateSecret: true, not both");
        }

        var settings = new CreateUserPoolClientRequest
        {
            UserPoolId = poolId,
            ClientName = map.Required("name"),
            ExplicitAuthFlows = map.Strings("explicitAuthFlows"),
            AllowedOAuthFlows = map.Strings("allowedOAuthFlows"),
            AllowedOAuthScopes = map.Strings("allowedOAuthScopes"),
            AllowedOAuthFlowsUserPoolClient = map.Bool("allowedOAuthFlowsUserPoolClient"),
            CallbackURLs = map.Strings("callbackURLs"),
            LogoutURLs = map.Strings("logoutURLs"),
            DefaultRedirectURI = map.String("defaultRedirectURI"),
            SupportedIdentityProviders = map.Strings("supportedIdentityProviders"),
            AccessTokenValidity = map.Int("accessTokenValidity"),
            IdTokenValidity = map.Int("idTokenValidity"),
            RefreshTokenValidity = map.Int("refreshTokenValidity"),
            ReadAttributes = map.Strings("readAttributes"),
            WriteAttributes = map.Strings("writeAttributes"),
            PreventUserExistenceErrors = map.String("preventUserExistenceErrors"),
            EnableTokenRevocation = map.Bool("enableTokenRevocation"),
            AuthSessionValidity = map.Int("authSessionValidity"),
        };
        if (map.Map("tokenValidityUnits") is { } units)
        {
            settings.TokenValidityUnits = new TokenValidityUnits
            {
                AccessToken = units.String("accessToken"),
                IdToken = units.String("idToken"),
                RefreshToken = units.String("refreshToken"),
            };
            units.Done();
        }

        // The console's defaults: declaring OAuth flows means using them, with the pool's own sign-in.
        if (settings.AllowedOAuthFlows is { Count: > 0 })
        {
            settings.AllowedOAuthFlowsUserPoolClient ??= true;
            settings.SupportedIdentityProviders ??= ["COGNITO"];
        }

        map.Done();
        return new ClientDeclaration { Where = Where(map), ClientId = clientId, ClientSecret = secret, GenerateSecret = generate, Settings = settings };
    }

    private static UserDeclaration ParseUser(YamlMap map)
    {
        var attributes = map.StringMap("attributes") ?? [];
        if (map.Bool("email_verified") is { } verified)
        {
            attributes["email_verified"] = verified ? "true" : "false";
        }

        var groups = map.Strings("groups") ?? [];
        var user = new UserDeclaration
        {
            Where = Where(map),
            Username = map.Required("username"),
            Password = map.String("password"),
            ForceChangePassword = map.Bool("forceChangePassword") ?? false,
            Enabled = map.Bool("enabled"),
            Attributes = [.. attributes],
            Groups = groups,
        };
        map.Done();
        return user;
    }

    private static RestApiDeclaration ParseRestApi(YamlMap map, string accountId)
    {
        var id = map.Required("id");
        if (!RestApiId().IsMatch(id))
        {
            throw map.Error("id", $"'{id}' is not a REST API id: it must be 10 lowercase letters and digits, e.g. a1b2c3d4e5");
        }

        var endpointType = map.String("endpointType");
        var api = new RestApiDeclaration
        {
            Where = Where(map),
            Id = id,
            Settings = new CreateRestApiInput
            {
                Name = map.Required("name"),
                Description = map.String("description"),
                Version = map.String("version"),
                ApiKeySource = map.String("apiKeySource"),
                BinaryMediaTypes = map.Strings("binaryMediaTypes"),
                MinimumCompressionSize = map.Int("minimumCompressionSize"),
                DisableExecuteApiEndpoint = map.Bool("disableExecuteApiEndpoint"),
                Tags = map.StringMap("tags"),
                EndpointConfiguration = endpointType is null ? null : new EndpointConfiguration { Types = [endpointType] },
            },
        };

        foreach (var (name, authorizer) in map.NamedMaps("authorizers"))
        {
            var pools = authorizer.Strings("userPools") ?? [];
            foreach (var pool in pools)
            {
                if (pool.StartsWith("arn:", StringComparison.Ordinal) ? AuthorizerRules.PoolIdOf(pool) is null : !Patterns.PoolId().IsMatch(pool))
                {
                    throw authorizer.Error("userPools", $"'{pool}' is neither a user pool id nor a user pool ARN");
                }
            }

            api.Authorizers.Add((At(authorizer), new Authorizer
            {
                Name = name,
                Type = authorizer.String("type") ?? "COGNITO_USER_POOLS",
                ProviderARNs = pools.Count == 0 ? null : [.. pools.Select(p => p.StartsWith("arn:", StringComparison.Ordinal) ? p : PoolArn(p, accountId))],
                IdentitySource = authorizer.String("identitySource") ?? "method.request.header.Authorization",
                IdentityValidationExpression = authorizer.String("identityValidationExpression"),
                AuthorizerResultTtlInSeconds = authorizer.Int("authorizerResultTtlInSeconds"),
                AuthorizerUri = AuthorizerUri(authorizer, accountId),
            }));
            authorizer.Done();
        }

        foreach (var (name, stage) in map.NamedMaps("stages"))
        {
            api.Stages.Add((At(stage), name, stage.String("description"), stage.StringMap("variables")));
            stage.Done();
        }

        foreach (var (key, method) in map.NamedMaps("methods"))
        {
            api.Methods.Add(ParseMethod(key, method, api));
        }

        map.Done();
        Unique(api.Methods.Select(m => ($"{m.HttpMethod} {m.Path.TrimEnd('/')}", m.Where)), "method");
        return api;
    }

    private static MethodDeclaration ParseMethod(string key, YamlMap map, RestApiDeclaration api)
    {
        var parts = key.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !parts[1].StartsWith('/'))
        {
            throw map.Error($"a method is declared as \"VERB /path\", e.g. \"DELETE /news\", not \"{key}\"");
        }

        var authorizerName = map.String("authorizer");
        var authorizer = authorizerName is null ? null : api.Authorizers.Find(a => a.Input.Name == authorizerName).Input;
        if (authorizerName is not null && authorizer is null)
        {
            throw map.Error("authorizer", $"unknown authorizer '{authorizerName}'" + (api.Authorizers.Count == 0 ? " (the API declares no authorizers)" : $" (declared: {string.Join(", ", api.Authorizers.Select(a => a.Input.Name))})"));
        }

        var input = new Method
        {
            AuthorizationType = map.String("authorizationType") ?? authorizer?.Type switch
            {
                null => "NONE",
                "COGNITO_USER_POOLS" => "COGNITO_USER_POOLS",
                _ => "CUSTOM",
            },
            AuthorizationScopes = map.Strings("scopes"),
            AuthorizationGroups = map.Strings("groups"),
            ApiKeyRequired = map.Bool("apiKeyRequired"),
            OperationName = map.String("operationName"),
            RequestParameters = Bools(map, "requestParameters"),
        };

        var declaration = new MethodDeclaration
        {
            Where = Where(map),
            HttpMethod = parts[0].ToUpperInvariant(),
            Path = parts[1],
            AuthorizerName = authorizerName,
            Input = input,
        };
        var integration = map.Map("integration");
        if (integration is null)
        {
            throw map.Error("integration", "is required: e.g. integration: {type: MOCK}, or {type: HTTP_PROXY, uri: http://localhost:8080/news}");
        }

        ParseIntegration(integration, declaration);
        map.Done();
        return declaration;
    }

    private static void ParseIntegration(YamlMap map, MethodDeclaration method)
    {
        var integration = method.Integration;
        integration.Type = map.Required("type");
        integration.Uri = map.String("uri");
        // Lambda is always invoked with POST; the console fills that in, and so does the file.
        integration.HttpMethod = map.String("httpMethod") ?? (integration.Type is "AWS" or "AWS_PROXY" ? "POST" : null);
        integration.RequestParameters = map.StringMap("requestParameters");
        integration.RequestTemplates = map.StringMap("requestTemplates")?.ToDictionary(p => p.Key, string? (p) => p.Value, StringComparer.Ordinal);
        integration.PassthroughBehavior = map.String("passthroughBehavior");
        integration.ContentHandling = map.String("contentHandling");
        integration.TimeoutInMillis = map.Int("timeoutInMillis");
        integration.CacheKeyParameters = map.Strings("cacheKeyParameters");

        // The console's Mock integration: a 200 request template and a default 200 response.
        if (integration.Type == "MOCK")
        {
            integration.RequestTemplates ??= new(StringComparer.Ordinal) { ["application/json"] = """{"statusCode": 200}""" };
        }

        // An HTTP integration's verb is the method's unless given; ANY has no verb of its own to send.
        if (integration.Type is "HTTP" or "HTTP_PROXY")
        {
            integration.HttpMethod ??= method.HttpMethod == "ANY" ? "ANY" : method.HttpMethod;
        }

        foreach (var (status, response) in map.NamedMaps("responses"))
        {
            method.Responses.Add(new IntegrationResponse
            {
                StatusCode = status,
                SelectionPattern = response.String("selectionPattern"),
                ResponseTemplates = response.StringMap("responseTemplates")?.ToDictionary(p => p.Key, string? (p) => p.Value, StringComparer.Ordinal),
                ResponseParameters = response.StringMap("responseParameters"),
                ContentHandling = response.String("contentHandling"),
            });
            response.Done();
        }

        if (method.Responses.Count == 0 && integration.Type is "MOCK" or "HTTP")
        {
            method.Responses.Add(new IntegrationResponse { StatusCode = "200" });
        }

        map.Done();
    }

    private static HttpApiDeclaration ParseHttpApi(YamlMap map, string accountId)
    {
        var id = map.Required("id");
        if (!RestApiId().IsMatch(id))
        {
            throw map.Error("id", $"'{id}' is not an HTTP API id: it must be 10 lowercase letters and digits, e.g. qfb4k425ik");
        }

        var api = new HttpApiDeclaration
        {
            Where = Where(map),
            Id = id,
            Settings = new HttpApiInput
            {
                Name = map.Required("name"),
                ProtocolType = "HTTP",
                Description = map.String("description"),
                Version = map.String("version"),
                DisableExecuteApiEndpoint = map.Bool("disableExecuteApiEndpoint"),
                Tags = map.StringMap("tags"),
            },
        };
        if (map.Map("corsConfiguration") is { } cors)
        {
            api.Settings.CorsConfiguration = new Cors
            {
                AllowOrigins = cors.Strings("allowOrigins"),
                AllowMethods = cors.Strings("allowMethods"),
                AllowHeaders = cors.Strings("allowHeaders"),
                ExposeHeaders = cors.Strings("exposeHeaders"),
                AllowCredentials = cors.Bool("allowCredentials"),
                MaxAge = cors.Int("maxAge"),
            };
            cors.Done();
        }

        foreach (var (name, authorizer) in map.NamedMaps("authorizers"))
        {
            var type = authorizer.String("type") ?? "JWT";
            api.Authorizers.Add((At(authorizer), type == "REQUEST"
                ? new HttpAuthorizer
                {
                    Name = name,
                    AuthorizerType = type,
                    IdentitySource = authorizer.Strings("identitySource"),
                    AuthorizerUri = AuthorizerUri(authorizer, accountId) ?? throw authorizer.Error("function", "is required for a REQUEST (Lambda) authorizer: the function's name, or authorizerUri"),
                    AuthorizerPayloadFormatVersion = authorizer.String("payloadFormatVersion") ?? "2.0",
                    EnableSimpleResponses = authorizer.Bool("enableSimpleResponses"),
                    AuthorizerResultTtlInSeconds = authorizer.Int("authorizerResultTtlInSeconds"),
                }
                : new HttpAuthorizer
                {
                    Name = name,
                    AuthorizerType = type,
                    IdentitySource = authorizer.Strings("identitySource") ?? ["$request.header.Authorization"],
                    JwtConfiguration = new JwtConfiguration { Issuer = authorizer.Required("issuer"), Audience = authorizer.Strings("audience") },
                }));
            authorizer.Done();
        }

        foreach (var (key, route) in map.NamedMaps("routes"))
        {
            api.Routes.Add(ParseRoute(key, route, api));
        }

        if (!map.Has("stages"))
        {
            api.Stages.Add((new Place { Where = Where(map) }, new HttpStage { StageName = HttpApis.DefaultStage, AutoDeploy = true }));
        }

        foreach (var (name, stage) in map.NamedMaps("stages"))
        {
            api.Stages.Add((At(stage), new HttpStage
            {
                StageName = name,
                AutoDeploy = stage.Bool("autoDeploy") ?? true,
                Description = stage.String("description"),
                StageVariables = stage.StringMap("variables"),
            }));
            stage.Done();
        }

        map.Done();
        Unique(api.Routes.Select(r => (r.Input.RouteKey!, r.Where)), "route");
        return api;
    }

    private static HttpRouteDeclaration ParseRoute(string key, YamlMap map, HttpApiDeclaration api)
    {
        var routeKey = key.Trim();
        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            routeKey = routeKey[..space].ToUpperInvariant() + " " + routeKey[(space + 1)..].Trim();
        }

        var authorizerName = map.String("authorizer");
        if (authorizerName is not null && !api.Authorizers.Any(a => a.Input.Name == authorizerName))
        {
            throw map.Error("authorizer", $"unknown authorizer '{authorizerName}'" + (api.Authorizers.Count == 0 ? " (the API declares no authorizers)" : $" (declared: {string.Join(", ", api.Authorizers.Select(a => a.Input.Name))})"));
        }

        var input = new HttpRoute
        {
            RouteKey = routeKey,
            AuthorizationType = map.String("authorizationType") ?? (authorizerName is null ? "NONE"
                : api.Authorizers.Find(a => a.Input.Name == authorizerName).Input.AuthorizerType == "REQUEST" ? "CUSTOM" : "JWT"),
            AuthorizationScopes = map.Strings("scopes"),
            AuthorizationGroups = map.Strings("groups"),
            ApiKeyRequired = map.Bool("apiKeyRequired"),
            OperationName = map.String("operationName"),
        };
        var integration = map.Map("integration")
            ?? throw map.Error("integration", "is required: e.g. integration: {type: HTTP_PROXY, uri: http://localhost:8080/users/{userId}}");
        var verb = space > 0 ? routeKey[..space] : "ANY";
        var declaration = new HttpRouteDeclaration
        {
            Where = Where(map),
            AuthorizerName = authorizerName,
            Input = input,
            Integration = new HttpIntegration
            {
                IntegrationType = integration.Required("type"),
                IntegrationUri = integration.String("uri"),

                // The route's verb unless given; $default and ANY routes forward the caller's.
                IntegrationMethod = integration.String("method") ?? verb,
                PayloadFormatVersion = integration.String("payloadFormatVersion"),
                TimeoutInMillis = integration.Int("timeoutInMillis"),
                RequestParameters = integration.StringMap("requestParameters"),
                Description = integration.String("description"),
            },
        };
        integration.Done();
        map.Done();
        return declaration;
    }

    private static Dictionary<string, bool>? Bools(YamlMap map, string key)
    {
        var strings = map.StringMap(key);
        return strings?.ToDictionary(
            p => p.Key,
            p => p.Value switch
            {
                "true" => true,
                "false" => false,
                _ => throw map.Error(key, $"{p.Key}: expected true (required) or false, not '{p.Value}'"),
            },
            StringComparer.Ordinal);
    }

    private static readonly string[] TriggerNames =
    [
        "preSignUp", "customMessage", "postConfirmation", "preAuthentication", "postAuthentication", "defineAuthChallenge",
        "createAuthChallenge", "verifyAuthChallengeResponse", "preTokenGeneration", "userMigration",
    ];

    /// <summary>A pool's triggers, each a registered function's name or a Lambda ARN, as LambdaConfig's ARNs.</summary>
    private static System.Text.Json.JsonElement LambdaConfig(YamlMap map, Dictionary<string, string> triggers, string poolId, string accountId)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, function) in triggers)
            {
                if (!TriggerNames.Contains(name))
                {
                    throw map.Error("lambdaConfig", $"'{name}' is not a trigger: use {string.Join(", ", TriggerNames)}");
                }

                var arn = function.StartsWith("arn:", StringComparison.Ordinal)
                    ? function
                    : $"arn:aws:lambda:{poolId[..poolId.IndexOf('_', StringComparison.Ordinal)]}:{accountId}:function:{function}";
                json.WriteString(char.ToUpperInvariant(name[0]) + name[1..], arn);
            }

            json.WriteEndObject();
        }

        return System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static string PoolArn(string poolId, string accountId) => $"arn:aws:cognito-idp:{poolId[..poolId.IndexOf('_', StringComparison.Ordinal)]}:{accountId}:userpool/{poolId}";

    private static string Where(YamlMap map) => $"{map.File}:{map.Line}: {map.Path}";

    private static Declared At(YamlMap map) => new Place { Where = Where(map) };

    private static void Unique(IEnumerable<(string Key, string Where)> items, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, where) in items)
        {
            if (!seen.Add(key))
            {
                throw new ConfigException($"{where}: {what} '{key}' is declared twice");
            }
        }
    }

    private sealed class Place : Declared;

    [GeneratedRegex(@"^[a-z0-9]{10}\z")]
    private static partial Regex RestApiId();
}
