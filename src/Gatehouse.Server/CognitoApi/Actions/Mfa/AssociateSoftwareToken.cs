using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

internal sealed class AssociateSoftwareTokenRequest
{
    public string? AccessToken { get; set; }
    public string? Session { get; set; }
}

internal sealed class AssociateSoftwareTokenResponse
{
    public string? SecretCode { get; set; }
    public string? Session { get; set; }
}

/// <summary>
/// Gives the user a fresh TOTP secret to verify, with an access token or, during sign-in, an MFA_SETUP session,
/// which is then replaced by a new one. An authenticator verified earlier keeps working until the new one is verified.
/// </summary>
internal sealed class AssociateSoftwareToken(CognitoServices services, SoftwareTokens tokens, AuthSessions sessions)
    : CognitoAction<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse>
{
    protected override JsonTypeInfo<AssociateSoftwareTokenRequest> RequestType => AssociateSoftwareTokenJson.Default.AssociateSoftwareTokenRequest;

    protected override JsonTypeInfo<AssociateSoftwareTokenResponse> ResponseType => AssociateSoftwareTokenJson.Default.AssociateSoftwareTokenResponse;

    protected override async Task<AssociateSoftwareTokenResponse> HandleAsync(AssociateSoftwareTokenRequest request, CognitoCall call)
    {
        MfaSetup.ValidateCredentials(request.AccessToken, request.Session);
        var cancellationToken = call.CancellationToken;
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        if (request.AccessToken is not null)
        {
            var user = (await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false)).User;
            var secret = tokens.Associate(user);
            await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new AssociateSoftwareTokenResponse { SecretCode = secret };
        }

        var (found, setupUser, client) = await MfaSetup.OpenAsync(session, sessions, request.Session!, cancellationToken).ConfigureAwait(false);
        var setupSecret = tokens.Associate(setupUser);
        await session.SaveUserAsync(setupUser, cancellationToken).ConfigureAwait(false);
        await sessions.DeleteAsync(session, found, cancellationToken).ConfigureAwait(false);
        var next = await sessions.StartAsync(session, client, MfaSetup.Successor(found.Data), cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AssociateSoftwareTokenResponse { SecretCode = setupSecret, Session = next };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AssociateSoftwareTokenRequest))]
[JsonSerializable(typeof(AssociateSoftwareTokenResponse))]
internal sealed partial class AssociateSoftwareTokenJson : JsonSerializerContext;
