namespace Gatehouse.Core.Gateway.HttpApis;

/// <summary>The body of <c>CreateApi</c> and <c>UpdateApi</c>.</summary>
public sealed class HttpApiInput
{
    public string? ApiKeySelectionExpression { get; set; }
    public Cors? CorsConfiguration { get; set; }
    public string? CredentialsArn { get; set; }
    public string? Description { get; set; }
    public bool? DisableSchemaValidation { get; set; }
    public bool? DisableExecuteApiEndpoint { get; set; }
    public string? IpAddressType { get; set; }
    public string? Name { get; set; }
    public string? ProtocolType { get; set; }

    /// <summary>Quick create: the route key of the one route (default <c>$default</c>).</summary>
    public string? RouteKey { get; set; }
    public string? RouteSelectionExpression { get; set; }
    public Dictionary<string, string>? Tags { get; set; }

    /// <summary>Quick create: an HTTP URL (<c>HTTP_PROXY</c>) or a Lambda ARN (<c>AWS_PROXY</c>).</summary>
    public string? Target { get; set; }
    public string? Version { get; set; }
}

/// <summary>The rules of an HTTP API's own settings: creating (with quick create), updating, CORS.</summary>
public static class HttpApis
{
    public const string RouteSelection = "$request.method $request.path";
    public const string ApiKeySelection = "$request.header.x-api-key";
    public const string DefaultStage = "$default";

    /// <summary>
    /// A new API. With <see cref="HttpApiInput.Target"/> (quick create) it also gets an integration, a route
    /// (<see cref="HttpApiInput.RouteKey"/>, default <c>$default</c>) and an auto-deployed <c>$default</c> stage; the
    /// returned snapshot is that stage's first deployment.
    /// </summary>
    public static (HttpApiDefinition Api, HttpApiDeploymentSnapshot? Snapshot) Create(HttpApiInput input, IdGenerator ids, string apiId, DateTimeOffset now)
    {
        HttpApiErrors.Require(input.Name, "name");
        HttpApiErrors.Require(input.ProtocolType, "protocolType");
        if (input.ProtocolType == "WEBSOCKET")
        {
            throw ApiGatewayException.BadRequest("WebSocket APIs are not supported by Gatehouse; use protocolType HTTP.");
        }

        if (input.ProtocolType != "HTTP")
        {
            throw ApiGatewayException.BadRequest("Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]");
        }

        HttpApiErrors.RequireNoNulls(input.Tags?.Values, "tags");
        CheckSettings(input);
        if (input.RouteKey is not null && input.Target is null)
        {
            throw ApiGatewayException.BadRequest("RouteKey can only be specified together with Target (quick create).");
        }

        var api = new HttpApiDefinition
        {
            Api = new HttpApi
            {
                ApiId = apiId,
                ApiKeySelectionExpression = input.ApiKeySelectionExpression ?? ApiKeySelection,
                CorsConfiguration = CheckCors(input.CorsConfiguration),
                CreatedDate = now,
                Description = input.Description,
                DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? false,
                IpAddressType = input.IpAddressType ?? "ipv4",
                Name = input.Name,
                ProtocolType = "HTTP",
                RouteSelectionExpression = RouteSelection,
                Tags = input.Tags ?? [],
                Version = input.Version,
            },
        };

        if (input.Target is null)
        {
            return (api, null);
        }

        var integration = HttpIntegrations.Create(api, QuickIntegration(input.Target), ids);
        integration.ApiGatewayManaged = true;
        var route = HttpRoutes.Create(api, new HttpRoute { RouteKey = input.RouteKey ?? HttpRoutes.DefaultRouteKey, Target = HttpRoutes.TargetPrefix + integration.IntegrationId }, ids);
        route.ApiGatewayManaged = true;
        var stage = HttpStages.Create(api, new HttpStage { StageName = DefaultStage, AutoDeploy = true }, ids, now, out var snapshot);
        stage.ApiGatewayManaged = true;
        return (api, snapshot);
    }

    /// <summary>Applies <c>UpdateApi</c>: given members replace; for a quick-created API, target and route key update its managed integration and route.</summary>
    public static void Update(HttpApiDefinition api, HttpApiInput input)
    {
        if (input.ProtocolType is not null && input.ProtocolType != api.Api.ProtocolType)
        {
            throw ApiGatewayException.BadRequest("The protocol type of an API cannot be changed.");
        }

        if (input.Name is "")
        {
            throw ApiGatewayException.BadRequest("Invalid input: name must not be empty.");
        }

        CheckSettings(input);
        var settings = api.Api;
        settings.Name = input.Name ?? settings.Name;
        settings.Description = input.Description ?? settings.Description;
        settings.Version = input.Version ?? settings.Version;
        settings.ApiKeySelectionExpression = input.ApiKeySelectionExpression ?? settings.ApiKeySelectionExpression;
        settings.DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? settings.DisableExecuteApiEndpoint;
        settings.DisableSchemaValidation = input.DisableSchemaValidation ?? settings.DisableSchemaValidation;
        settings.IpAddressType = input.IpAddressType ?? settings.IpAddressType;
        if (input.CorsConfiguration is not null)
        {
            settings.CorsConfiguration = CheckCors(input.CorsConfiguration);
        }

        if (input.Target is null && input.RouteKey is null)
        {
            return;
        }

        var route = api.Routes.Find(r => r.ApiGatewayManaged == true)
            ?? throw ApiGatewayException.BadRequest("Target and RouteKey can only be updated on an API made by quick create.");
        if (input.Target is not null && route.IntegrationId is { } integrationId && api.Integration(integrationId) is { } integration)
        {
            var quick = QuickIntegration(input.Target);
            integration.IntegrationType = quick.IntegrationType;
            integration.IntegrationUri = quick.IntegrationUri;
            integration.IntegrationMethod = quick.IntegrationMethod;
            integration.PayloadFormatVersion = quick.PayloadFormatVersion;
        }

        if (input.RouteKey is not null)
        {
            HttpRoutes.Update(api, route.RouteId!, new HttpRoute { RouteKey = input.RouteKey });
        }
    }

    /// <summary>A CORS configuration as AWS accepts it; null stays null.</summary>
    public static Cors? CheckCors(Cors? cors)
    {
        if (cors is null)
        {
            return null;
        }

        HttpApiErrors.RequireNoNulls(cors.AllowOrigins, "corsConfiguration.allowOrigins");
        HttpApiErrors.RequireNoNulls(cors.AllowMethods, "corsConfiguration.allowMethods");
        HttpApiErrors.RequireNoNulls(cors.AllowHeaders, "corsConfiguration.allowHeaders");
        HttpApiErrors.RequireNoNulls(cors.ExposeHeaders, "corsConfiguration.exposeHeaders");
        if (cors.MaxAge is < -1 or > 86400)
        {
            throw ApiGatewayException.BadRequest("Invalid input: corsConfiguration.maxAge must be between -1 and 86400.");
        }

        if (cors.AllowCredentials == true && cors.AllowOrigins?.Contains("*") == true)
        {
            throw ApiGatewayException.BadRequest("allow-credentials is not supported when allow-origin is *.");
        }

        foreach (var method in cors.AllowMethods ?? [])
        {
            if (method != "*" && !HttpRoutes.Methods.Contains(method.ToUpperInvariant()))
            {
                throw ApiGatewayException.BadRequest($"Invalid CORS allowed method: {method}");
            }
        }

        return cors;
    }

    private static void CheckSettings(HttpApiInput input)
    {
        HttpApiErrors.RequireOneOf(input.IpAddressType, "ipAddressType", "ipv4", "dualstack");
        if (input.RouteSelectionExpression is { } selection && selection != RouteSelection)
        {
            throw ApiGatewayException.BadRequest($"Invalid route selection expression for an HTTP API: {selection}. Must be {RouteSelection}");
        }

        if (input.ApiKeySelectionExpression is { } keys && keys is not (ApiKeySelection or "$context.authorizer.usageIdentifierKey"))
        {
            throw ApiGatewayException.BadRequest($"Invalid API key selection expression: {keys}");
        }
    }

    private static HttpIntegration QuickIntegration(string target) =>
        target.StartsWith("arn:", StringComparison.Ordinal)
            ? new HttpIntegration { IntegrationType = "AWS_PROXY", IntegrationUri = target, PayloadFormatVersion = "2.0" }
            : new HttpIntegration { IntegrationType = "HTTP_PROXY", IntegrationUri = target, IntegrationMethod = "ANY", PayloadFormatVersion = "1.0" };
}
