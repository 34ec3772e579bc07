using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class CreateUsagePlanKey(ApiGatewayServices services) : ApiGatewayOperation<CreateUsagePlanKeyInput, UsagePlanKey>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/usageplans/{usageplanId}/keys";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<CreateUsagePlanKeyInput> RequestType => ApiKeyWireJson.Default.CreateUsagePlanKeyInput;

    protected override JsonTypeInfo<UsagePlanKey> ResponseType => ApiKeyWireJson.Default.UsagePlanKey;

    protected override async Task<UsagePlanKey?> HandleAsync(CreateUsagePlanKeyInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var plan = await KeyCalls.PlanAsync(session, call).ConfigureAwait(false);
        var key = await Core.Gateway.ApiKeys.UsagePlans.AddKeyAsync(session, plan, request, call.CancellationToken).ConfigureAwait(false);
        await ApiKeyStore.SavePlanAsync(session, plan, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
        return key;
    }
}
