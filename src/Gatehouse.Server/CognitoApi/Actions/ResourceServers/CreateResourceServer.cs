using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.ResourceServers;

internal sealed class CreateResourceServer(CognitoServices services) : CognitoAction<ResourceServerSettingsRequest, ResourceServerResponse>
{
    protected override JsonTypeInfo<ResourceServerSettingsRequest> RequestType => CreateResourceServerJson.Default.ResourceServerSettingsRequest;

    protected override JsonTypeInfo<ResourceServerResponse> ResponseType => CreateResourceServerJson.Default.ResourceServerResponse;

    protected override async Task<ResourceServerResponse> HandleAsync(ResourceServerSettingsRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        if (await Core.UserPools.ResourceServers.GetAsync(session, pool.Id, request.Identifier!, call.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw CognitoException.InvalidParameter($"{request.Identifier} already exists in user pool {pool.Id}.");
        }

        var server = request.ToResourceServer(pool.Id);
        await Core.UserPools.ResourceServers.SaveAsync(session, server, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new ResourceServerResponse { ResourceServer = server };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourceServerSettingsRequest))]
[JsonSerializable(typeof(ResourceServerResponse))]
internal sealed partial class CreateResourceServerJson : JsonSerializerContext;
