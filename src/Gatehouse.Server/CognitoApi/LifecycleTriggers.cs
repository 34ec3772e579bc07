using System.Text.Json.Nodes;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Users;

namespace Gatehouse.Server.CognitoApi;

/// <summary>What a PreSignUp function decided: confirm the user now, and mark the email or phone verified.</summary>
internal sealed record PreSignUpAnswer(bool AutoConfirm, bool VerifyEmail, bool VerifyPhone);

/// <summary>
/// The user-lifecycle triggers (PreSignUp, PostConfirmation, CustomMessage, UserMigration) with Cognito's events.
/// Every call here happens outside a write session: a function may call back into Gatehouse, whose store has one writer.
/// </summary>
internal static class LifecycleTriggers
{
    /// <summary>
    /// Runs PreSignUp (<c>PreSignUp_SignUp</c> or <c>PreSignUp_AdminCreateUser</c>) with the attributes as the caller
    /// sent them. A function's error stops the sign-up before anything is stored.
    /// </summary>
    public static async Task<PreSignUpAnswer> PreSignUpAsync(
        CognitoServices services, UserPool pool, User user, string triggerSource, string? clientId,
        IReadOnlyList<KeyValuePair<string, string>> attributes, IReadOnlyList<KeyValuePair<string, string>>? validationData,
        Dictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["userAttributes"] = CognitoTriggers.Map(attributes),
            ["validationData"] = CognitoTriggers.Map(validationData),
        };
        AddMetadata(request, clientMetadata);
        var response = new JsonObject { ["autoConfirmUser"] = false, ["autoVerifyEmail"] = false, ["autoVerifyPhone"] = false };
        var answer = await services.Triggers.InvokeAsync(pool, "PreSignUp", triggerSource, user.Username, clientId, request, response, "1", cancellationToken)
            .ConfigureAwait(false);

        // Verifying a contact is only honoured together with confirming the user, as Cognito documents.
        var confirm = CognitoTriggers.Flag(answer, "autoConfirmUser");
        var email = confirm && CognitoTriggers.Flag(answer, "autoVerifyEmail");
        var phone = confirm && CognitoTriggers.Flag(answer, "autoVerifyPhone");
        if ((email && user.Attribute("email") is null) || (phone && user.Attribute("phone_number") is null))
        {
            throw CognitoException.InvalidParameter(email && user.Attribute("email") is null
                ? "Cannot auto verify email: the user has no email attribute."
                : "Cannot auto verify phone_number: the user has no phone_number attribute.");
        }

        return new PreSignUpAnswer(confirm, email, phone);
    }

    /// <summary>
    /// Runs PostConfirmation with the confirmed user's attributes. Call it after the commit: the confirmation stands
    /// even when the function fails, whose error the caller still answers, as in Cognito.
    /// </summary>
    public static async Task PostConfirmationAsync(
        CognitoServices services, UserPool pool, User user, string triggerSource, string? clientId, Dictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "PostConfirmation"))
        {
            return;
        }

        var request = new JsonObject { ["userAttributes"] = CognitoTriggers.AttributesOf(user) };
        AddMetadata(request, clientMetadata);
        await services.Triggers.InvokeAsync(pool, "PostConfirmation", triggerSource, user.Username, clientId, request, [], "1", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs CustomMessage for the message this call is about to send, before the write session that sends it, and
    /// keeps the answer on the call: the code is not known yet, so the function gets the <c>{####}</c> placeholder,
    /// which <see cref="CognitoTriggers.Customized"/> fills when the message is queued.
    /// </summary>
    public static async Task PrepareMessageAsync(
        CognitoServices services, CognitoCall call, UserPool pool, User user, string triggerSource, string? clientId, Dictionary<string, string>? clientMetadata) =>
        call.CustomMessage = await services.Triggers.CustomMessageAsync(pool, triggerSource, user, clientId, clientMetadata, call.CancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// <see cref="PrepareMessageAsync(CognitoServices, CognitoCall, UserPool, User, string, string?, Dictionary{string, string}?)"/>
    /// for an action that finds its pool, user and client (null for admin actions) inside its write session: they are read first in a read session.
    /// A lookup that fails is left for the write session to report, in the action's own order of checks.
    /// </summary>
    public static async Task PrepareMessageAsync(
        CognitoServices services, CognitoCall call, string triggerSource, Dictionary<string, string>? clientMetadata,
        Func<IStoreSession, Task<(UserPool Pool, User? User, string? ClientId)>> find)
    {
        UserPool? pool = null;
        User? user = null;
        string? clientId = null;
        await using (var read = await services.ReadAsync(call).ConfigureAwait(false))
        {
            try
            {
                (pool, user, clientId) = await find(read).ConfigureAwait(false);
            }
            catch (CognitoException)
            {
                return;
            }
        }

        if (user is not null)
        {
            await PrepareMessageAsync(services, call, pool, user, triggerSource, clientId, clientMetadata).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs UserMigration for a name the pool does not know, and creates the user it describes. With a password
    /// (<c>UserMigration_Authentication</c>) the user keeps it; without (<c>UserMigration_ForgotPassword</c>) the
    /// user must reset it. Null when the function describes no user.
    /// </summary>
    public static async Task<User?> MigrateAsync(
        CognitoServices services, CognitoCall call, UserPool pool, string clientId, string username, string? password,
        Dictionary<string, string>? clientMetadata)
    {
        var authentication = password is not null;
        var request = new JsonObject
        {
            ["password"] = password,
            // Cognito documents that the sign-in's ClientMetadata is what the function sees as validationData.
            ["validationData"] = CognitoTriggers.Map(clientMetadata),
            ["userAttributes"] = null,
        };
        AddMetadata(request, clientMetadata);
        var response = new JsonObject
        {
            ["userAttributes"] = null,
            ["finalUserStatus"] = null,
            ["messageAction"] = null,
            ["desiredDeliveryMediums"] = null,
            ["forceAliasCreation"] = null,
            ["enableSMSMFA"] = null,
        };
        var answer = await services.Triggers.InvokeAsync(
            pool, "UserMigration", authentication ? "UserMigration_Authentication" : "UserMigration_ForgotPassword", username, clientId, request, response, "1",
            call.CancellationToken).ConfigureAwait(false);
        if (answer?["userAttributes"] is not JsonObject returned)
        {
            return null;
        }

        var attributes = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in returned)
        {
            if (name is "sub" or "username" or "cognito:user_status")
            {
                continue;
            }

            attributes.Add(KeyValuePair.Create(name, value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? v.GetValue<string>()
                : throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output")));
        }

        var status = CognitoTriggers.Text(answer, "finalUserStatus");
        if (status is not (null or UserStatus.Confirmed or UserStatus.ResetRequired))
        {
            throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output");
        }

        // Without a password there is nothing to sign in with until the reset the forgot-password flow starts.
        var confirmed = authentication && status != UserStatus.ResetRequired;
        AttributeRules.CheckWrite(pool, attributes, existing: null, admin: true);
        var user = UserFactory.Create(pool, username, attributes, services.Ids.NewUuid(), services.Now);
        user.Status = confirmed ? UserStatus.Confirmed : UserStatus.ResetRequired;
        if (confirmed)
        {
            services.Credentials.Set(user, services.Hasher.Hash(password!), password!);
        }

        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var current = await session.GetPoolAsync(pool.Id, call.CancellationToken).ConfigureAwait(false) ?? throw CognitoException.PoolNotFound(pool.Id);
        if (await UserLookup.FindAsync(session, current, username, call.CancellationToken).ConfigureAwait(false) is { } existing)
        {
            // Another request migrated the same user meanwhile; theirs stands.
            return existing;
        }

        await SignUp.EnsureNewAsync(session, current, user, call).ConfigureAwait(false);
        foreach (var verified in new[] { "email", "phone_number" }.Where(a => user.Attribute(a + "_verified") == "true" && user.Attribute(a) is not null))
        {
            await ConfirmSignUp.ClaimAliasAsync(session, current, user, verified, CognitoTriggers.Flag(answer, "forceAliasCreation"), call).ConfigureAwait(false);
        }

        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return user;
    }

    private static void AddMetadata(JsonObject request, Dictionary<string, string>? clientMetadata)
    {
        if (clientMetadata is not null)
        {
            request["clientMetadata"] = CognitoTriggers.Map(clientMetadata);
        }
    }
}
