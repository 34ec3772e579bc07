using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class ListTagsForResourceRequest
{
    public string? ResourceArn { get; set; }
}

internal sealed class ListTagsForResourceResponse
{
    public Dictionary<string, string>? Tags { get; set; }
}

/// <summary>The tags of a user pool: those of CreateUserPool, UpdateUserPool and TagResource.</summary>
internal sealed class ListTagsForResource(CognitoServices services) : CognitoAction<ListTagsForResourceRequest, ListTagsForResourceResponse>
{
    protected override JsonTypeInfo<ListTagsForResourceRequest> RequestType => ListTagsForResourceJson.Default.ListTagsForResourceRequest;

    protected override JsonTypeInfo<ListTagsForResourceResponse> ResponseType => ListTagsForResourceJson.Default.ListTagsForResourceResponse;

    protected override async Task<ListTagsForResourceResponse> HandleAsync(ListTagsForResourceRequest request, CognitoCall call)
    {
        var validation = new Validation();
        PoolTags.ValidateArn(validation, request.ResourceArn);
        validation.ThrowIfAny();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await PoolTags.PoolAsync(session, request.ResourceArn!, call).ConfigureAwait(false);
        return new ListTagsForResourceResponse { Tags = pool.UserPoolTags ?? [] };
    }
}

[JsonSerializable(typeof(ListTagsForResourceRequest))]
[JsonSerializable(typeof(ListTagsForResourceResponse))]
internal sealed partial class ListTagsForResourceJson : JsonSerializerContext;
