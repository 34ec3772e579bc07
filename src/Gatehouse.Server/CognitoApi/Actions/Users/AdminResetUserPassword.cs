using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminResetUserPasswordRequest : AdminUserRequest
{
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed class AdminResetUserPassword(CognitoServices services) : CognitoAction<AdminResetUserPasswordRequest, Empty>
{
    protected override JsonTypeInfo<AdminResetUserPasswordRequest> RequestType => AdminResetUserPasswordJson.Default.AdminResetUserPasswordRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminResetUserPasswordJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminResetUserPasswordRequest request, CognitoCall call)
    {
        request.Validate();
        await LifecycleTriggers.PrepareMessageAsync(services, call, "CustomMessage_ForgotPassword", request.ClientMetadata, async read =>
        {
            var pool = await CognitoServices.PoolAsync(read, request.UserPoolId!, call).ConfigureAwait(false);
            return (pool, await UserLookup.FindAsync(read, pool, request.Username!, call.CancellationToken).ConfigureAwait(false), null);
        }).ConfigureAwait(false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        if (user.Status is UserStatus.Unconfirmed or UserStatus.ForceChangePassword)
        {
            throw CognitoException.NotAuthorized("User password cannot be reset in the current state.");
        }

        // The code goes only to a contact the user has proven, as for ForgotPassword.
        var contact = AttributeUpdates.Contacts.FirstOrDefault(c => user.Attribute(c) is { Length: > 0 } && user.Attribute(c + "_verified") == "true")
            ?? throw CognitoException.InvalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");

        // Dropping the hash is what makes the old password stop working: sign-in then answers PasswordResetRequiredException.
        Credentials.Clear(user);
        user.Status = UserStatus.ResetRequired;
        user.TemporaryPasswordExpires = null;
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await Shapes.SendCodeAsync(services, session, call, pool, user, CodePurpose.ForgotPassword, contact).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminResetUserPasswordRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminResetUserPasswordJson : JsonSerializerContext;
