using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Gateway.ApiKeys;
using Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.UsagePlans;

internal sealed class CreateUsagePlan(ApiGatewayServices services) : ApiGatewayOperation<CreateUsagePlanInput, UsagePlan>(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/usageplans";

    public override int SuccessStatus => 201;

    protected override JsonTypeInfo<CreateUsagePlanInput> RequestType => ApiKeyWireJson.Default.CreateUsagePlanInput;

    protected override JsonTypeInfo<UsagePlan> ResponseType => ApiKeyWireJson.Default.UsagePlan;

    protected override async Task<UsagePlan?> HandleAsync(CreateUsagePlanInput request, ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var plan = await Core.Gateway.ApiKeys.UsagePlans.CreateAsync(session, request, Services.Ids, Services.AccountId, call.CancellationToken).ConfigureAwait(false);
        await ApiKeyStore.SavePlanAsync(session, plan, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
        return plan.Plan;
    }
}
