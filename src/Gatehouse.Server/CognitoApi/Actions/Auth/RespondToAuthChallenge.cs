using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Auth;

internal sealed class RespondToAuthChallenge(CognitoServices services) : CognitoAction<ChallengeRequest, AuthResponse>
{
    protected override JsonTypeInfo<ChallengeRequest> RequestType => RespondToAuthChallengeJson.Default.ChallengeRequest;

    protected override JsonTypeInfo<AuthResponse> ResponseType => RespondToAuthChallengeJson.Default.AuthResponse;

    protected override async Task<AuthResponse> HandleAsync(ChallengeRequest request, CognitoCall call)
    {
        AuthSteps.Validate(request, admin: false);
        if (request.ChallengeName == "CUSTOM_CHALLENGE")
        {
            return AuthResponse.From(await AuthSteps.CustomChallengeAsync(services, request, admin: false, call).ConfigureAwait(false));
        }

        if (request.ChallengeName == "PASSWORD_VERIFIER")
        {
            return AuthResponse.From(await AuthSteps.PasswordVerifierAsync(services, request, admin: false, call).ConfigureAwait(false));
        }

        var newHash = AuthSteps.HashNewPassword(services, request);
        AuthOutcome outcome;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            var (pool, client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
            outcome = await AuthSteps.RespondAsync(services, session, pool, client, request, newHash, call).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        return AuthResponse.From(await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false));
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChallengeRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class RespondToAuthChallengeJson : JsonSerializerContext;
