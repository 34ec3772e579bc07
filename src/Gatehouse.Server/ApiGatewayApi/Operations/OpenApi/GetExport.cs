using System.Globalization;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.OpenApi;

namespace Gatehouse.Server.ApiGatewayApi.Operations.OpenApi;

/// <summary>
/// GET <c>/restapis/{id}/stages/{stage}/exports/{oas30|swagger}</c>: the stage's deployment as an OpenAPI document,
/// JSON unless <c>Accept: application/yaml</c>, with the extensions the <c>extensions</c> parameter names.
/// </summary>
internal sealed class GetExport(ApiGatewayServices services) : ApiGatewayRawOperation(services)
{
    public override string HttpMethod => "GET";

    public override string Route => "/restapis/{restapi_id}/stages/{stage_name}/exports/{export_type}";

    protected override async Task<byte[]?> HandleAsync(ReadOnlyMemory<byte> body, ApiGatewayCall call)
    {
        var yaml = Yaml(call.Header("Accept"));
        var extensions = OpenApiExport.Extensions(call.Query("extensions"));
        await using var session = await Services.ReadAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var stage = Core.Gateway.Stages.Get(api, call.Uri("stage_name"));
        var snapshot = await RestApiStore.FindDeploymentAsync(session, api.Id, stage.DeploymentId!, call.CancellationToken).ConfigureAwait(false)
            ?? throw ApiGatewayException.DeploymentNotFound();
        var exportType = call.Uri("export_type");
        var document = OpenApiExport.Export(snapshot, stage, exportType, extensions, call.Region);
        var extension = yaml ? "yaml" : "json";
        call.ResponseContentType = yaml ? "application/yaml" : "application/json";
        var date = snapshot.Deployment.CreatedDate.GetValueOrDefault().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        call.ResponseHeaders["Content-Disposition"] = $"attachment; filename=\"{exportType}_{date}.{extension}\"";
        return yaml ? OpenApiText.ToYaml(document) : OpenApiText.ToJson(document);
    }

    // The first media type of the Accept list that names a format decides; none at all means JSON.
    private static bool Yaml(string? accept)
    {
        var types = (accept ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split(';', 2)[0].Trim()).ToList();
        foreach (var type in types)
        {
            switch (type)
            {
                case "application/yaml":
                    return true;
                case "application/json" or "*/*":
                    return false;
            }
        }

        return types.Count == 0 ? false : throw ApiGatewayException.BadRequest($"Unsupported accept type: {accept}. Valid options are application/json,application/yaml");
    }
}
