using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Auth;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Users;

internal sealed class AdminDeleteUserAttributesRequest : AdminUserRequest
{
    public List<string>? UserAttributeNames { get; set; }
}

internal sealed class AdminDeleteUserAttributes(CognitoServices services) : CognitoAction<AdminDeleteUserAttributesRequest, Empty>
{
    protected override JsonTypeInfo<AdminDeleteUserAttributesRequest> RequestType => AdminDeleteUserAttributesJson.Default.AdminDeleteUserAttributesRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminDeleteUserAttributesJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminDeleteUserAttributesRequest request, CognitoCall call)
    {
        request.Validate();
        var validation = new Validation().Required(request.UserAttributeNames, "userAttributeNames");
        for (var i = 0; i < (request.UserAttributeNames?.Count ?? 0); i++)
        {
            var name = request.UserAttributeNames![i];
            var member = $"userAttributeNames.{i + 1}.member";
            validation.Required(name, member).Length(name, 1, 32, member).Pattern(name, Patterns.AttributeName(), member);
        }

        validation.ThrowIfAny();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var user = await UserLookup.GetAsync(session, pool, request.Username!, call.CancellationToken).ConfigureAwait(false);
        AttributeRules.CheckDelete(pool, request.UserAttributeNames!, admin: true);
        AttributeUpdates.Delete(user, request.UserAttributeNames!);
        user.LastModified = services.Now;
        await session.SaveUserAsync(user, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(AdminDeleteUserAttributesRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminDeleteUserAttributesJson : JsonSerializerContext;
