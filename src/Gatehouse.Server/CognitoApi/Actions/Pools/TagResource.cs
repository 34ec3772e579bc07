using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class TagResourceRequest
{
    public string? ResourceArn { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>Adds tags to a user pool, replacing the values of keys it already has; a pool holds at most 50.</summary>
internal sealed class TagResource(CognitoServices services) : CognitoAction<TagResourceRequest, Empty>
{
    protected override JsonTypeInfo<TagResourceRequest> RequestType => TagResourceJson.Default.TagResourceRequest;

    protected override JsonTypeInfo<Empty> ResponseType => TagResourceJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(TagResourceRequest request, CognitoCall call)
    {
        var validation = new Validation();
        PoolTags.ValidateArn(validation, request.ResourceArn);
        validation.Required(request.Tags, "tags");
        PoolTags.ValidateTags(validation, request.Tags, "tags");
        validation.ThrowIfAny();

        await PoolTags.ChangeAsync(services, call, request.ResourceArn!, tags =>
        {
            foreach (var (key, value) in request.Tags!)
            {
                tags[key] = value;
            }

            if (tags.Count > PoolTags.MaxTagsPerPool)
            {
                throw CognitoException.InvalidParameter($"A user pool can have at most {PoolTags.MaxTagsPerPool} tags.");
            }
        }).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class TagResourceJson : JsonSerializerContext;
