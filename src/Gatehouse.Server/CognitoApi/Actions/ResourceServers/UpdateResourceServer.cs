using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.ResourceServers;

/// <summary>Replaces the name and every scope, as AWS does: scopes left out of the request are gone.</summary>
internal sealed class UpdateResourceServer(CognitoServices services) : CognitoAction<ResourceServerSettingsRequest, ResourceServerResponse>
{
    protected override JsonTypeInfo<ResourceServerSettingsRequest> RequestType => UpdateResourceServerJson.Default.ResourceServerSettingsRequest;

    protected override JsonTypeInfo<ResourceServerResponse> ResponseType => UpdateResourceServerJson.Default.ResourceServerResponse;

    protected override async Task<ResourceServerResponse> HandleAsync(ResourceServerSettingsRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        await ResourceServerRules.ResourceServerAsync(session, pool.Id, request.Identifier!, call).ConfigureAwait(false);
        var server = request.ToResourceServer(pool.Id);
        await Core.UserPools.ResourceServers.SaveAsync(session, server, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new ResourceServerResponse { ResourceServer = server };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourceServerSettingsRequest))]
[JsonSerializable(typeof(ResourceServerResponse))]
internal sealed partial class UpdateResourceServerJson : JsonSerializerContext;
