using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.HttpApis;

namespace Gatehouse.Server.ApiGatewayApi.V2.Apis;

internal sealed class CreateApi(ApiGatewayServices services) : HttpApiOperation<HttpApiInput, HttpApi>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/v2/apis";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<HttpApiInput> RequestType => ApiGatewayV2Json.Default.HttpApiInput;

    protected override JsonTypeInfo<HttpApi> ResponseType => ApiGatewayV2Json.Default.HttpApi;

    protected override async Task<HttpApi?> HandleAsync(HttpApiInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        string id;
        do
        {
            id = Services.Ids.NewHttpApiId();
        }
        while (await HttpApiStore.FindAsync(session, id, call.CancellationToken).ConfigureAwait(false) is not null);

        var (api, snapshot) = HttpApis.Create(request, Services.Ids, id, Services.Now);
        await Services.SaveHttpApiAsync(session, api, call, redeploy: false, snapshot).ConfigureAwait(false);
        return api.Answer(call);
    }
}
