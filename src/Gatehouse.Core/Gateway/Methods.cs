using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// The rules of methods and method responses: valid verbs and authorization types, a CUSTOM or COGNITO_USER_POOLS
/// method needs an authorizer of the matching kind, request parameter names, models and validators that exist.
/// </summary>
public static partial class Methods
{
    /// <summary>The verbs a REST API method may have, in AWS's order.</summary>
    public static readonly string[] Verbs = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"];

    /// <summary>The models every API has without creating them.</summary>
    public static readonly string[] DefaultModels = ["Empty", "Error"];

    private static readonly string[] AuthorizationTypes = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];
    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemove = [PatchVerb.Add, PatchVerb.Remove];
    private static readonly PatchVerb[] AddRemoveReplace = [PatchVerb.Add, PatchVerb.Remove, PatchVerb.Replace];

    private static readonly PatchTable<Method> Patches = new PatchTable<Method>()
        .Property("/authorizationType", Replace, (m, _, v) => m.AuthorizationType = AuthorizationType(v), m => m.AuthorizationType)
        .Property("/authorizerId", Replace, (m, _, v) => m.AuthorizerId = string.IsNullOrEmpty(v) ? null : v, m => m.AuthorizerId)
        .Property("/apiKeyRequired", Replace, (m, _, v) => m.ApiKeyRequired = PatchTable.Bool(v))
        .Property("/operationName", Replace, (m, _, v) => m.OperationName = string.IsNullOrEmpty(v) ? null : v, m => m.OperationName)
        .Property("/requestValidatorId", Replace, (m, _, v) => m.RequestValidatorId = string.IsNullOrEmpty(v) ? null : v, m => m.RequestValidatorId)
        .Property("/authorizationScopes", AddRemove, (m, op, v) => PatchScope(m, op, v))
        .Entry("/authorizationScopes", AddRemove, (m, op, k, _) => PatchScope(m, op, k))

        // Gatehouse's group requirement, patched as AWS patches scopes: op=add,path=/authorizationGroups/admin.
        .Property("/authorizationGroups", AddRemove, (m, op, v) => PatchGroup(m, op, v))
        .Entry("/authorizationGroups", AddRemove, (m, op, k, _) => PatchGroup(m, op, k))
        .Entry("/requestParameters", AddRemoveReplace, (m, op, k, v) => Maps.Patch(m.RequestParameters ??= [], op, k, PatchTable.Bool(v)))
        .Entry("/requestModels", AddRemoveReplace, (m, op, k, v) => Maps.Patch(m.RequestModels ??= [], op, k, v ?? ""), (m, k) => m.RequestModels?.GetValueOrDefault(k));

    private static readonly PatchTable<MethodResponse> ResponsePatches = new PatchTable<MethodResponse>()
        .Entry("/responseParameters", AddRemoveReplace, PatchResponseParameter)
        .Entry("/responseModels", AddRemoveReplace, PatchResponseModel, (r, k) => r.ResponseModels?.GetValueOrDefault(k));

    public static Method Get(RestApiDefinition? api, string resourceId, string httpMethod) =>
        ResourceTree.Get(api, resourceId).ResourceMethods?.GetValueOrDefault(httpMethod) ?? throw ApiGatewayException.MethodNotFound();

    /// <summary>Adds a method; <paramref name="input"/> is PutMethod's body.</summary>
    public static Method Put(RestApiDefinition? api, string resourceId, string httpMethod, Method input)
    {
        ApiGatewayException.ThrowIfNull(input.AuthorizationType, "putMethodInput.authorizationType");
        ApiGatewayException.ThrowIfNullItem(input.AuthorizationScopes, "putMethodInput.authorizationScopes");
        ApiGatewayException.ThrowIfNullItem(input.RequestModels?.Values, "putMethodInput.requestModels");
        var resource = ResourceTree.Get(api, resourceId);
        if (!Verbs.Contains(httpMethod))
        {
            throw ApiGatewayException.BadRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
        }

        var methods = resource.ResourceMethods ??= [];
        if (methods.ContainsKey(httpMethod))
        {
            throw ApiGatewayException.Conflict("Method already exists for this resource");
        }

        var method = new Method
        {
            HttpMethod = httpMethod,
            AuthorizationType = AuthorizationType(input.AuthorizationType),
            AuthorizerId = input.AuthorizerId,
            ApiKeyRequired = input.ApiKeyRequired ?? false,
            OperationName = input.OperationName,
            RequestParameters = input.RequestParameters,
            RequestModels = input.RequestModels,
            RequestValidatorId = string.IsNullOrEmpty(input.RequestValidatorId) ? null : input.RequestValidatorId,
            AuthorizationScopes = input.AuthorizationScopes is { Count: > 0 } scopes ? scopes : null,
            AuthorizationGroups = input.AuthorizationGroups is { Count: > 0 } groups ? groups : null,
        };
        Check(api!, method);
        methods[httpMethod] = method;
        return method;
    }

    public static void Delete(RestApiDefinition? api, string resourceId, string httpMethod)
    {
        Get(api, resourceId, httpMethod);
        ResourceTree.Get(api, resourceId).ResourceMethods!.Remove(httpMethod);
    }

    public static Method Update(RestApiDefinition? api, string resourceId, string httpMethod, IReadOnlyList<PatchOperation>? operations)
    {
        var method = Get(api, resourceId, httpMethod);
        Patches.Apply(method, operations, "updateMethodInput");
        Check(api!, method);
        return method;
    }

    public static MethodResponse GetResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode)
    {
        ThrowIfInvalid(StatusCodeErrors(statusCode));
        return Get(api, resourceId, httpMethod).MethodResponses?.GetValueOrDefault(statusCode) ?? throw ApiGatewayException.StatusCodeNotFound();
    }

    /// <summary>Adds or replaces a method response; <paramref name="input"/> is PutMethodResponse's body.</summary>
    public static MethodResponse PutResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode, MethodResponse input)
    {
        ThrowIfInvalid(StatusCodeErrors(statusCode));
        ApiGatewayException.ThrowIfNullItem(input.ResponseModels?.Values, "putMethodResponseInput.responseModels");
        var method = Get(api, resourceId, httpMethod);
        var response = new MethodResponse
        {
            StatusCode = statusCode,
            ResponseParameters = input.ResponseParameters ?? [],
            ResponseModels = input.ResponseModels ?? [],
        };
        CheckResponse(response);
        (method.MethodResponses ??= [])[statusCode] = response;
        return response;
    }

    public static void DeleteResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode)
    {
        GetResponse(api, resourceId, httpMethod, statusCode);
        var method = Get(api, resourceId, httpMethod);
        method.MethodResponses!.Remove(statusCode);
        method.MethodResponses = method.MethodResponses.Count == 0 ? null : method.MethodResponses;
    }

    public static MethodResponse UpdateResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode, IReadOnlyList<PatchOperation>? operations)
    {
        var operationsChecked = PatchTable.Parse(operations, "updateMethodResponseInput", StatusCodeErrors(statusCode));
        var response = Get(api, resourceId, httpMethod).MethodResponses?.GetValueOrDefault(statusCode) ?? throw ApiGatewayException.StatusCodeNotFound();
        foreach (var (verb, op) in operationsChecked)
        {
            ResponsePatches.Apply(response, verb, op);
        }

        CheckResponse(response);
        response.ResponseParameters = response.ResponseParameters is { Count: 0 } ? null : response.ResponseParameters;
        response.ResponseModels = response.ResponseModels is { Count: 0 } ? null : response.ResponseModels;
        return response;
    }

    /// <summary>A status code path parameter's model constraint, as a validation clause (empty when valid).</summary>
    public static List<string> StatusCodeErrors(string statusCode) =>
        StatusCode().IsMatch(statusCode) ? [] : [$"Value '{statusCode}' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"];

    public static void ThrowIfInvalid(List<string> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiGatewayException.Validation(errors);
        }
    }

    /// <summary>AWS's wording for a request or response parameter name or value it does not understand.</summary>
    public static ApiGatewayException InvalidMapping(string expression) =>
        ApiGatewayException.BadRequest($"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: {expression}]");

    private static string AuthorizationType(string? value) =>
        AuthorizationTypes.FirstOrDefault(t => string.Equals(t, value, StringComparison.OrdinalIgnoreCase))
        ?? throw ApiGatewayException.BadRequest("Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS");

    // The state after a put or a patch: authorizer, parameters, models, validator.
    private static void Check(RestApiDefinition api, Method method)
    {
        if (method.AuthorizationType is "CUSTOM" or "COGNITO_USER_POOLS")
        {
            var authorizer = method.AuthorizerId is null ? null : api.Authorizer(method.AuthorizerId);
            var matches = method.AuthorizationType == "COGNITO_USER_POOLS" ? authorizer?.Type == "COGNITO_USER_POOLS" : authorizer?.Type is "TOKEN" or "REQUEST";
            if (!matches)
            {
                throw ApiGatewayException.BadRequest(
                    "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.");
            }
        }
        else
        {
            method.AuthorizerId = null;
        }

        if (method.RequestParameters is { } parameters)
        {
            foreach (var name in parameters.Keys.Where(k => !RequestParameter().IsMatch(k)))
            {
                throw InvalidMapping(name);
            }

            if (parameters.Keys.Select(k => k[(k.LastIndexOf('.') + 1)..]).Distinct(StringComparer.Ordinal).Count() != parameters.Count)
            {
                throw ApiGatewayException.BadRequest("Parameter names must be unique across querystring, header and path");
            }
        }

        CheckModels(method.RequestModels);
        if (method.RequestValidatorId is not null)
        {
            throw ApiGatewayException.BadRequest("Invalid Request Validator identifier specified");
        }

        method.RequestParameters = method.RequestParameters is { Count: 0 } ? null : method.RequestParameters;
        method.RequestModels = method.RequestModels is { Count: 0 } ? null : method.RequestModels;
        method.AuthorizationScopes = method.AuthorizationScopes is { Count: 0 } ? null : method.AuthorizationScopes;
    }

    private static void CheckResponse(MethodResponse response)
    {
        foreach (var name in response.ResponseParameters?.Keys.Where(k => !ResponseParameter().IsMatch(k)) ?? [])
        {
            throw InvalidMapping(name);
        }

        CheckModels(response.ResponseModels);
    }

    private static void CheckModels(Dictionary<string, string>? models)
    {
        foreach (var (contentType, model) in models ?? [])
        {
            Integrations.CheckContentType(contentType);
            if (!DefaultModels.Contains(model))
            {
                throw ApiGatewayException.BadRequest($"Invalid model identifier specified: {model}");
            }
        }
    }

    private static void PatchScope(Method method, PatchVerb op, string? scope)
    {
        var scopes = method.AuthorizationScopes ??= [];
        if (op == PatchVerb.Add && !string.IsNullOrEmpty(scope) && !scopes.Contains(scope))
        {
            scopes.Add(scope);
        }
        else if (op == PatchVerb.Remove)
        {
            _ = scope is null ? scopes.RemoveAll(_ => true) : scopes.RemoveAll(s => s == scope);
        }
    }

    private static void PatchGroup(Method method, PatchVerb op, string? group)
    {
        var groups = method.AuthorizationGroups ??= [];
        if (op == PatchVerb.Add && !string.IsNullOrEmpty(group) && !groups.Contains(group))
        {
            groups.Add(group);
        }
        else if (op == PatchVerb.Remove)
        {
            _ = group is null ? groups.RemoveAll(_ => true) : groups.RemoveAll(g => g == group);
        }

        method.AuthorizationGroups = groups.Count == 0 ? null : groups;
    }

    private static void PatchResponseParameter(MethodResponse response, PatchVerb op, string name, string? value)
    {
        var parameters = response.ResponseParameters ??= [];
        if (op != PatchVerb.Add && !parameters.ContainsKey(name))
        {
            throw ApiGatewayException.NotFound("Invalid parameter name specified");
        }

        Maps.Patch(parameters, op, name, PatchTable.Bool(value));
    }

    private static void PatchResponseModel(MethodResponse response, PatchVerb op, string contentType, string? value)
    {
        var models = response.ResponseModels ??= [];
        if (op != PatchVerb.Add && !models.ContainsKey(contentType))
        {
            throw ApiGatewayException.NotFound("Content-Type specified was not found");
        }

        Maps.Patch(models, op, contentType, value ?? "");
    }

    [GeneratedRegex("^[1-5][0-9][0-9]$")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.[^\s]+$")]
    private static partial Regex RequestParameter();

    [GeneratedRegex(@"^method\.response\.header\.[^\s]+$")]
    private static partial Regex ResponseParameter();
}

/// <summary>Map edits shared by the patch tables.</summary>
internal static class Maps
{
    public static void Patch<TValue>(Dictionary<string, TValue> map, PatchVerb op, string key, TValue value)
    {
        if (op == PatchVerb.Remove)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = value;
        }
    }
}
