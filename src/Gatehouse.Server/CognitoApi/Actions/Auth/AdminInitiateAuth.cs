using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Auth;

internal sealed class AdminInitiateAuth(CognitoServices services) : CognitoAction<AuthRequest, AuthResponse>
{
    protected override JsonTypeInfo<AuthRequest> RequestType => AdminInitiateAuthJson.Default.AuthRequest;

    protected override JsonTypeInfo<AuthResponse> ResponseType => AdminInitiateAuthJson.Default.AuthResponse;

    protected override async Task<AuthResponse> HandleAsync(AuthRequest request, CognitoCall call)
    {
        AuthSteps.Validate(request, admin: true);
        if (request.AuthFlow == "CUSTOM_AUTH")
        {
            return AuthResponse.From(await AuthSteps.CustomAuthAsync(services, request, admin: true, call).ConfigureAwait(false));
        }

        if (request.AuthFlow == "USER_SRP_AUTH")
        {
            return AuthResponse.From(await AuthSteps.SrpStartAsync(services, request, admin: true, call).ConfigureAwait(false));
        }

        var check = await AuthSteps.CheckPasswordAsync(services, request, call).ConfigureAwait(false);
        AuthOutcome outcome;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
            var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
            outcome = await AuthSteps.StartAsync(services, session, pool, client, request, admin: true, check, call).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        // The triggers before the tokens run with the writer released: they may call back into Gatehouse.
        return AuthResponse.From(await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false));
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuthRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class AdminInitiateAuthJson : JsonSerializerContext;
