using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class UpdateUserAttributesRequest
{
    public string? AccessToken { get; set; }
    public List<AttributeType>? UserAttributes { get; set; }
    public Dictionary<string, string>? ClientMetadata { get; set; }
}

internal sealed class UpdateUserAttributesResponse
{
    public List<CodeDeliveryDetailsType>? CodeDeliveryDetailsList { get; set; }
}

internal sealed class UpdateUserAttributes(CognitoServices services) : CognitoAction<UpdateUserAttributesRequest, UpdateUserAttributesResponse>
{
    protected override JsonTypeInfo<UpdateUserAttributesRequest> RequestType => UpdateUserAttributesJson.Default.UpdateUserAttributesRequest;

    protected override JsonTypeInfo<UpdateUserAttributesResponse> ResponseType => UpdateUserAttributesJson.Default.UpdateUserAttributesResponse;

    protected override async Task<UpdateUserAttributesResponse> HandleAsync(UpdateUserAttributesRequest request, CognitoCall call)
    {
        new AccessTokenRequest { AccessToken = request.AccessToken }.Validate();
        new Validation().Required(request.UserAttributes, "userAttributes").ThrowIfAny();
        var attributes = Shapes.Pairs(request.UserAttributes, "userAttributes");
        await LifecycleTriggers.PrepareMessageAsync(services, call, "CustomMessage_UpdateUserAttribute", request.ClientMetadata, async read =>
        {
            var signedIn = await services.SignedInAsync(read, request.AccessToken, call).ConfigureAwait(false);
            return (signedIn.Pool, AdminUpdateUserAttributes.ChangingVerifiedContact(signedIn.Pool, signedIn.User, attributes), signedIn.Client?.ClientId);
        }).ConfigureAwait(false);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var (pool, user) = (signedIn.Pool, signedIn.User);
        AttributeRules.CheckWrite(pool, attributes, existing: user, admin: false);
        if (signedIn.Client is { } client)
        {
            AttributeRules.CheckClientMayWrite(client, attributes.Select(a => a.Key));
        }

        AttributeRules.CheckUserMayWriteVerified(signedIn.Client, attributes.Select(a => a.Key));
        var deliveries = new List<CodeDeliveryDetailsType>();

        // Flags go last so that an explicit email_verified is not undone by the email change it accompanies.
        foreach (var (name, value) in attributes.OrderBy(a => a.Key.EndsWith("_verified", StringComparison.Ordinal)))
        {
            await EnsureUniqueAsync(session, pool, user, name, value, call).ConfigureAwait(false);
            if (name is "email" or "phone_number")
            {
                if (await ChangeContactAsync(session, call, pool, user, name, value).ConfigureAwait(false) is { } delivery)
                {
                    deliveries.Add(delivery);
                }
            }
            else
            {
                user.Attributes[name] = value;
            }
        }

        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new UpdateUserAttributesResponse { CodeDeliveryDetailsList = deliveries.Count > 0 ? deliveries : null };
    }

    /// <summary>
    /// A new email or phone number is unverified. Where the pool auto-verifies it a code goes to the new value; where
    /// the pool also requires verification before update, a verified old value stays until the new one is verified.
    /// </summary>
    private async Task<CodeDeliveryDetailsType?> ChangeContactAsync(IStoreSession session, CognitoCall call, UserPool pool, User user, string name, string value)
    {
        await PendingAttributes.DeleteAsync(session, user, name, call.CancellationToken).ConfigureAwait(false);
        if (user.Attribute(name) == value)
        {
            return null;
        }

        var purpose = CodePurpose.Attribute(name);
        var autoVerified = pool.AutoVerifiedAttributes?.Contains(name) == true;
        if (autoVerified && PendingAttributes.RequireVerification(pool, name) && user.Attribute(name + "_verified") == "true")
        {
            await PendingAttributes.SaveAsync(session, user, name, value, services.Now + CodePurpose.Lifetime(purpose), call.CancellationToken).ConfigureAwait(false);
            return await SelfService.SendCodeToAsync(services, session, call, pool, user, purpose, name, value).ConfigureAwait(false);
        }

        user.Attributes[name] = value;
        user.Attributes[name + "_verified"] = "false";
        return autoVerified
            ? await Shapes.SendCodeAsync(services, session, call, pool, user, purpose, name).ConfigureAwait(false)
            : null;
    }

    // Values users sign in with must stay unique at once; an email or phone alias only once it is verified,
    // which VerifyUserAttribute checks.
    private static async Task EnsureUniqueAsync(IStoreSession session, UserPool pool, User user, string name, string value, CognitoCall call)
    {
        if (pool.UsernameAttributes?.Contains(name) != true && !(name == "preferred_username" && pool.AliasAttributes?.Contains(name) == true))
        {
            return;
        }

        if (await UserLookup.OtherHolderAsync(session, pool, name, value, user.Key, call.CancellationToken).ConfigureAwait(false) is not null)
        {
            throw new CognitoException("AliasExistsException", $"An account with the given {(name == "phone_number" ? "phone number" : name)} already exists.");
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UpdateUserAttributesRequest))]
[JsonSerializable(typeof(UpdateUserAttributesResponse))]
internal sealed partial class UpdateUserAttributesJson : JsonSerializerContext;
