using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminUpdateUserAttributesRequest : AdminUserRequest
{
    public List<AttributeType>? UserAttributes { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed class AdminUpdateUserAttributes(CognitoServices services) : CognitoAction<AdminUpdateUserAttributesRequest, Empty>
{
    protected override JsonTypeInfo<AdminUpdateUserAttributesRequest> RequestType => AdminUpdateUserAttributesJson.Default.AdminUpdateUserAttributesRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminUpdateUserAttributesJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminUpdateUserAttributesRequest request, CognitoCall call)
    {
        request.Validate();
        new Validation().Required(request.UserAttributes, "userAttributes").ThrowIfAny();
        var attributes = Shapes.Pairs(request.UserAttributes, "userAttributes");
        await LifecycleTriggers.PrepareMessageAsync(services, call, "CustomMessage_UpdateUserAttribute", request.ClientMetadata, async read =>
        {
            var pool = await CognitoServices.PoolAsync(read, request.UserPoolId!, call).ConfigureAwait(false);
            var user = await UserLookup.FindAsync(read, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
            return (pool, ChangingVerifiedContact(pool, user, attributes), null);
        }).ConfigureAwait(false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        AttributeRules.CheckWrite(pool, attributes, existing: user, admin: true);
        var unverified = AttributeUpdates.Apply(user, attributes);
        await EnsureUniqueAsync(session, pool, user, attributes.Select(a => a.Key).ToHashSet(StringComparer.Ordinal), call).ConfigureAwait(false);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);

        // As in Cognito, a changed contact that the pool verifies automatically gets a code to prove it.
        foreach (var contact in unverified.Where(c => pool.AutoVerifiedAttributes?.Contains(c) == true))
        {
            await Shapes.SendCodeAsync(services, session, call, pool, user, CodePurpose.Attribute(contact), contact).ConfigureAwait(false);
        }

        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }

    /// <summary>
    /// The user as the update leaves it, for the CustomMessage event, when the update changes an email or phone
    /// number that the pool verifies with a code; otherwise null, as no message goes out.
    /// </summary>
    internal static User? ChangingVerifiedContact(UserPool pool, User? user, List<KeyValuePair<string, string>> attributes)
    {
        if (user is null || !attributes.Any(a => a.Key is "email" or "phone_number" && user.Attribute(a.Key) != a.Value && pool.AutoVerifiedAttributes?.Contains(a.Key) == true))
        {
            return null;
        }

        var changed = CoreJson.Copy(user, CoreJson.Default.User);
        foreach (var (name, value) in attributes)
        {
            changed.Attributes[name] = value;
        }

        return changed;
    }

    /// <summary>
    /// A sign-in attribute that this request wrote stays unique: always in pools that sign in with it, and for an
    /// alias once this user's copy is verified. AdminUpdateUserAttributes has no ForceAliasCreation.
    /// </summary>
    private static async Task EnsureUniqueAsync(IStoreSession session, UserPool pool, User user, HashSet<string> written, CognitoCall call)
    {
        foreach (var attribute in UserFactory.UniqueAttributes(pool))
        {
            if (!(written.Contains(attribute) || written.Contains(attribute + "_verified")) || user.Attribute(attribute) is not { } value)
            {
                continue;
            }

            var claims = pool.UsernameAttributes?.Contains(attribute) == true || attribute == "preferred_username" || user.Attribute(attribute + "_verified") == "true";
            if (claims && await UserLookup.OtherHolderAsync(session, pool, attribute, value, user.Key, call.CancellationToken).ConfigureAwait(false) is not null)
            {
                throw new CognitoException("AliasExistsException", $"An account with the given {(attribute == "phone_number" ? "phone number" : attribute)} already exists.");
            }
        }
    }
}

[JsonSerializable(typeof(AdminUpdateUserAttributesRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminUpdateUserAttributesJson : JsonSerializerContext;
