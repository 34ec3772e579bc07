using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class CreateUserPoolRequest : PoolSettingsRequest
{
    public string? PoolName { get; set; }
    public List<string>? AliasAttributes { get; set; }
    public List<string>? UsernameAttributes { get; set; }
    public List<SchemaAttribute>? Schema { get; set; }
    public UsernameConfiguration? UsernameConfiguration { get; set; }
}

internal sealed class UserPoolResponse
{
    public UserPool? UserPool { get; set; }
}

internal sealed class CreateUserPool(CognitoServices services) : CognitoAction<CreateUserPoolRequest, UserPoolResponse>
{
    protected override JsonTypeInfo<CreateUserPoolRequest> RequestType => CreateUserPoolJson.Default.CreateUserPoolRequest;

    protected override JsonTypeInfo<UserPoolResponse> ResponseType => CreateUserPoolJson.Default.UserPoolResponse;

    protected override async Task<UserPoolResponse> HandleAsync(CreateUserPoolRequest request, CognitoCall call)
    {
        PoolSettings.ValidateName(request.PoolName, "poolName");
        PoolSettings.Validate(request);
        ValidateSignInAttributes(request);
        var schema = ValidateSchema(request.Schema);

        var now = services.Now;
        var id = services.Ids.NewPoolId(call.Region);
        var pool = new UserPool
        {
            Id = id,
            Name = request.PoolName!,
            AliasAttributes = request.AliasAttributes,
            UsernameAttributes = request.UsernameAttributes,
            UsernameConfiguration = request.UsernameConfiguration,
            SchemaAttributes = schema,
            CreationDate = now,
            LastModifiedDate = now,
            Arn = services.PoolArn(call.Region, id),
            EstimatedNumberOfUsers = 0,
        };
        PoolSettings.Apply(pool, request);

        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
        await services.Keys.CreateAsync(session, id, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);

        // The MFA factors belong to GetUserPoolMfaConfig; UserPoolType has no such member.
        pool.Mfa = null;
        return new UserPoolResponse { UserPool = pool };
    }

    internal static void ValidateSignInAttributes(CreateUserPoolRequest request)
    {
        var validation = new Validation();
        foreach (var alias in request.AliasAttributes ?? [])
        {
            validation.OneOf(alias, ["phone_number", "email", "preferred_username"], "aliasAttributes.member");
        }

        foreach (var name in request.UsernameAttributes ?? [])
        {
            validation.OneOf(name, PoolSettings.VerifiableAttributes, "usernameAttributes.member");
        }

        validation.ThrowIfAny();
        if (request.AliasAttributes is { Count: > 0 } && request.UsernameAttributes is { Count: > 0 })
        {
            throw CognitoException.InvalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.");
        }
    }

    internal static List<SchemaAttribute> ValidateSchema(List<SchemaAttribute>? requested)
    {
        new Validation().Count(requested, 1, 50, "schema").ThrowIfAny();
        foreach (var attribute in requested ?? [])
        {
            new Validation()
                .Required(attribute.Name, "schema.member.name")
                .Length(attribute.Name, 1, 20, "schema.member.name")
                .OneOf(attribute.AttributeDataType, ["String", "Number", "DateTime", "Boolean"], "schema.member.attributeDataType")
                .ThrowIfAny();
            if (!StandardSchema.IsStandard(attribute.Name!) && attribute.Required == true)
            {
                throw CognitoException.InvalidParameter("Required custom attributes are not supported currently.");
            }
        }

        return StandardSchema.Build(requested);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateUserPoolRequest))]
[JsonSerializable(typeof(UserPoolResponse))]
internal sealed partial class CreateUserPoolJson : JsonSerializerContext;
