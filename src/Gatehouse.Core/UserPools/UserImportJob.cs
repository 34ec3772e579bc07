using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;

namespace Gatehouse.Core.UserPools;

/// <summary>
/// A user import job, shaped as AWS's <c>UserImportJobType</c>, with the transitions Cognito allows:
/// Created, then InProgress when started, then Succeeded, Failed or Stopped. Stored as a grant of kind
/// <see cref="GrantKind"/>, so it needs no table of its own.
/// </summary>
public sealed class UserImportJob
{
    public const string GrantKind = "importjob";

    /// <summary>How long the upload URL of a new job works.</summary>
    public static readonly TimeSpan UploadWindow = TimeSpan.FromMinutes(15);

    /// <summary>A job not started within this time has expired and cannot be started.</summary>
    public static readonly TimeSpan StartWindow = TimeSpan.FromHours(24);

    // Every job of a pool is filed under this grant user key, so they list by pool through the grants_by_user
    // index. It holds a space, which no username can, so deleting a user never deletes a pool's jobs.
    private const string JobsUserKey = " importjobs";

    public string? JobName { get; set; }
    public string? JobId { get; set; }
    public string? UserPoolId { get; set; }
    public string? PreSignedUrl { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public DateTimeOffset? StartDate { get; set; }
    public DateTimeOffset? CompletionDate { get; set; }
    public string? Status { get; set; }
    public string? CloudWatchLogsRoleArn { get; set; }
    public long ImportedUsers { get; set; }
    public long SkippedUsers { get; set; }
    public long FailedUsers { get; set; }
    public string? CompletionMessage { get; set; }

    /// <summary>The job as a caller sees it now: a Created job past <see cref="StartWindow"/> has Expired.</summary>
    public UserImportJob AsOf(DateTimeOffset now)
    {
        if (Status == UserImportJobStatus.Created && now > CreationDate + StartWindow)
        {
            Status = UserImportJobStatus.Expired;
        }

        return this;
    }

    /// <summary>Whether the job still takes its CSV upload.</summary>
    public bool AcceptsUpload(DateTimeOffset now) => Status == UserImportJobStatus.Created && now <= CreationDate + UploadWindow;

    /// <summary>Marks the job started; only a Created job can start.</summary>
    public void Start(DateTimeOffset now)
    {
        AsOf(now);
        if (Status != UserImportJobStatus.Created)
        {
            throw new CognitoException("PreconditionNotMetException", $"Import job {JobId} cannot be started because its status is {Status}.");
        }

        Status = UserImportJobStatus.InProgress;
        StartDate = now;
    }

    /// <summary>
    /// Records what the import did. A file whose rows were all failed or skipped fails the job, with Cognito's
    /// message for that; otherwise the job succeeded, and its failed and skipped rows are counted.
    /// </summary>
    public void Complete(UserImportSummary summary, DateTimeOffset now)
    {
        ImportedUsers = summary.Imported;
        SkippedUsers = summary.Skipped;
        FailedUsers = summary.Failed;
        if (summary.Imported == 0 && summary.Failed + summary.Skipped > 0)
        {
            Finish(UserImportJobStatus.Failed, "Too many users have failed or been skipped during the import.", now);
        }
        else
        {
            Finish(UserImportJobStatus.Succeeded, "Import Job Completed Successfully.", now);
        }
    }

    public void Fail(string message, DateTimeOffset now) => Finish(UserImportJobStatus.Failed, message, now);

    /// <summary>Stops a job that has not finished; a finished job cannot be stopped.</summary>
    public void Stop(DateTimeOffset now)
    {
        AsOf(now);
        if (Status is not (UserImportJobStatus.Created or UserImportJobStatus.Pending or UserImportJobStatus.InProgress))
        {
            throw new CognitoException("PreconditionNotMetException", $"Import job {JobId} cannot be stopped because its status is {Status}.");
        }

        Finish(UserImportJobStatus.Stopped, "The Import Job was stopped by the developer.", now);
    }

    public static async Task<UserImportJob?> GetAsync(IStoreSession session, string poolId, string jobId, CancellationToken cancellationToken)
    {
        var grant = await session.GetGrantAsync(GrantKind, jobId, cancellationToken).ConfigureAwait(false);
        return grant is null || grant.PoolId != poolId ? null : JsonSerializer.Deserialize(grant.Data, UserImportJobJson.Default.UserImportJob);
    }

    /// <summary>The pool's jobs, last created first, as Cognito lists them.</summary>
    public static async Task<List<UserImportJob>> ListAsync(IStoreSession session, string poolId, CancellationToken cancellationToken)
    {
        var grants = await session.ListUserGrantsAsync(poolId, JobsUserKey, GrantKind, cancellationToken).ConfigureAwait(false);
        return grants
            .Select(g => JsonSerializer.Deserialize(g.Data, UserImportJobJson.Default.UserImportJob)!)
            .OrderByDescending(j => j.CreationDate)
            .ThenBy(j => j.JobId, StringComparer.Ordinal)
            .ToList();
    }

    public Task SaveAsync(IStoreSession session, CancellationToken cancellationToken) =>
        session.SaveGrantAsync(
            new Grant
            {
                Kind = GrantKind,
                Id = JobId!,
                PoolId = UserPoolId!,
                UserKey = JobsUserKey,
                Data = JsonSerializer.Serialize(this, UserImportJobJson.Default.UserImportJob),
                ExpiresAt = DateTimeOffset.MaxValue,
            },
            cancellationToken);

    private void Finish(string status, string message, DateTimeOffset now)
    {
        Status = status;
        CompletionDate = now;
        // CompletionMessage is at most 128 characters in AWS's model.
        CompletionMessage = message.Length <= 128 ? message : message[..125] + "...";
    }
}

public static class UserImportJobStatus
{
    public const string Created = "Created";
    public const string Pending = "Pending";
    public const string InProgress = "InProgress";
    public const string Stopping = "Stopping";
    public const string Expired = "Expired";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
    public const string Succeeded = "Succeeded";
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UserImportJob))]
internal sealed partial class UserImportJobJson : JsonSerializerContext;
