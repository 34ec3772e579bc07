using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// The rules of authorizers: a COGNITO_USER_POOLS authorizer names its pools by ARN and the header holding the token;
/// TOKEN and REQUEST authorizers name a Lambda function. An authorizer in use by a method cannot be deleted.
/// </summary>
public static partial class AuthorizerRules
{
    private const int MaxTtl = 3600;
    private static readonly string[] Types = ["TOKEN", "REQUEST", "COGNITO_USER_POOLS"];
    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] RemoveReplace = [PatchVerb.Remove, PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemove = [PatchVerb.Add, PatchVerb.Remove];

    private static readonly PatchTable<Authorizer> Patches = new PatchTable<Authorizer>()
        .Property("/name", Replace, (a, _, v) => a.Name = v, a => a.Name)
        .Property("/type", Replace, (a, _, v) => a.Type = Types.Contains(v) ? v : throw InvalidType(v))
        .Property("/authType", Replace, (a, _, v) => a.AuthType = v, a => a.AuthType)
        .Property("/authorizerUri", Replace, (a, _, v) => a.AuthorizerUri = v, a => a.AuthorizerUri)
        .Property("/authorizerCredentials", RemoveReplace, (a, op, v) => a.AuthorizerCredentials = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, a => a.AuthorizerCredentials)
        .Property("/identitySource", Replace, (a, _, v) => a.IdentitySource = string.IsNullOrEmpty(v) ? null : v, a => a.IdentitySource)
        .Property("/identityValidationExpression", RemoveReplace, (a, op, v) => a.IdentityValidationExpression = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, a => a.IdentityValidationExpression)
        .Property("/authorizerResultTtlInSeconds", Replace, (a, _, v) => a.AuthorizerResultTtlInSeconds = PatchTable.Int(v, "authorizerResultTtlInSeconds"))
        .Property("/providerARNs", AddRemove, (a, op, v) => PatchProvider(a, op, v))
        .Entry("/providerARNs", AddRemove, (a, op, k, _) => PatchProvider(a, op, k), rest: true);

    public static Authorizer Get(RestApiDefinition api, string authorizerId) =>
        api.Authorizer(authorizerId) ?? throw ApiGatewayException.AuthorizerNotFound();

    /// <summary>Adds an authorizer; <paramref name="input"/> is CreateAuthorizer's body.</summary>
    public static Authorizer Create(RestApiDefinition api, Authorizer input, IdGenerator ids)
    {
        ApiGatewayException.ThrowIfNull(input.Name, "createAuthorizerInput.name");
        ApiGatewayException.ThrowIfNull(input.Type, "createAuthorizerInput.type");
        ApiGatewayException.ThrowIfNullItem(input.ProviderARNs, "createAuthorizerInput.providerARNs");
        if (!Types.Contains(input.Type))
        {
            throw ApiGatewayException.Validation([ApiGatewayException.EnumClause(input.Type, "createAuthorizerInput.type", "TOKEN, REQUEST, COGNITO_USER_POOLS")]);
        }

        var authorizer = new Authorizer
        {
            Id = NewId(api, ids),
            Name = input.Name,
            Type = input.Type,
            ProviderARNs = input.ProviderARNs,
            AuthType = input.AuthType ?? (input.Type == "COGNITO_USER_POOLS" ? "cognito_user_pools" : "custom"),
            AuthorizerUri = input.AuthorizerUri,
            AuthorizerCredentials = input.AuthorizerCredentials,
            IdentitySource = input.IdentitySource,
            IdentityValidationExpression = input.IdentityValidationExpression,
            AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? (input.Type == "COGNITO_USER_POOLS" ? null : 300),
        };
        Check(authorizer);
        api.Authorizers.Add(authorizer);
        return authorizer;
    }

    public static Authorizer Update(RestApiDefinition api, string authorizerId, IReadOnlyList<PatchOperation>? operations)
    {
        var authorizer = Get(api, authorizerId);
        Patches.Apply(authorizer, operations, "updateAuthorizerInput");
        Check(authorizer);
        foreach (var method in MethodsUsing(api, authorizerId))
        {
            var fits = method.Method.AuthorizationType == "COGNITO_USER_POOLS" ? authorizer.Type == "COGNITO_USER_POOLS" : authorizer.Type is "TOKEN" or "REQUEST";
            if (!fits)
            {
                throw ApiGatewayException.BadRequest($"Authorizer type cannot be changed while it is referenced in method: {method.Path}/{method.Method.HttpMethod}");
            }
        }

        return authorizer;
    }

    public static void Delete(RestApiDefinition api, string authorizerId)
    {
        var authorizer = Get(api, authorizerId);
        if (MethodsUsing(api, authorizerId).FirstOrDefault() is { Method: { } method, Path: var path })
        {
            throw ApiGatewayException.Conflict($"Cannot delete authorizer '{authorizer.Name}', is referenced in method: {path}/{method.HttpMethod}");
        }

        api.Authorizers.Remove(authorizer);
    }

    /// <summary>The pool id of a <c>arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}</c> provider ARN, or null.</summary>
    public static string? PoolIdOf(string providerArn) =>
        ProviderArn().Match(providerArn) is { Success: true } match ? match.Groups["pool"].Value : null;

    private static IEnumerable<(Method Method, string Path)> MethodsUsing(RestApiDefinition api, string authorizerId) =>
        from resource in ResourceTree.Ordered(api)
        from method in resource.ResourceMethods?.Values ?? Enumerable.Empty<Method>()
        where method.AuthorizerId == authorizerId
        select (method, resource.Path!);

    private static void Check(Authorizer authorizer)
    {
        if (string.IsNullOrEmpty(authorizer.Name))
        {
            throw ApiGatewayException.BadRequest("Authorizer name must be non-empty");
        }

        if (authorizer.Type == "COGNITO_USER_POOLS")
        {
            if (authorizer.ProviderARNs is not { Count: > 0 } arns)
            {
                throw ApiGatewayException.BadRequest("ProviderARNs need to be specified for a COGNITO_USER_POOLS authorizer");
            }

            var invalid = arns.Where(a => PoolIdOf(a) is null).ToList();
            if (invalid.Count > 0)
            {
                throw ApiGatewayException.BadRequest($"ProviderARNs need to be valid Cognito Userpools. Invalid ARNs- {string.Join(", ", invalid)}");
            }
        }
        else if (string.IsNullOrEmpty(authorizer.AuthorizerUri))
        {
            throw ApiGatewayException.BadRequest($"Authorizer URI must be specified for a {authorizer.Type} authorizer");
        }

        if (authorizer.Type is "TOKEN" or "COGNITO_USER_POOLS")
        {
            if (authorizer.IdentitySource is null)
            {
                throw ApiGatewayException.BadRequest($"Identity source must be specified for a {authorizer.Type} authorizer");
            }

            if (!HeaderSource().IsMatch(authorizer.IdentitySource))
            {
                throw ApiGatewayException.BadRequest($"Invalid identity source specified: {authorizer.IdentitySource}. It must be a method request header, e.g. method.request.header.Authorization");
            }
        }

        if (authorizer.Type == "REQUEST")
        {
            var sources = (authorizer.IdentitySource ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (sources.Length == 0 && (authorizer.AuthorizerResultTtlInSeconds ?? 0) > 0)
            {
                throw ApiGatewayException.BadRequest("Identity source must be specified for a REQUEST authorizer when authorization caching is enabled");
            }

            if (sources.FirstOrDefault(s => !RequestSource().IsMatch(s)) is { } invalid)
            {
                throw ApiGatewayException.BadRequest($"Invalid identity source specified: {invalid}. It must be a method request header, query string, stage variable or context variable, e.g. method.request.header.Authorization");
            }
        }

        if (authorizer.IdentityValidationExpression is { } expression && !IsRegex(expression))
        {
            throw ApiGatewayException.BadRequest($"Invalid identity validation expression specified: {expression}");
        }

        if (authorizer.AuthorizerResultTtlInSeconds is < 0 or > MaxTtl)
        {
            throw ApiGatewayException.BadRequest($"Invalid authorizer result TTL specified. Must be between 0 and {MaxTtl} seconds");
        }
    }

    private static bool IsRegex(string expression)
    {
        try
        {
            _ = new Regex(expression, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ApiGatewayException InvalidType(string? type) =>
        ApiGatewayException.BadRequest($"Invalid authorizer type specified: {type}. Valid options are TOKEN,REQUEST,COGNITO_USER_POOLS");

    private static void PatchProvider(Authorizer authorizer, PatchVerb op, string? arn)
    {
        if (string.IsNullOrEmpty(arn))
        {
            throw ApiGatewayException.BadRequest("Invalid null or empty value in providerARNs");
        }

        var arns = authorizer.ProviderARNs ??= [];
        if (op == PatchVerb.Add && !arns.Contains(arn))
        {
            arns.Add(arn);
        }
        else if (op == PatchVerb.Remove)
        {
            arns.Remove(arn);
        }
    }

    private static string NewId(RestApiDefinition api, IdGenerator ids)
    {
        string id;
        do
        {
            id = ids.NewGatewayChildId();
        }
        while (api.Authorizer(id) is not null);

        return id;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/(?<pool>[\w-]+_[0-9a-zA-Z]+)$")]
    private static partial Regex ProviderArn();

    [GeneratedRegex(@"^method\.request\.header\.[^\s,]+$")]
    private static partial Regex HeaderSource();

    [GeneratedRegex(@"^(method\.request\.(header|querystring)|stageVariables|context)\.[^\s,]+$")]
    private static partial Regex RequestSource();
}
