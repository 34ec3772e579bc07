using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// The rules of integrations and integration responses: the type's required fields (verb and URI for HTTP and AWS
/// types), AWS's defaults (passthrough WHEN_NO_MATCH, 29 s timeout, the resource as cache namespace), and valid
/// mapping keys and content types.
/// </summary>
public static partial class Integrations
{
    private const int MaxTimeout = 29000;
    private static readonly string[] Types = ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"];
    private static readonly string[] Passthroughs = ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"];
    private static readonly string[] ContentHandlings = ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"];
    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] RemoveReplace = [PatchVerb.Remove, PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemove = [PatchVerb.Add, PatchVerb.Remove];
    private static readonly PatchVerb[] AddRemoveReplace = [PatchVerb.Add, PatchVerb.Remove, PatchVerb.Replace];

    private static readonly PatchTable<Integration> Patches = new PatchTable<Integration>()
        .Property("/uri", Replace, (i, _, v) => i.Uri = v, i => i.Uri)
        .Property("/httpMethod", Replace, (i, _, v) => i.HttpMethod = v, i => i.HttpMethod)
        .Property("/credentials", [PatchVerb.Add, PatchVerb.Remove, PatchVerb.Replace], (i, op, v) => i.Credentials = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, i => i.Credentials)
        .Property("/passthroughBehavior", Replace, (i, _, v) => i.PassthroughBehavior = v, i => i.PassthroughBehavior)
        .Property("/contentHandling", RemoveReplace, (i, op, v) => i.ContentHandling = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, i => i.ContentHandling)
        .Property("/timeoutInMillis", Replace, (i, _, v) => i.TimeoutInMillis = PatchTable.Int(v, "timeoutInMillis"))
        .Property("/cacheNamespace", Replace, (i, _, v) => i.CacheNamespace = v, i => i.CacheNamespace)
        .Property("/connectionType", Replace, (i, _, v) => i.ConnectionType = v, i => i.ConnectionType)
        .Property("/connectionId", RemoveReplace, (i, op, v) => i.ConnectionId = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, i => i.ConnectionId)
        .Property("/tlsConfig/insecureSkipVerification", Replace, (i, _, v) => i.TlsConfig = new TlsConfig { InsecureSkipVerification = PatchTable.Bool(v) })
        .Property("/responseTransferMode", Replace, (i, _, v) => i.ResponseTransferMode = v, i => i.ResponseTransferMode)
        .Entry("/cacheKeyParameters", AddRemove, PatchCacheKey)
        .Entry("/requestParameters", AddRemoveReplace, (i, op, k, v) => Maps.Patch(i.RequestParameters ??= [], op, k, v ?? ""), (i, k) => i.RequestParameters?.GetValueOrDefault(k))
        .Entry("/requestTemplates", AddRemoveReplace, (i, op, k, v) => Maps.Patch(i.RequestTemplates ??= [], op, k, v), (i, k) => i.RequestTemplates?.GetValueOrDefault(k));

    private static readonly PatchTable<IntegrationResponse> ResponsePatches = new PatchTable<IntegrationResponse>()
        .Property("/selectionPattern", Replace, (r, _, v) => r.SelectionPattern = v, r => r.SelectionPattern)
        .Property("/contentHandling", RemoveReplace, (r, op, v) => r.ContentHandling = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, r => r.ContentHandling)
        .Entry("/responseParameters", AddRemoveReplace, (r, op, k, v) => Maps.Patch(r.ResponseParameters ??= [], op, k, v ?? ""), (r, k) => r.ResponseParameters?.GetValueOrDefault(k))
        .Entry("/responseTemplates", AddRemoveReplace, (r, op, k, v) => Maps.Patch(r.ResponseTemplates ??= [], op, k, v), (r, k) => r.ResponseTemplates?.GetValueOrDefault(k));

    public static Integration Get(RestApiDefinition? api, string resourceId, string httpMethod) =>
        Methods.Get(api, resourceId, httpMethod).MethodIntegration ?? throw ApiGatewayException.IntegrationNotFound();

    /// <summary>Sets (or replaces) the method's integration; <paramref name="input"/> is PutIntegration's body.</summary>
    public static Integration Put(RestApiDefinition? api, string resourceId, string httpMethod, Integration input)
    {
        ApiGatewayException.ThrowIfNull(input.Type, "putIntegrationInput.type");
        ApiGatewayException.ThrowIfNullItem(input.CacheKeyParameters, "putIntegrationInput.cacheKeyParameters");
        if (!Types.Contains(input.Type))
        {
            throw ApiGatewayException.Validation([ApiGatewayException.EnumClause(input.Type, "putIntegrationInput.type", "HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS")]);
        }

        var method = Methods.Get(api, resourceId, httpMethod);
        var integration = new Integration
        {
            Type = input.Type,
            HttpMethod = input.HttpMethod,
            Uri = input.Uri,
            ConnectionType = input.ConnectionType ?? (input.Type is "HTTP" or "HTTP_PROXY" ? "INTERNET" : null),
            ConnectionId = input.ConnectionId,
            Credentials = input.Credentials,
            RequestParameters = input.RequestParameters,
            RequestTemplates = input.RequestTemplates,
            PassthroughBehavior = input.PassthroughBehavior ?? "WHEN_NO_MATCH",
            ContentHandling = input.ContentHandling,
            TimeoutInMillis = input.TimeoutInMillis ?? MaxTimeout,
            CacheNamespace = input.CacheNamespace ?? resourceId,
            CacheKeyParameters = input.CacheKeyParameters ?? [],
            TlsConfig = input.TlsConfig,
            ResponseTransferMode = input.ResponseTransferMode,
            IntegrationTarget = input.IntegrationTarget,
        };
        Check(integration);
        method.MethodIntegration = integration;
        return integration;
    }

    public static void Delete(RestApiDefinition? api, string resourceId, string httpMethod)
    {
        Get(api, resourceId, httpMethod);
        Methods.Get(api, resourceId, httpMethod).MethodIntegration = null;
    }

    public static Integration Update(RestApiDefinition? api, string resourceId, string httpMethod, IReadOnlyList<PatchOperation>? operations)
    {
        var integration = Get(api, resourceId, httpMethod);
        Patches.Apply(integration, operations, "updateIntegrationInput");
        Check(integration);
        integration.RequestParameters = integration.RequestParameters is { Count: 0 } ? null : integration.RequestParameters;
        integration.RequestTemplates = integration.RequestTemplates is { Count: 0 } ? null : integration.RequestTemplates;
        return integration;
    }

    public static IntegrationResponse GetResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode)
    {
        Methods.ThrowIfInvalid(Methods.StatusCodeErrors(statusCode));
        return OwnerOfResponses(api, resourceId, httpMethod).IntegrationResponses?.GetValueOrDefault(statusCode) ?? throw ApiGatewayException.StatusCodeNotFound();
    }

    /// <summary>Adds or replaces an integration response; <paramref name="input"/> is PutIntegrationResponse's body.</summary>
    public static IntegrationResponse PutResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode, IntegrationResponse input)
    {
        Methods.ThrowIfInvalid(Methods.StatusCodeErrors(statusCode));
        var integration = Methods.Get(api, resourceId, httpMethod).MethodIntegration ?? throw ApiGatewayException.IntegrationNotFound();
        var response = new IntegrationResponse
        {
            StatusCode = statusCode,
            SelectionPattern = input.SelectionPattern,
            ResponseParameters = input.ResponseParameters,
            ResponseTemplates = input.ResponseTemplates,
            ContentHandling = input.ContentHandling,
        };
        CheckResponse(response);
        (integration.IntegrationResponses ??= [])[statusCode] = response;
        return response;
    }

    public static void DeleteResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode)
    {
        GetResponse(api, resourceId, httpMethod, statusCode);
        var integration = OwnerOfResponses(api, resourceId, httpMethod);
        integration.IntegrationResponses!.Remove(statusCode);
        integration.IntegrationResponses = integration.IntegrationResponses.Count == 0 ? null : integration.IntegrationResponses;
    }

    public static IntegrationResponse UpdateResponse(RestApiDefinition? api, string resourceId, string httpMethod, string statusCode, IReadOnlyList<PatchOperation>? operations)
    {
        var operationsChecked = PatchTable.Parse(operations, "updateIntegrationResponseInput", Methods.StatusCodeErrors(statusCode));
        var response = GetResponse(api, resourceId, httpMethod, statusCode);
        foreach (var (verb, op) in operationsChecked)
        {
            ResponsePatches.Apply(response, verb, op);
        }

        CheckResponse(response);
        return response;
    }

    /// <summary>A media type key of a template or model map, as AWS checks it.</summary>
    public static void CheckContentType(string contentType)
    {
        if (!ContentType().IsMatch(contentType))
        {
            throw ApiGatewayException.BadRequest($"Validation Result: warnings : [], errors : [Invalid content type specified: {contentType}]");
        }
    }

    // Reading or deleting an integration response of a method without an integration names the integration.
    private static Integration OwnerOfResponses(RestApiDefinition? api, string resourceId, string httpMethod)
    {
        var resource = ResourceTree.Get(api, resourceId);
        return resource.ResourceMethods?.GetValueOrDefault(httpMethod)?.MethodIntegration ?? throw ApiGatewayException.IntegrationNotFound();
    }

    private static void Check(Integration integration)
    {
        if (integration.Type is not "MOCK")
        {
            if (string.IsNullOrEmpty(integration.HttpMethod))
            {
                throw ApiGatewayException.BadRequest("Enumeration value for HttpMethod must be non-empty");
            }

            if (!Methods.Verbs.Contains(integration.HttpMethod))
            {
                throw ApiGatewayException.BadRequest("Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY");
            }
        }

        switch (integration.Type)
        {
            case "HTTP" or "HTTP_PROXY" when !IsHttpUri(integration.Uri):
                throw ApiGatewayException.BadRequest("Invalid HTTP endpoint specified for URI");
            case "AWS" or "AWS_PROXY" when integration.Uri is null || !integration.Uri.StartsWith("arn:", StringComparison.Ordinal):
                throw ApiGatewayException.BadRequest("Invalid ARN specified in the request");
            case "AWS_PROXY" when !integration.Uri!.Contains(":lambda:", StringComparison.Ordinal) && !integration.Uri.Contains(":firehose:", StringComparison.Ordinal):
                throw ApiGatewayException.BadRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.");
        }

        if (!Passthroughs.Contains(integration.PassthroughBehavior))
        {
            throw ApiGatewayException.BadRequest("Invalid passthrough behavior specified. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER");
        }

        if (integration.TimeoutInMillis is < 50 or > MaxTimeout)
        {
            throw ApiGatewayException.BadRequest($"Timeout should be between 50 ms and {MaxTimeout} ms");
        }

        if (integration.ContentHandling is { } handling && !ContentHandlings.Contains(handling))
        {
            throw ApiGatewayException.BadRequest("Invalid content handling specified. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT");
        }

        if (integration.ConnectionType is { } connection && connection is not ("INTERNET" or "VPC_LINK"))
        {
            throw ApiGatewayException.BadRequest("Invalid connection type specified. Valid options are INTERNET,VPC_LINK");
        }

        foreach (var (name, value) in integration.RequestParameters ?? [])
        {
            if (!IntegrationParameter().IsMatch(name) || string.IsNullOrEmpty(value))
            {
                throw Methods.InvalidMapping(IntegrationParameter().IsMatch(name) ? value ?? "null" : name);
            }
        }

        foreach (var contentType in integration.RequestTemplates?.Keys ?? Enumerable.Empty<string>())
        {
            CheckContentType(contentType);
        }
    }

    private static void CheckResponse(IntegrationResponse response)
    {
        foreach (var (name, value) in response.ResponseParameters ?? [])
        {
            var validName = name.StartsWith("method.response.header.", StringComparison.Ordinal) && name.Length > "method.response.header.".Length;
            if (!validName || string.IsNullOrEmpty(value))
            {
                throw Methods.InvalidMapping(validName ? value ?? "null" : name);
            }
        }

        foreach (var contentType in response.ResponseTemplates?.Keys ?? Enumerable.Empty<string>())
        {
            CheckContentType(contentType);
        }

        if (response.ContentHandling is { } handling && !ContentHandlings.Contains(handling))
        {
            throw ApiGatewayException.BadRequest("Invalid content handling specified. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT");
        }
    }

    // Stage variables may stand for any part of the URI, so only the scheme is checked then.
    private static bool IsHttpUri(string? uri) =>
        uri is not null
        && (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && (uri.Contains("${stageVariables.", StringComparison.Ordinal) || Uri.TryCreate(uri.Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal), UriKind.Absolute, out _));

    private static void PatchCacheKey(Integration integration, PatchVerb op, string key, string? value)
    {
        var keys = integration.CacheKeyParameters ??= [];
        if (op == PatchVerb.Add && !keys.Contains(key))
        {
            keys.Add(key);
        }
        else if (op == PatchVerb.Remove)
        {
            keys.Remove(key);
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9!#$&^_.+-]+/[a-zA-Z0-9!#$&^_.+*-]+(;.*)?$")]
    private static partial Regex ContentType();

    [GeneratedRegex(@"^integration\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.[^\s]+$")]
    private static partial Regex IntegrationParameter();
}
