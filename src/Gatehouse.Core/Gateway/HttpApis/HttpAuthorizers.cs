namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>
/// The rules of HTTP API authorizers: <c>JWT</c> with an issuer URL and at least one audience, its token in a request
/// header; <c>REQUEST</c> (Lambda) with an authorizer URI and payload format, its identity sources optional unless
/// results are cached. An authorizer a route uses cannot be deleted.
/// </summary>
public static class HttpAuthorizers
{
    public static HttpAuthorizer Get(HttpApiDefinition api, string authorizerId) =>
        api.Authorizer(authorizerId) ?? throw HttpApiErrors.AuthorizerNotFound(authorizerId);

    public static HttpAuthorizer Create(HttpApiDefinition api, HttpAuthorizer input, IdGenerator ids)
    {
        HttpApiErrors.Require(input.Name, "name");
        HttpApiErrors.Require(input.AuthorizerType, "authorizerType");
        if (input.AuthorizerType != "REQUEST")
        {
            HttpApiErrors.Require(input.IdentitySource, "identitySource");
        }

        var authorizer = new HttpAuthorizer
        {
            AuthorizerId = HttpRoutes.NewChildId(api, ids),
            Name = input.Name,
            AuthorizerType = input.AuthorizerType,
            IdentitySource = input.IdentitySource ?? (input.AuthorizerType == "REQUEST" ? [] : null),
            IdentityValidationExpression = input.IdentityValidationExpression,
            JwtConfiguration = input.JwtConfiguration,
            AuthorizerUri = input.AuthorizerUri,
            AuthorizerCredentialsArn = input.AuthorizerCredentialsArn,
            AuthorizerPayloadFormatVersion = input.AuthorizerPayloadFormatVersion,
            AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? (input.AuthorizerType == "REQUEST" ? 0 : null),
            EnableSimpleResponses = input.EnableSimpleResponses,
        };
        Check(api, authorizer);
        api.Authorizers.Add(authorizer);
        return authorizer;
    }

    /// <summary>Applies <c>UpdateAuthorizer</c>: the members given replace the authorizer's (a JWT configuration member by member).</summary>
    public static HttpAuthorizer Update(HttpApiDefinition api, string authorizerId, HttpAuthorizer input)
    {
        var current = Get(api, authorizerId);
        var jwt = current.JwtConfiguration;
        if (input.JwtConfiguration is { } given)
        {
            jwt = new JwtConfiguration { Issuer = given.Issuer ?? jwt?.Issuer, Audience = given.Audience ?? jwt?.Audience };
        }

        var updated = new HttpAuthorizer
        {
            AuthorizerId = current.AuthorizerId,
            Name = input.Name ?? current.Name,
            AuthorizerType = input.AuthorizerType ?? current.AuthorizerType,
            IdentitySource = input.IdentitySource ?? current.IdentitySource,
            IdentityValidationExpression = input.IdentityValidationExpression ?? current.IdentityValidationExpression,
            JwtConfiguration = jwt,
            AuthorizerUri = input.AuthorizerUri ?? current.AuthorizerUri,
            AuthorizerCredentialsArn = input.AuthorizerCredentialsArn ?? current.AuthorizerCredentialsArn,
            AuthorizerPayloadFormatVersion = input.AuthorizerPayloadFormatVersion ?? current.AuthorizerPayloadFormatVersion,
            AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? current.AuthorizerResultTtlInSeconds,
            EnableSimpleResponses = input.EnableSimpleResponses ?? current.EnableSimpleResponses,
        };
        Check(api, updated);
        var type = updated.AuthorizerType == "JWT" ? "JWT" : "CUSTOM";
        if (api.Routes.Find(r => r.AuthorizerId == authorizerId && r.AuthorizationType != type) is { } route)
        {
            throw ApiGatewayException.BadRequest($"Authorizer {authorizerId} is used by route {route.RouteId} with authorizationType {route.AuthorizationType}; its type cannot change.");
        }

        api.Authorizers[api.Authorizers.IndexOf(current)] = updated;
        return updated;
    }

    /// <summary>Deletes the authorizer unless a route uses it (<c>ConflictException</c>).</summary>
    public static void Delete(HttpApiDefinition api, string authorizerId)
    {
        var authorizer = Get(api, authorizerId);
        if (api.Routes.Find(r => r.AuthorizerId == authorizerId) is { } route)
        {
            throw ApiGatewayException.Conflict($"Authorizer {authorizerId} is in use by route {route.RouteId} ({route.RouteKey}); change the route's authorization or delete the route first.");
        }

        api.Authorizers.Remove(authorizer);
    }

    private static void Check(HttpApiDefinition api, HttpAuthorizer authorizer)
    {
        HttpApiErrors.RequireOneOf(authorizer.AuthorizerType, "authorizerType", "REQUEST", "JWT");
        HttpApiErrors.RequireNoNulls(authorizer.IdentitySource, "identitySource");
        if (api.Authorizers.Any(a => a.Name == authorizer.Name && a.AuthorizerId != authorizer.AuthorizerId))
        {
            throw ApiGatewayException.Conflict($"Authorizer with name {authorizer.Name} already exists for this API");
        }

        foreach (var source in authorizer.IdentitySource ?? [])
        {
            if (!(source.StartsWith("$request.", StringComparison.Ordinal) || source.StartsWith("$context.", StringComparison.Ordinal) || source.StartsWith("$stageVariables.", StringComparison.Ordinal)))
            {
                throw ApiGatewayException.BadRequest($"Invalid identity source {source}: it must be a $request, $context or $stageVariables selection expression.");
            }
        }

        if (authorizer.AuthorizerResultTtlInSeconds is < 0 or > 3600)
        {
            throw ApiGatewayException.BadRequest("Invalid authorizerResultTtlInSeconds: it must be between 0 and 3600.");
        }

        if (authorizer.AuthorizerType == "JWT")
        {
            if (authorizer.IdentitySource is not [var header] || !header.StartsWith("$request.header.", StringComparison.Ordinal) || header.Length == "$request.header.".Length)
            {
                throw ApiGatewayException.BadRequest("A JWT authorizer takes exactly one identity source, a request header such as $request.header.Authorization.");
            }

            var jwt = authorizer.JwtConfiguration ?? throw ApiGatewayException.BadRequest("A JWT authorizer needs a jwtConfiguration.");
            HttpApiErrors.Require(jwt.Issuer, "jwtConfiguration.issuer");
            if (!Uri.TryCreate(jwt.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
            {
                throw ApiGatewayException.BadRequest($"Invalid issuer {jwt.Issuer}: it must be an https URL.");
            }

            HttpApiErrors.RequireNoNulls(jwt.Audience, "jwtConfiguration.audience");
            if (jwt.Audience is not { Count: > 0 })
            {
                throw ApiGatewayException.BadRequest("A JWT authorizer needs at least one audience in jwtConfiguration.audience.");
            }

            if (authorizer.AuthorizerUri is not null || authorizer.AuthorizerPayloadFormatVersion is not null)
            {
                throw ApiGatewayException.BadRequest("authorizerUri and authorizerPayloadFormatVersion apply only to REQUEST authorizers.");
            }
        }
        else
        {
            if (authorizer.AuthorizerResultTtlInSeconds > 0 && authorizer.IdentitySource is not { Count: > 0 })
            {
                throw ApiGatewayException.BadRequest("Identity source must be specified to enable caching: set identitySource or set authorizerResultTtlInSeconds to 0.");
            }

            HttpApiErrors.Require(authorizer.AuthorizerUri, "authorizerUri");
            HttpApiErrors.Require(authorizer.AuthorizerPayloadFormatVersion, "authorizerPayloadFormatVersion");
            HttpApiErrors.RequireOneOf(authorizer.AuthorizerPayloadFormatVersion, "authorizerPayloadFormatVersion", "1.0", "2.0");
            if (authorizer.EnableSimpleResponses == true && authorizer.AuthorizerPayloadFormatVersion != "2.0")
            {
                throw ApiGatewayException.BadRequest("enableSimpleResponses requires authorizerPayloadFormatVersion 2.0.");
            }

            if (authorizer.JwtConfiguration is not null)
            {
                throw ApiGatewayException.BadRequest("jwtConfiguration applies only to JWT authorizers.");
            }
        }
    }
}
