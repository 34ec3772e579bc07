using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class AddCustomAttributesRequest
{
    public string? UserPoolId { get; set; }
    public List<SchemaAttribute>? CustomAttributes { get; set; }
}

/// <summary>Adds custom attributes to the pool's schema, all or none. They can never be removed.</summary>
internal sealed class AddCustomAttributes(CognitoServices services) : CognitoAction<AddCustomAttributesRequest, Empty>
{
    // AWS's quota of custom attributes per pool, which cannot be raised.
    private const int MaxCustomAttributes = 50;

    protected override JsonTypeInfo<AddCustomAttributesRequest> RequestType => AddCustomAttributesJson.Default.AddCustomAttributesRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AddCustomAttributesJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AddCustomAttributesRequest request, CognitoCall call)
    {
        Validate(request);
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var schema = pool.SchemaAttributes ?? [];
        var added = new List<SchemaAttribute>();
        foreach (var requested in request.CustomAttributes!)
        {
            // AWS always prefixes the given name, so "custom:x" becomes "custom:custom:x".
            requested.Name = "custom:" + requested.Name;
            var attribute = StandardSchema.Custom(requested);
            if (schema.Concat(added).Any(s => s.Name == attribute.Name))
            {
                throw CognitoException.InvalidParameter($"{attribute.Name}: Existing attribute already has name {attribute.Name}.");
            }

            added.Add(attribute);
        }

        if (schema.Count(s => s.Name is not null && !StandardSchema.IsStandard(s.Name)) + added.Count > MaxCustomAttributes)
        {
            throw CognitoException.InvalidParameter($"A user pool can have at most {MaxCustomAttributes} custom attributes.");
        }

        pool.SchemaAttributes = [.. schema, .. added];
        pool.LastModifiedDate = services.Now;
        await session.SavePoolAsync(pool, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }

    private static void Validate(AddCustomAttributesRequest request)
    {
        var validation = new Validation()
            .Required(request.UserPoolId, "userPoolId")
            .Length(request.UserPoolId, 1, 55, "userPoolId")
            .Pattern(request.UserPoolId, Patterns.PoolId(), "userPoolId")
            .Required(request.CustomAttributes, "customAttributes")
            .Count(request.CustomAttributes, 1, 25, "customAttributes");
        for (var i = 0; i < (request.CustomAttributes?.Count ?? 0); i++)
        {
            var attribute = request.CustomAttributes![i];
            var member = $"customAttributes.{i + 1}.member";
            if (attribute is null)
            {
                validation.Required(attribute, member);
                continue;
            }

            validation
                .Required(attribute.Name, $"{member}.name")
                .Length(attribute.Name, 1, 20, $"{member}.name")
                .Pattern(attribute.Name, Patterns.Username(), $"{member}.name")
                .OneOf(attribute.AttributeDataType, ["String", "Number", "DateTime", "Boolean"], $"{member}.attributeDataType");
        }

        validation.ThrowIfAny();
        if (request.CustomAttributes!.Any(a => a.Required == true))
        {
            throw CognitoException.InvalidParameter("Required custom attributes are not supported currently.");
        }
    }
}

[JsonSerializable(typeof(AddCustomAttributesRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AddCustomAttributesJson : JsonSerializerContext;
