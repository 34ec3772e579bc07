using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class ChangePasswordRequest
{
    public string? AccessToken { get; set; }
    public string? PreviousPassword { get; set; }
    public string? ProposedPassword { get; set; }
}

internal sealed class ChangePassword(CognitoServices services) : CognitoAction<ChangePasswordRequest, Empty>
{
    protected override JsonTypeInfo<ChangePasswordRequest> RequestType => ChangePasswordJson.Default.ChangePasswordRequest;

    protected override JsonTypeInfo<Empty> ResponseType => ChangePasswordJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(ChangePasswordRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();

        // Every Gatehouse user has a password, so the previous one is required as in the original API model.
        AdminUserRequest.ValidatePassword(request.PreviousPassword, "previousPassword");
        AdminUserRequest.ValidatePassword(request.ProposedPassword, "proposedPassword");
        // Both PBKDF2 runs happen before the write transaction, which must not wait on them.
        PasswordCheck check;
        await using (var read = await services.ReadAsync(call).ConfigureAwait(false))
        {
            check = PasswordCheck.Of((await services.SignedInAsync(read, request.AccessToken, call).ConfigureAwait(false)).User, request.PreviousPassword!);
        }

        var proposedHash = services.Hasher.Hash(request.ProposedPassword!);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var user = signedIn.User;
        var now = services.Now;
        if (user.SignInLockedUntil is { } until && until > now)
        {
            throw CodeRequestLimit.Exceeded();
        }

        PasswordPolicyRules.Check(signedIn.Pool, request.ProposedPassword!);
        if (!PasswordCheck.Verify(check, user, request.PreviousPassword!))
        {
            // Guessing through ChangePassword counts like guessing at sign-in, and is committed like it.
            SignInThrottle.RecordFailure(user, now);
            await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
            throw CognitoException.IncorrectCredentials();
        }

        services.Credentials.Set(user, proposedHash, request.ProposedPassword!);
        SignInThrottle.RecordSuccess(user);
        user.LastModified = now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class ChangePasswordJson : JsonSerializerContext;
