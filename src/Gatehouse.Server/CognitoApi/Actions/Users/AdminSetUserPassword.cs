using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminSetUserPasswordRequest : AdminUserRequest
{
    public string? Password { get; set; }
    public bool? Permanent { get; set; }
}

internal sealed class AdminSetUserPassword(CognitoServices services) : CognitoAction<AdminSetUserPasswordRequest, Empty>
{
    protected override JsonTypeInfo<AdminSetUserPasswordRequest> RequestType => AdminSetUserPasswordJson.Default.AdminSetUserPasswordRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminSetUserPasswordJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminSetUserPasswordRequest request, CognitoCall call)
    {
        request.Validate();
        AdminUserRequest.ValidatePassword(request.Password);
        var passwordHash = services.Hasher.Hash(request.Password!);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        PasswordPolicyRules.Check(pool, request.Password!);

        services.Credentials.Set(user, passwordHash, request.Password!);
        if (request.Permanent == true)
        {
            user.Status = UserStatus.Confirmed;
            user.TemporaryPasswordExpires = null;
        }
        else
        {
            // A temporary password gets the same validity as one AdminCreateUser hands out.
            var days = pool.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? pool.AdminCreateUserConfig?.UnusedAccountValidityDays ?? 7;
            user.Status = UserStatus.ForceChangePassword;
            user.TemporaryPasswordExpires = services.Now + TimeSpan.FromDays(days);
        }

        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminSetUserPasswordRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminSetUserPasswordJson : JsonSerializerContext;
