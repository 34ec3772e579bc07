using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class UntagResourceRequest
{
    public string? ResourceArn { get; set; }
    public List<string>? TagKeys { get; set; }
}

/// <summary>Removes tags from a user pool by key; keys the pool does not have are ignored.</summary>
internal sealed class UntagResource(CognitoServices services) : CognitoAction<UntagResourceRequest, Empty>
{
    protected override JsonTypeInfo<UntagResourceRequest> RequestType => UntagResourceJson.Default.UntagResourceRequest;

    protected override JsonTypeInfo<Empty> ResponseType => UntagResourceJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(UntagResourceRequest request, CognitoCall call)
    {
        var validation = new Validation();
        PoolTags.ValidateArn(validation, request.ResourceArn);
        validation.Required(request.TagKeys, "tagKeys");
        foreach (var key in request.TagKeys ?? [])
        {
            validation.Length(key, 1, 128, "tagKeys.member");
        }

        validation.ThrowIfAny();
        await PoolTags.ChangeAsync(services, call, request.ResourceArn!, tags =>
        {
            foreach (var key in request.TagKeys!)
            {
                tags.Remove(key);
            }
        }).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class UntagResourceJson : JsonSerializerContext;
