using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminConfirmSignUpRequest : AdminUserRequest
{
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed class AdminConfirmSignUp(CognitoServices services) : CognitoAction<AdminConfirmSignUpRequest, Empty>
{
    protected override JsonTypeInfo<AdminConfirmSignUpRequest> RequestType => AdminConfirmSignUpJson.Default.AdminConfirmSignUpRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminConfirmSignUpJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminConfirmSignUpRequest request, CognitoCall call)
    {
        request.Validate();
        UserPool pool;
        User user;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
            user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            if (user.Status != UserStatus.Unconfirmed)
            {
                throw CognitoException.NotAuthorized($"User cannot be confirmed. Current status is {user.Status}");
            }

            user.Status = UserStatus.Confirmed;
            user.LastModified = services.Now;
            await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        await LifecycleTriggers.PostConfirmationAsync(services, pool, user, "PostConfirmation_ConfirmSignUp", null, request.ClientMetadata, call.CancellationToken)
            .ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminConfirmSignUpRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminConfirmSignUpJson : JsonSerializerContext;
