using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class GetUserPoolMfaConfig(CognitoServices services) : CognitoAction<UserPoolIdRequest, MfaConfigResponse>
{
    protected override JsonTypeInfo<UserPoolIdRequest> RequestType => GetUserPoolMfaConfigJson.Default.UserPoolIdRequest;

    protected override JsonTypeInfo<MfaConfigResponse> ResponseType => GetUserPoolMfaConfigJson.Default.MfaConfigResponse;

    protected override async Task<MfaConfigResponse> HandleAsync(UserPoolIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        return MfaConfigResponse.From(pool);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserPoolIdRequest))]
[JsonSerializable(typeof(MfaConfigResponse))]
internal sealed partial class GetUserPoolMfaConfigJson : JsonSerializerContext;
