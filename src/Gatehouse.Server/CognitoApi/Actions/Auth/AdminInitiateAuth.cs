using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Auth;

internal sealed class AdminInitiateAuth(CognitoServices services) : CognitoAction<AuthRequest, AuthResponse>
{
    protected override JsonTypeInfo<AuthRequest> RequestType => AdminInitiateAuthJson.Default.AuthRequest;

    protected override JsonTypeInfo<AuthResponse> ResponseType => AdminInitiateAuthJson.Default.AuthResponse;

    protected override async Task<AuthResponse> HandleAsync(AuthRequest request, CognitoCall call)
    {
        AuthSteps.Validate(request, admin: true);
        var check = await AuthSteps.CheckPasswordAsync(services, request, call).ConfigureAwait(false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
        var outcome = await AuthSteps.StartAsync(services, session, pool, client, request, admin: true, check, call).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return AuthResponse.From(outcome);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class AdminInitiateAuthJson : JsonSerializerContext;
