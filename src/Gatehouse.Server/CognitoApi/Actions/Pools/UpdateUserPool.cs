using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class UpdateUserPoolRequest : PoolSettingsRequest
{
    public string? UserPoolId { get; set; }
    public string? PoolName { get; set; }
}

/// <summary>
/// Replaces every updatable setting, as AWS does: what the request leaves out goes back to its default. Sign-in
/// attributes, schema and creation date cannot change here; the name changes only when PoolName is given.
/// </summary>
internal sealed class UpdateUserPool(CognitoServices services) : CognitoAction<UpdateUserPoolRequest, Empty>
{
    protected override JsonTypeInfo<UpdateUserPoolRequest> RequestType => UpdateUserPoolJson.Default.UpdateUserPoolRequest;

    protected override JsonTypeInfo<Empty> ResponseType => UpdateUserPoolJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(UpdateUserPoolRequest request, CognitoCall call)
    {
        UserPoolIdRequest.Validate(request.UserPoolId);
        if (request.PoolName is not null)
        {
            PoolSettings.ValidateName(request.PoolName, "poolName");
        }

        PoolSettings.Validate(request);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        pool.Name = request.PoolName ?? pool.Name;
        PoolSettings.Apply(pool, request);
        pool.LastModifiedDate = services.Now;
        await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UpdateUserPoolRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class UpdateUserPoolJson : JsonSerializerContext;
