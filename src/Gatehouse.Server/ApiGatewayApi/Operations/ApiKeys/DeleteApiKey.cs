using Gatehouse.Core.Gateway.ApiKeys;

namespace Gatehouse.Server.ApiGatewayApi.Operations.ApiKeys;

/// <summary>Deletes the key and takes it out of every usage plan.</summary>
internal sealed class DeleteApiKey(ApiGatewayServices services) : ApiGatewayDeletion(services)
{
    public override string Route => "/apikeys/{api_Key}";

    protected override async Task DeleteAsync(ApiGatewayCall call)
    {
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var key = await KeyCalls.KeyAsync(session, call, "api_Key").ConfigureAwait(false);
        foreach (var plan in await ApiKeyStore.ListPlansAsync(session, call.CancellationToken).ConfigureAwait(false))
        {
            if (plan.KeyIds.Remove(key.Id!))
            {
                await ApiKeyStore.SavePlanAsync(session, plan, call.CancellationToken).ConfigureAwait(false);
            }
        }

        await ApiKeyStore.DeleteKeyAsync(session, key.Id!, call.CancellationToken).ConfigureAwait(false);
        await KeyCalls.CommitAsync(session, Services, call).ConfigureAwait(false);
    }
}
