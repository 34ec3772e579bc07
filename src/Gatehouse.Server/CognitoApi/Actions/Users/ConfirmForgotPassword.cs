using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class ConfirmForgotPasswordRequest : ClientUserRequest
{
    public string? ConfirmationCode { get; set; }
    public string? Password { get; set; }
    public JsonElement? AnalyticsMetadata { get; set; }
    public JsonElement? UserContextData { get; set; }
}

internal sealed class ConfirmForgotPassword(CognitoServices services) : CognitoAction<ConfirmForgotPasswordRequest, Empty>
{
    protected override JsonTypeInfo<ConfirmForgotPasswordRequest> RequestType => ConfirmForgotPasswordJson.Default.ConfirmForgotPasswordRequest;

    protected override JsonTypeInfo<Empty> ResponseType => ConfirmForgotPasswordJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(ConfirmForgotPasswordRequest request, CognitoCall call)
    {
        request.Validate();
        AdminUserRequest.ValidateCode(request.ConfirmationCode);
        AdminUserRequest.ValidatePassword(request.Password);
        var passwordHash = services.Hasher.Hash(request.Password!);
        UserPool pool;
        User user;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            (pool, var client) = await CognitoServices.PoolOfClientAsync(session, request.ClientId!, call).ConfigureAwait(false);
            var found = await UserLookup.FindAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            SecretHash.Check(client, request.SecretHash, request.Username, found?.Username);
            if (found is null)
            {
                throw client.HidesUserExistence
                    ? new CognitoException("CodeMismatchException", "Invalid verification code provided, please try again.")
                    : SelfService.UserNotFound();
            }

            user = found;

            if (!user.Enabled)
            {
                throw SelfService.Disabled();
            }

            // The policy is checked before the code so that a weak password does not use up one of the code's attempts.
            PasswordPolicyRules.Check(pool, request.Password!);
            await services.Codes.VerifyAsync(session, pool.Id, user.Key, CodePurpose.ForgotPassword, request.ConfirmationCode!, call.CancellationToken)
                .ConfigureAwait(false);

            // A reset proves control of a verified contact, which is all confirmation or a forced change asks for.
            services.Credentials.Set(user, passwordHash, request.Password!);
            user.Status = UserStatus.Confirmed;
            user.TemporaryPasswordExpires = null;
            SignInThrottle.RecordSuccess(user);
            user.LastModified = services.Now;
            await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        await LifecycleTriggers.PostConfirmationAsync(services, pool, user, "PostConfirmation_ConfirmForgotPassword", request.ClientId, request.ClientMetadata, call.CancellationToken)
            .ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfirmForgotPasswordRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class ConfirmForgotPasswordJson : JsonSerializerContext;
