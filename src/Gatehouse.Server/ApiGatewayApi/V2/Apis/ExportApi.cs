using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

/// <summary>The API as OpenAPI 3.0 (JSON or YAML), the raw document as the body, as <c>export-api</c> expects.</summary>
internal sealed class ExportApi(ApiGatewayServices services) : IApiGatewayOperation
{
    public string Name => nameof(ExportApi);

    public string Service => HttpApiCalls.Service;

    public string HttpMethod => "GET";

    public string Route => "/v2/apis/{apiId}/exports/{specification}";

    public int SuccessStatus => 200;

    public async Task<byte[]?> ExecuteAsync(ReadOnlyMemory<byte> body, ApiGatewayCall call)
    {
        if (call.Uri("specification") != "OAS30")
        {
            throw ApiGatewayException.BadRequest($"Invalid export specification {call.Uri("specification")}. Must be OAS30");
        }

        var outputType = call.Query("outputType");
        if (outputType is not ("JSON" or "YAML"))
        {
            throw ApiGatewayException.BadRequest($"Invalid outputType {outputType ?? "null"}. Must be one of [JSON, YAML]");
        }

        var includeExtensions = call.Query("includeExtensions") switch
        {
            null or "true" => true,
            "false" => false,
            var other => throw ApiGatewayException.BadRequest($"Invalid includeExtensions {other}: must be true or false."),
        };
        var stageName = call.Query("stageName");

        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var api = await services.HttpApiAsync(session, call).ConfigureAwait(false);
        var endpoint = call.ApiEndpoint(api.Id);
        System.Text.Json.Nodes.JsonObject document;
        if (string.IsNullOrEmpty(stageName))
        {
            document = HttpApiOpenApi.Export(api.Api, api.Routes, api.Integrations, api.Authorizers, endpoint, includeExtensions);
        }
        else
        {
            var stage = HttpStages.Get(api, stageName);
            var snapshot = stage.DeploymentId is { } deploymentId
                ? await HttpApiStore.FindDeploymentAsync(session, api.Id, deploymentId, call.CancellationToken).ConfigureAwait(false)
                : null;
            if (snapshot is null)
            {
                throw ApiGatewayException.BadRequest($"Stage {stageName} has no deployment to export.");
            }

            var url = stageName == HttpApis.DefaultStage ? endpoint : $"{endpoint}/{stageName}";
            document = HttpApiOpenApi.Export(snapshot.Api, snapshot.Routes, snapshot.Integrations, snapshot.Authorizers, url, includeExtensions);
        }

        return OpenApiText.Utf8(outputType == "JSON" ? OpenApiText.ToJson(document) : OpenApiText.ToYaml(document));
    }
}
