using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Auth;

internal sealed class AdminRespondToAuthChallenge(CognitoServices services) : CognitoAction<ChallengeRequest, AuthResponse>
{
    protected override JsonTypeInfo<ChallengeRequest> RequestType => AdminRespondToAuthChallengeJson.Default.ChallengeRequest;

    protected override JsonTypeInfo<AuthResponse> ResponseType => AdminRespondToAuthChallengeJson.Default.AuthResponse;

    protected override async Task<AuthResponse> HandleAsync(ChallengeRequest request, CognitoCall call)
    {
        AuthSteps.Validate(request, admin: true);
        if (request.ChallengeName == "CUSTOM_CHALLENGE")
        {
            return AuthResponse.From(await AuthSteps.CustomChallengeAsync(services, request, admin: true, call).ConfigureAwait(false));
        }

        if (request.ChallengeName == "PASSWORD_VERIFIER")
        {
            return AuthResponse.From(await AuthSteps.PasswordVerifierAsync(services, request, admin: true, call).ConfigureAwait(false));
        }

        var newHash = AuthSteps.HashNewPassword(services, request);
        AuthOutcome outcome;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
            var client = await CognitoServices.ClientOfPoolAsync(session, pool.Id, request.ClientId!, call).ConfigureAwait(false);
            outcome = await AuthSteps.RespondAsync(services, session, pool, client, request, newHash, call).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        return AuthResponse.From(await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false));
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChallengeRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class AdminRespondToAuthChallengeJson : JsonSerializerContext;
