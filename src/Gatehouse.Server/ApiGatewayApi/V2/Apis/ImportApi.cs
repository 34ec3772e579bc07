using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class ImportApi(ApiGatewayServices services) : HttpApiOperation<ImportApiInput, HttpApi>(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/v2/apis";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<ImportApiInput> RequestType => ApiGatewayV2Json.Default.ImportApiInput;

    protected override JsonTypeInfo<HttpApi> ResponseType => ApiGatewayV2Json.Default.HttpApi;

    protected override async Task<HttpApi?> HandleAsync(ImportApiInput request, ApiGatewayCall call)
    {
        HttpApiErrors.Require(request.Body, "body");
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        string id;
        do
        {
            id = Services.Ids.NewHttpApiId();
        }
        while (await HttpApiStore.FindAsync(session, id, call.CancellationToken).ConfigureAwait(false) is not null);

        var api = HttpApiOpenApi.Import(request.Body!, id, Services.Ids, Services.Now, HttpApiCalls.FailOnWarnings(call));
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false).ConfigureAwait(false);
        return api.Answer(call);
    }
}
