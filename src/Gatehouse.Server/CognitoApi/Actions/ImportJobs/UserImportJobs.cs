using System.Text.RegularExpressions;
using Gatehouse.Core;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

/// <summary>The request of DescribeUserImportJob, StartUserImportJob and StopUserImportJob.</summary>
internal sealed class UserImportJobIdRequest
{
    public string? UserPoolId { get; set; }
    public string? JobId { get; set; }

    public void Validate() =>
        UserImportJobs.PoolId(new Validation(), UserPoolId)
            .Required(JobId, "jobId")
            .Length(JobId, 1, 55, "jobId")
            .Pattern(JobId, UserImportJobs.JobIdPattern(), "jobId")
            .ThrowIfAny();
}

/// <summary>The response of every import job action but ListUserImportJobs.</summary>
internal sealed class UserImportJobResponse
{
    public UserImportJob? UserImportJob { get; set; }
}

/// <summary>What the import job actions share: AWS's patterns, the job lookup, and where an uploaded CSV is kept.</summary>
internal static partial class UserImportJobs
{
    /// <summary>Cognito's largest import file.</summary>
    public const long MaxCsvBytes = 100L * 1024 * 1024;

    /// <summary>The path the upload URL of a job points at, under the public URL.</summary>
    public static string UploadPath(string poolId, string jobId) => $"/_gatehouse/import/{poolId}/{jobId}";

    /// <summary>Where the uploaded CSV of a job waits until the job is started.</summary>
    public static string CsvPath(GatehouseOptions options, string poolId, string jobId) =>
        Path.Combine(options.DataDirectory, "imports", poolId, jobId + ".csv");

    /// <summary>Removes a job's CSV once the job can no longer use it.</summary>
    public static void DeleteCsv(GatehouseOptions options, string poolId, string jobId)
    {
        var path = CsvPath(options, poolId, jobId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Adds the userPoolId checks, so that one message reports every violation of a request, as AWS does.</summary>
    public static Validation PoolId(Validation validation, string? userPoolId) =>
        validation.Required(userPoolId, "userPoolId").Length(userPoolId, 1, 55, "userPoolId").Pattern(userPoolId, Patterns.PoolId(), "userPoolId");

    public static async Task<UserImportJob> JobAsync(IStoreSession session, string poolId, string jobId, CognitoCall call) =>
        await UserImportJob.GetAsync(session, poolId, jobId, call.CancellationToken).ConfigureAwait(false)
            ?? throw CognitoException.ResourceNotFound($"Import job {jobId} does not exist.");

    [GeneratedRegex(@"^import-[0-9a-zA-Z-]+$")]
    public static partial Regex JobIdPattern();

    [GeneratedRegex(@"^[\w\s+=,.@-]+$")]
    public static partial Regex JobNamePattern();

    [GeneratedRegex(@"^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$")]
    public static partial Regex ArnPattern();
}
