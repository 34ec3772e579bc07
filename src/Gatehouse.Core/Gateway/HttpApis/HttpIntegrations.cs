namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>
/// The rules of HTTP API integrations: <c>HTTP_PROXY</c> to an absolute http(s) URL with a method and payload
/// format 1.0, or <c>AWS_PROXY</c> (Lambda) with payload format 1.0 or 2.0; an integration a route targets cannot be
/// deleted.
/// </summary>
public static class HttpIntegrations
{
    public const int MaxTimeout = 30000;
    private static readonly string[] IntegrationMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

    public static HttpIntegration Get(HttpApiDefinition api, string integrationId) =>
        api.Integration(integrationId) ?? throw HttpApiErrors.IntegrationNotFound(integrationId);

    public static HttpIntegration Create(HttpApiDefinition api, HttpIntegration input, IdGenerator ids)
    {
        HttpApiErrors.Require(input.IntegrationType, "integrationType");
        var integration = new HttpIntegration
        {
            IntegrationId = HttpRoutes.NewChildId(api, ids),
            IntegrationType = input.IntegrationType,
            IntegrationUri = input.IntegrationUri,
            IntegrationMethod = input.IntegrationMethod,
            IntegrationSubtype = input.IntegrationSubtype,
            ConnectionType = input.ConnectionType ?? "INTERNET",
            ConnectionId = input.ConnectionId,
            CredentialsArn = input.CredentialsArn,
            Description = input.Description,
            PayloadFormatVersion = input.PayloadFormatVersion ?? (input.IntegrationType == "AWS_PROXY" ? "2.0" : "1.0"),
            RequestParameters = input.RequestParameters,
            ResponseParameters = input.ResponseParameters,
            TimeoutInMillis = input.TimeoutInMillis ?? MaxTimeout,
            TlsConfig = input.TlsConfig,
        };
        Check(integration);
        api.Integrations.Add(integration);
        return integration;
    }

    /// <summary>Applies <c>UpdateIntegration</c>: the members given replace the integration's.</summary>
    public static HttpIntegration Update(HttpApiDefinition api, string integrationId, HttpIntegration input)
    {
        var current = Get(api, integrationId);
        var type = input.IntegrationType ?? current.IntegrationType;
        var updated = new HttpIntegration
        {
            IntegrationId = current.IntegrationId,
            ApiGatewayManaged = current.ApiGatewayManaged,
            IntegrationType = type,
            IntegrationUri = input.IntegrationUri ?? current.IntegrationUri,
            IntegrationMethod = input.IntegrationMethod ?? current.IntegrationMethod,
            IntegrationSubtype = input.IntegrationSubtype ?? current.IntegrationSubtype,
            ConnectionType = input.ConnectionType ?? current.ConnectionType,
            ConnectionId = input.ConnectionId ?? current.ConnectionId,
            CredentialsArn = input.CredentialsArn ?? current.CredentialsArn,
            Description = input.Description ?? current.Description,
            PayloadFormatVersion = input.PayloadFormatVersion ?? current.PayloadFormatVersion,
            RequestParameters = input.RequestParameters ?? current.RequestParameters,
            ResponseParameters = input.ResponseParameters ?? current.ResponseParameters,
            TimeoutInMillis = input.TimeoutInMillis ?? current.TimeoutInMillis,
            TlsConfig = input.TlsConfig ?? current.TlsConfig,
        };
        Check(updated);
        api.Integrations[api.Integrations.IndexOf(current)] = updated;
        return updated;
    }

    /// <summary>Deletes the integration unless a route targets it (<c>ConflictException</c>).</summary>
    public static void Delete(HttpApiDefinition api, string integrationId)
    {
        var integration = Get(api, integrationId);
        if (api.Routes.Find(r => r.IntegrationId == integrationId) is { } route)
        {
            throw ApiGatewayException.Conflict($"Integration {integrationId} is in use by route {route.RouteId} ({route.RouteKey}); change the route's target or delete the route first.");
        }

        api.Integrations.Remove(integration);
    }

    private static void Check(HttpIntegration integration)
    {
        HttpApiErrors.RequireOneOf(integration.IntegrationType, "integrationType", "AWS", "HTTP", "MOCK", "HTTP_PROXY", "AWS_PROXY");
        if (integration.IntegrationType is not ("HTTP_PROXY" or "AWS_PROXY"))
        {
            throw ApiGatewayException.BadRequest($"Integration type {integration.IntegrationType} is not supported for HTTP APIs; use HTTP_PROXY or AWS_PROXY.");
        }

        HttpApiErrors.RequireOneOf(integration.ConnectionType, "connectionType", "INTERNET", "VPC_LINK");
        if (integration.ConnectionType == "VPC_LINK")
        {
            throw ApiGatewayException.BadRequest("VPC_LINK connections are not supported by Gatehouse.");
        }

        HttpApiErrors.RequireNoNulls(integration.RequestParameters?.Values, "requestParameters");
        HttpApiErrors.RequireNoNulls(integration.ResponseParameters?.Values, "responseParameters");
        HttpApiErrors.RequireNoNulls(integration.ResponseParameters?.Values.SelectMany(v => v?.Values ?? Enumerable.Empty<string>()), "responseParameters");
        if (integration.TimeoutInMillis is < 50 or > MaxTimeout)
        {
            throw ApiGatewayException.BadRequest($"Invalid timeoutInMillis: it must be between 50 and {MaxTimeout}.");
        }

        HttpApiErrors.Require(integration.IntegrationUri, "integrationUri");
        if (integration.IntegrationType == "HTTP_PROXY")
        {
            if (!Uri.TryCreate(integration.IntegrationUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw ApiGatewayException.BadRequest($"Invalid integration URI {integration.IntegrationUri}: an HTTP_PROXY integration needs an absolute http or https URL.");
            }

            HttpApiErrors.Require(integration.IntegrationMethod, "integrationMethod");
            HttpApiErrors.RequireOneOf(integration.IntegrationMethod, "integrationMethod", IntegrationMethods);
            if (integration.PayloadFormatVersion != "1.0")
            {
                throw ApiGatewayException.BadRequest($"Invalid payloadFormatVersion {integration.PayloadFormatVersion}: HTTP_PROXY integrations support only 1.0.");
            }
        }
        else
        {
            HttpApiErrors.RequireOneOf(integration.PayloadFormatVersion, "payloadFormatVersion", "1.0", "2.0");
            if (integration.IntegrationMethod is { } method)
            {
                HttpApiErrors.RequireOneOf(method, "integrationMethod", IntegrationMethods);
            }
        }
    }
}
