using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

internal sealed class ListUserImportJobsRequest
{
    public string? UserPoolId { get; set; }
    public int? MaxResults { get; set; }
    public string? PaginationToken { get; set; }
}

internal sealed class ListUserImportJobsResponse
{
    public List<UserImportJob> UserImportJobs { get; set; } = [];
    public string? PaginationToken { get; set; }
}

/// <summary>A pool's import jobs, last created first; the token is the id of the last job of the previous page.</summary>
internal sealed class ListUserImportJobs(CognitoServices services) : CognitoAction<ListUserImportJobsRequest, ListUserImportJobsResponse>
{
    protected override JsonTypeInfo<ListUserImportJobsRequest> RequestType => ListUserImportJobsJson.Default.ListUserImportJobsRequest;

    protected override JsonTypeInfo<ListUserImportJobsResponse> ResponseType => ListUserImportJobsJson.Default.ListUserImportJobsResponse;

    protected override async Task<ListUserImportJobsResponse> HandleAsync(ListUserImportJobsRequest request, CognitoCall call)
    {
        UserImportJobs.PoolId(new Validation(), request.UserPoolId)
            .Required(request.MaxResults, "maxResults")
            .Range(request.MaxResults, 1, 60, "maxResults")
            .Length(request.PaginationToken, 1, int.MaxValue, "paginationToken")
            .ThrowIfAny();

        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var jobs = await UserImportJob.ListAsync(session, pool.Id, call.CancellationToken).ConfigureAwait(false);
        var start = 0;
        if (PageToken.Decode(request.PaginationToken) is { } after)
        {
            var index = jobs.FindIndex(j => j.JobId == after);
            start = index < 0 ? throw CognitoException.InvalidParameter("Invalid pagination token.") : index + 1;
        }

        var now = services.Now;
        var page = jobs.Skip(start).Take(request.MaxResults!.Value).Select(j => j.AsOf(now)).ToList();
        return new ListUserImportJobsResponse
        {
            UserImportJobs = page,
            PaginationToken = start + page.Count < jobs.Count ? PageToken.Encode(page[^1].JobId!) : null,
        };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListUserImportJobsRequest))]
[JsonSerializable(typeof(ListUserImportJobsResponse))]
internal sealed partial class ListUserImportJobsJson : JsonSerializerContext;
