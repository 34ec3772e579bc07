using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Pools;

namespace Gatehouse.Server.CognitoApi.Actions.Clients;

internal sealed class CreateUserPoolClientRequest : ClientSettingsRequest
{
    public bool? GenerateSecret { get; set; }
}

internal sealed class UserPoolClientResponse
{
    public AppClient? UserPoolClient { get; set; }

    /// <summary>The response for <paramref name="client"/>, without what Gatehouse keeps for itself.</summary>
    public static UserPoolClientResponse Of(AppClient client)
    {
        var shown = CoreJson.Copy(client, CoreJson.Default.AppClient);
        shown.SecretRotation = null;
        return new UserPoolClientResponse { UserPoolClient = shown };
    }
}

internal sealed class CreateUserPoolClient(CognitoServices services) : CognitoAction<CreateUserPoolClientRequest, UserPoolClientResponse>
{
    protected override JsonTypeInfo<CreateUserPoolClientRequest> RequestType => CreateUserPoolClientJson.Default.CreateUserPoolClientRequest;

    protected override JsonTypeInfo<UserPoolClientResponse> ResponseType => CreateUserPoolClientJson.Default.UserPoolClientResponse;

    protected override async Task<UserPoolClientResponse> HandleAsync(CreateUserPoolClientRequest request, CognitoCall call)
    {
        UserPoolIdRequest.Validate(request.UserPoolId);
        ClientSettings.Validate(request);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        await ClientSettings.CheckScopesAsync(session, pool, request, call).ConfigureAwait(false);
        var now = services.Now;
        var client = new AppClient
        {
            UserPoolId = pool.Id,
            ClientId = services.Ids.NewClientId(),
            ClientSecret = request.GenerateSecret == true ? services.Ids.NewClientSecret() : null,
            CreationDate = now,
            LastModifiedDate = now,
        };
        ClientSettings.Apply(client, pool, request);
        await session.SaveClientAsync(client, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return UserPoolClientResponse.Of(client);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateUserPoolClientRequest))]
[JsonSerializable(typeof(UserPoolClientResponse))]
internal sealed partial class CreateUserPoolClientJson : JsonSerializerContext;
