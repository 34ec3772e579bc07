using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Groups;

namespace Gatehouse.Server.CognitoApi.Actions.ResourceServers;

internal sealed class ListResourceServersRequest
{
    public string? UserPoolId { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

internal sealed class ListResourceServersResponse
{
    public List<ResourceServer> ResourceServers { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class ListResourceServers(CognitoServices services) : CognitoAction<ListResourceServersRequest, ListResourceServersResponse>
{
    private const int MaxPage = 50;

    protected override JsonTypeInfo<ListResourceServersRequest> RequestType => ListResourceServersJson.Default.ListResourceServersRequest;

    protected override JsonTypeInfo<ListResourceServersResponse> ResponseType => ListResourceServersJson.Default.ListResourceServersResponse;

    protected override async Task<ListResourceServersResponse> HandleAsync(ListResourceServersRequest request, CognitoCall call)
    {
        new Validation()
            .PoolId(request.UserPoolId)
            .Range(request.MaxResults, 1, MaxPage, "maxResults")
            .Length(request.NextToken, 1, int.MaxValue, "nextToken")
            .Pattern(request.NextToken, Patterns.PaginationKey(), "nextToken")
            .ThrowIfAny();
        var size = request.MaxResults ?? MaxPage;
        var after = PageToken.Decode(request.NextToken);
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);

        // A pool has at most a few dozen servers, so the page is cut in memory.
        var all = await Core.UserPools.ResourceServers.ListAsync(session, pool.Id, call.CancellationToken).ConfigureAwait(false);
        var rows = all.Where(r => after is null || string.CompareOrdinal(r.Identifier, after) > 0).Take(size + 1).ToList();
        var (page, next) = PageToken.Cut(rows, size, r => r.Identifier!);
        return new ListResourceServersResponse { ResourceServers = page, NextToken = next };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListResourceServersRequest))]
[JsonSerializable(typeof(ListResourceServersResponse))]
internal sealed partial class ListResourceServersJson : JsonSerializerContext;
