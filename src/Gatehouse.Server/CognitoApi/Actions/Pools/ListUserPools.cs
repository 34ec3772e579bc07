using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Pools;

internal sealed class ListUserPoolsRequest
{
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
}

internal sealed class UserPoolDescriptionType
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public System.Text.Json.JsonElement? LambdaConfig { get; set; }
    public string? Status { get; set; }
    public DateTimeOffset? LastModifiedDate { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
}

internal sealed class ListUserPoolsResponse
{
    public List<UserPoolDescriptionType> UserPools { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class ListUserPools(CognitoServices services) : CognitoAction<ListUserPoolsRequest, ListUserPoolsResponse>
{
    protected override JsonTypeInfo<ListUserPoolsRequest> RequestType => ListUserPoolsJson.Default.ListUserPoolsRequest;

    protected override JsonTypeInfo<ListUserPoolsResponse> ResponseType => ListUserPoolsJson.Default.ListUserPoolsResponse;

    protected override async Task<ListUserPoolsResponse> HandleAsync(ListUserPoolsRequest request, CognitoCall call)
    {
        new Validation()
            .Required(request.MaxResults, "maxResults")
            .Range(request.MaxResults, 1, 60, "maxResults")
            .Length(request.NextToken, 1, 131072, "nextToken")
            .ThrowIfAny();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var after = PageToken.Decode(request.NextToken);
        var pools = await session.ListPoolsAsync(after, request.MaxResults!.Value + 1, call.CancellationToken).ConfigureAwait(false);
        var (page, next) = PageToken.Cut(pools, request.MaxResults.Value, p => p.Id);
        return new ListUserPoolsResponse
        {
            UserPools = page.Select(p => new UserPoolDescriptionType
            {
                Id = p.Id,
                Name = p.Name,
                LambdaConfig = p.LambdaConfig,
                LastModifiedDate = p.LastModifiedDate,
                CreationDate = p.CreationDate,
            }).ToList(),
            NextToken = next,
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListUserPoolsRequest))]
[JsonSerializable(typeof(ListUserPoolsResponse))]
internal sealed partial class ListUserPoolsJson : JsonSerializerContext;
