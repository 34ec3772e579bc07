using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class DeleteUserPool(CognitoServices services) : CognitoAction<UserPoolIdRequest, Empty>
{
    protected override JsonTypeInfo<UserPoolIdRequest> RequestType => DeleteUserPoolJson.Default.UserPoolIdRequest;

    protected override JsonTypeInfo<Empty> ResponseType => DeleteUserPoolJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(UserPoolIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        if (pool.DeletionProtectionActive)
        {
            throw CognitoException.InvalidParameter(
                "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.");
        }

        await session.DeletePoolAsync(pool.Id, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        services.Keys.Evict(pool.Id);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(UserPoolIdRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class DeleteUserPoolJson : JsonSerializerContext;
