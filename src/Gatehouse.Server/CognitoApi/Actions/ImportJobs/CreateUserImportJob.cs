using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

internal sealed class CreateUserImportJobRequest
{
    public string? JobName { get; set; }
    public string? UserPoolId { get; set; }
    public string? CloudWatchLogsRoleArn { get; set; }
}

/// <summary>
/// Creates a job in Created status. AWS answers with a pre-signed S3 URL for the CSV; here the URL is this server's
/// own upload endpoint, which takes an HTTP PUT of the file within the same 15 minutes.
/// </summary>
internal sealed class CreateUserImportJob(CognitoServices services, IssuerUrls urls) : CognitoAction<CreateUserImportJobRequest, UserImportJobResponse>
{
    protected override JsonTypeInfo<CreateUserImportJobRequest> RequestType => CreateUserImportJobJson.Default.CreateUserImportJobRequest;

    protected override JsonTypeInfo<UserImportJobResponse> ResponseType => CreateUserImportJobJson.Default.UserImportJobResponse;

    protected override async Task<UserImportJobResponse> HandleAsync(CreateUserImportJobRequest request, CognitoCall call)
    {
        var validation = new Validation()
            .Required(request.JobName, "jobName")
            .Length(request.JobName, 1, 128, "jobName")
            .Pattern(request.JobName, UserImportJobs.JobNamePattern(), "jobName");
        UserImportJobs.PoolId(validation, request.UserPoolId)
            .Required(request.CloudWatchLogsRoleArn, "cloudWatchLogsRoleArn")
            .Length(request.CloudWatchLogsRoleArn, 20, 2048, "cloudWatchLogsRoleArn")
            .Pattern(request.CloudWatchLogsRoleArn, UserImportJobs.ArnPattern(), "cloudWatchLogsRoleArn")
            .ThrowIfAny();

        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var jobId = services.Ids.NewImportJobId();
        var job = new UserImportJob
        {
            JobName = request.JobName,
            JobId = jobId,
            UserPoolId = pool.Id,
            PreSignedUrl = urls.PublicUrl + UserImportJobs.UploadPath(pool.Id, jobId),
            CreationDate = services.Now,
            Status = UserImportJobStatus.Created,
            CloudWatchLogsRoleArn = request.CloudWatchLogsRoleArn,
        };
        await job.SaveAsync(session, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new UserImportJobResponse { UserImportJob = job };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateUserImportJobRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class CreateUserImportJobJson : JsonSerializerContext;
