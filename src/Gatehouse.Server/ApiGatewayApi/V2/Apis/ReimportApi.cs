using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

/// <summary>Replaces the API's routes, integrations, authorizers and CORS with the document's; stages stay (autoDeploy ones deploy it).</summary>
internal sealed class ReimportApi(ApiGatewayServices services) : HttpApiOperation<ImportApiInput, HttpApi>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/v2/apis/{apiId}";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<ImportApiInput> RequestType => ApiGatewayV2Json.Default.ImportApiInput;

    protected override JsonTypeInfo<HttpApi> ResponseType => ApiGatewayV2Json.Default.HttpApi;

    protected override async Task<HttpApi?> HandleAsync(ImportApiInput request, ApiGatewayCall call)
    {
        HttpApiErrors.Require(request.Body, "body");
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.HttpApiAsync(session, call).ConfigureAwait(false);
        var imported = HttpApiOpenApi.Import(request.Body!, api.Id, Services.Ids, Services.Now, HttpApiCalls.FailOnWarnings(call), api.Deployments);
        imported.Api.CreatedDate = api.Api.CreatedDate;
        imported.Api.Tags = api.Api.Tags;
        imported.Api.DisableExecuteApiEndpoint = api.Api.DisableExecuteApiEndpoint;
        imported.Stages = api.Stages;

        await Services.SaveHttpApiAsync(session, imported, call, redeploy: true).ConfigureAwait(false);
        return imported.Answer(call);
    }
}
