namespace Gatehouse.Core.Gateway.Invocation;

/// <summary>
/// Checks every request and response mapping template of an API against the Velocity subset Gatehouse renders, so
/// an unsupported construct fails the deployment (BadRequestException naming the method and the construct) instead
/// of the requests that would use it.
/// </summary>
public static class TemplateValidation
{
    /// <summary>Throws <see cref="ApiGatewayException"/> BadRequestException for the first template that does not parse.</summary>
    public static void Check(RestApiDefinition api)
    {
        ArgumentNullException.ThrowIfNull(api);
        ResourceTree.ComputePaths(api);
        foreach (var resource in api.Resources)
        {
            foreach (var (verb, method) in resource.ResourceMethods ?? [])
            {
                if (method.MethodIntegration is not { } integration)
                {
                    continue;
                }

                foreach (var (contentType, template) in integration.RequestTemplates ?? [])
                {
                    CheckOne(template, $"the integration request template for {contentType} of {verb} {resource.Path}");
                }

                foreach (var (status, response) in integration.IntegrationResponses ?? [])
                {
                    foreach (var (contentType, template) in response.ResponseTemplates ?? [])
                    {
                        CheckOne(template, $"the integration response {status} template for {contentType} of {verb} {resource.Path}");
                    }
                }
            }
        }
    }

    private static void CheckOne(string? template, string where)
    {
        if (string.IsNullOrEmpty(template))
        {
            return;
        }

        try
        {
            VelocityTemplate.Parse(template);
        }
        catch (TemplateException e)
        {
            throw ApiGatewayException.BadRequest($"Invalid mapping template in {where}: {e.Message}");
        }
    }
}
