using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class DeleteUserPoolClient(CognitoServices services) : CognitoAction<ClientIdRequest, Empty>
{
    protected override JsonTypeInfo<ClientIdRequest> RequestType => DeleteUserPoolClientJson.Default.ClientIdRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteUserPoolClientJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(ClientIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        await session.DeleteClientAsync(client.ClientId, call.CancellationToken).ConfigureAwait(false);
        await Core.UserPools.UiCustomizations.DeleteAsync(session, pool.Id, client.ClientId, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(ClientIdRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteUserPoolClientJson : JsonSerializerContext;
