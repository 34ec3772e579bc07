using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class UpdateUserPoolClientRequest : ClientSettingsRequest
{
    public string? ClientId { get; set; }
}

/// <summary>
/// Replaces every setting of the client, as AWS does: what the request leaves out goes back to its default.
/// The id, secret and creation date stay; the name stays when none is given.
/// </summary>
internal sealed class UpdateUserPoolClient(CognitoServices services) : CognitoAction<UpdateUserPoolClientRequest, UserPoolClientResponse>
{
    protected override JsonTypeInfo<UpdateUserPoolClientRequest> RequestType => UpdateUserPoolClientJson.Default.UpdateUserPoolClientRequest;

    protected override JsonTypeInfo<UserPoolClientResponse> ResponseType => UpdateUserPoolClientJson.Default.UserPoolClientResponse;

    protected override async Task<UserPoolClientResponse> HandleAsync(UpdateUserPoolClientRequest request, CognitoCall call)
    {
        ClientIdRequest.Validate(request.UserPoolId, request.ClientId);
        ClientSettings.Validate(request, nameRequired: false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        await ClientSettings.CheckScopesAsync(session, pool, request, call).ConfigureAwait(false);
        ClientSettings.Apply(client, pool, request, updating: true);
        client.LastModifiedDate = services.Now;
        await session.SaveClientAsync(client, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return UserPoolClientResponse.Of(client);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UpdateUserPoolClientRequest))]
[JsonSerializable(typeof(UserPoolClientResponse))]
internal sealed partial class UpdateUserPoolClientJson : JsonSerializerContext;
