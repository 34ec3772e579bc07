using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway;

namespace Gatehouse.Server.ApiGatewayApi.Operations.RestApis;

internal sealed class CreateRestApi(ApiGatewayServices services) : ApiGatewayOperation<CreateRestApiInput, RestApi>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<CreateRestApiInput> RequestType => ApiGatewayJson.Default.CreateRestApiInput;

    protected override JsonTypeInfo<RestApi> ResponseType => ApiGatewayJson.Default.RestApi;

    protected override async Task<RestApi?> HandleAsync(CreateRestApiInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        RestApiDefinition? source = null;
        if (!string.IsNullOrEmpty(request.CloneFrom))
        {
            source = await RestApiStore.FindAsync(session, request.CloneFrom, call.CancellationToken).ConfigureAwait(false)
                ?? throw ApiGatewayException.ApiNotFound(Services.AccountId, request.CloneFrom);
        }

        string id;
        do
        {
            id = Services.Ids.NewRestApiId();
        }
        while (await RestApiStore.FindAsync(session, id, call.CancellationToken).ConfigureAwait(false) is not null);

        var api = Core.Gateway.RestApis.Create(request, source, Services.Ids, id, Services.Now);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        return api.Api;
    }
}
