using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.ResourceServers;

internal sealed class DeleteResourceServer(CognitoServices services) : CognitoAction<ResourceServerRequest, Empty>
{
    protected override JsonTypeInfo<ResourceServerRequest> RequestType => DeleteResourceServerJson.Default.ResourceServerRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteResourceServerJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(ResourceServerRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        await ResourceServerRules.ResourceServerAsync(session, pool.Id, request.Identifier!, call).ConfigureAwait(false);
        await Core.UserPools.ResourceServers.DeleteAsync(session, pool.Id, request.Identifier!, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(ResourceServerRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteResourceServerJson : JsonSerializerContext;
