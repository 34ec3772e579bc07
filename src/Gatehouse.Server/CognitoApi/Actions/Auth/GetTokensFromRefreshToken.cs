using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.OAuth;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi.Actions.Auth;

internal sealed class GetTokensFromRefreshTokenRequest
{
    public string? RefreshToken { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? DeviceKey { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

/// <summary>
/// New ID and access tokens from a refresh token, as REFRESH_TOKEN_AUTH gives them; what Amplify v6 calls to refresh.
/// The client's secret, when it has one, comes as ClientSecret rather than a SECRET_HASH. Refresh tokens are not
/// rotated, so the answer carries none and the client keeps its own.
/// </summary>
internal sealed class GetTokensFromRefreshToken(CognitoServices services) : CognitoAction<GetTokensFromRefreshTokenRequest, AuthResponse>
{
    protected override JsonTypeInfo<GetTokensFromRefreshTokenRequest> RequestType => GetTokensFromRefreshTokenJson.Default.GetTokensFromRefreshTokenRequest;

    protected override JsonTypeInfo<AuthResponse> ResponseType => GetTokensFromRefreshTokenJson.Default.AuthResponse;

    protected override async Task<AuthResponse> HandleAsync(GetTokensFromRefreshTokenRequest request, CognitoCall call)
    {
        AdminUserRequest.ValidateClientId(request.ClientId);
        new Validation()
            .Required(request.RefreshToken, "refreshToken")
            .Length(request.ClientSecret, 1, 64, "clientSecret")
            .Length(request.DeviceKey, 1, 55, "deviceKey")
            .ThrowIfAny();

        AuthOutcome outcome;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            var (pool, client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
            if (!AuthFlows.Allows(client, "ALLOW_REFRESH_TOKEN_AUTH"))
            {
                throw CognitoException.InvalidParameter("Refresh Token auth flow not enabled for this client");
            }

            if (client.ClientSecret is not null && request.ClientSecret is null)
            {
                throw CognitoException.NotAuthorized($"Client {client.ClientId} is configured for secret but secret was not received");
            }

            if (!ClientAuthentication.SecretMatches(client, request.ClientSecret))
            {
                throw CognitoException.NotAuthorized($"Unable to verify secret for client {client.ClientId}");
            }

            outcome = await services.Authenticator.RefreshAsync(
                session, pool, client, request.RefreshToken!, null, null, call.CancellationToken, secretChecked: true).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        var response = AuthResponse.From(await AuthSteps.FinishAsync(services, outcome, request.ClientMetadata, call).ConfigureAwait(false));
        response.ChallengeParameters = null;
        return response;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetTokensFromRefreshTokenRequest))]
[JsonSerializable(typeof(AuthResponse))]
internal sealed partial class GetTokensFromRefreshTokenJson : JsonSerializerContext;
