using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Mfa;

internal sealed class VerifySoftwareTokenRequest
{
    public string? AccessToken { get; set; }
    public string? Session { get; set; }
    public string? UserCode { get; set; }
    public string? FriendlyDeviceName { get; set; }
}

internal sealed class VerifySoftwareTokenResponse
{
    public string? Status { get; set; }
    public string? Session { get; set; }
}

/// <summary>
/// Checks a code from the secret AssociateSoftwareToken gave out last and, when it is right, makes that secret the
/// user's verified authenticator. With an access token that is all (SetUserMFAPreference enables the factor); with an
/// MFA_SETUP session it also enables software token MFA and answers a new session that RespondToAuthChallenge
/// MFA_SETUP completes. A session survives <see cref="MfaSetup.MaxAttempts"/> - 1 wrong codes.
/// </summary>
internal sealed class VerifySoftwareToken(CognitoServices services, SoftwareTokens tokens, AuthSessions sessions)
    : CognitoAction<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse>
{
    protected override JsonTypeInfo<VerifySoftwareTokenRequest> RequestType => VerifySoftwareTokenJson.Default.VerifySoftwareTokenRequest;

    protected override JsonTypeInfo<VerifySoftwareTokenResponse> ResponseType => VerifySoftwareTokenJson.Default.VerifySoftwareTokenResponse;

    protected override async Task<VerifySoftwareTokenResponse> HandleAsync(VerifySoftwareTokenRequest request, CognitoCall call)
    {
        new Validation()
            .Required(request.UserCode, "userCode")
            .Length(request.UserCode, 6, 6, "userCode", sensitive: true)
            .Pattern(request.UserCode, MfaSetup.UserCode(), "userCode", sensitive: true)
            .ThrowIfAny();
        MfaSetup.ValidateCredentials(request.AccessToken, request.Session);
        var cancellationToken = call.CancellationToken;
        var now = services.Now;
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        if (request.AccessToken is not null)
        {
            var user = (await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false)).User;
            RequirePending(user);
            if (!tokens.VerifyPending(user, request.UserCode, request.FriendlyDeviceName, now))
            {
                throw MfaSetup.CodeMismatch();
            }

            user.LastModified = now;
            await session.SaveUserAsync(user, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new VerifySoftwareTokenResponse { Status = "SUCCESS" };
        }

        var (found, setupUser, client) = await MfaSetup.OpenAsync(session, sessions, request.Session!, cancellationToken).ConfigureAwait(false);
        RequirePending(setupUser);
        if (!tokens.VerifyPending(setupUser, request.UserCode, request.FriendlyDeviceName, now))
        {
            // Amplify retries with the same session, so a wrong code keeps it, up to the limit; the count is committed.
            var attempts = int.TryParse(found.Data.Private?.GetValueOrDefault(MfaSetup.AttemptsKey), CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
            if (attempts >= MfaSetup.MaxAttempts)
            {
                await sessions.DeleteAsync(session, found, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var counted = new Dictionary<string, string>(found.Data.Private ?? [], StringComparer.Ordinal)
                {
                    [MfaSetup.AttemptsKey] = attempts.ToString(CultureInfo.InvariantCulture),
                };
                await sessions.SaveAsync(session, found, found.Data with { Private = counted }, cancellationToken).ConfigureAwait(false);
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            throw MfaSetup.CodeMismatch();
        }

        var mfa = setupUser.Mfa!;
        mfa.SoftwareTokenEnabled = true;
        mfa.Preferred ??= UserMfa.SoftwareToken;
        setupUser.LastModified = now;
        await session.SaveUserAsync(setupUser, cancellationToken).ConfigureAwait(false);
        await sessions.DeleteAsync(session, found, cancellationToken).ConfigureAwait(false);
        var next = await sessions.StartAsync(session, client, MfaSetup.Successor(found.Data, ("verified", UserMfa.SoftwareToken)), cancellationToken)
            .ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new VerifySoftwareTokenResponse { Status = "SUCCESS", Session = next };
    }

    // Verifying before AssociateSoftwareToken (or a second time) has no secret to check the code against.
    private static void RequirePending(User user)
    {
        if (user.Mfa?.PendingSoftwareTokenSecret is null)
        {
            throw new CognitoException("SoftwareTokenMFANotFoundException", "Software Token MFA does not exist for the user.");
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VerifySoftwareTokenRequest))]
[JsonSerializable(typeof(VerifySoftwareTokenResponse))]
internal sealed partial class VerifySoftwareTokenJson : JsonSerializerContext;
