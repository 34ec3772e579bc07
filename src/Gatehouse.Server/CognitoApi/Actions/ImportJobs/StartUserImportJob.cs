using System.Text;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

/// <summary>
/// Starts a Created job and, unlike AWS, runs it before answering: the answer already says Succeeded or Failed with
/// the counts. The import is one bulk transaction. It is bound to the server's lifetime, not to the request, so a
/// client that gives up waiting does not roll back an import that is almost done. Where AWS writes the rows that
/// failed to CloudWatch Logs, this logs the first <see cref="UserImport.KeptFailures"/> of them.
/// </summary>
internal sealed partial class StartUserImportJob(
    CognitoServices services, GatehouseOptions options, IHostApplicationLifetime lifetime, ILogger<StartUserImportJob> logger)
    : CognitoAction<UserImportJobIdRequest, UserImportJobResponse>
{
    protected override JsonTypeInfo<UserImportJobIdRequest> RequestType => StartUserImportJobJson.Default.UserImportJobIdRequest;

    protected override JsonTypeInfo<UserImportJobResponse> ResponseType => StartUserImportJobJson.Default.UserImportJobResponse;

    protected override async Task<UserImportJobResponse> HandleAsync(UserImportJobIdRequest request, CognitoCall call)
    {
        request.Validate();
        UserPool pool;
        UserImportJob job;
        await using (var session = await services.WriteAsync(call).ConfigureAwait(false))
        {
            pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
            job = await UserImportJobs.JobAsync(session, pool.Id, request.JobId!, call).ConfigureAwait(false);
            job.Start(services.Now);
            if (UserImportCsv.CheckPool(pool) is { } problem)
            {
                throw new CognitoException("PreconditionNotMetException", problem);
            }

            await job.SaveAsync(session, call.CancellationToken).ConfigureAwait(false);
            await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        }

        var path = UserImportJobs.CsvPath(options, pool.Id, job.JobId!);
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await RunAsync(pool, job, path, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not CognitoException)
        {
            // Whatever went wrong, the bulk transaction rolled back: say so in the job rather than leave it InProgress.
            job.Fail("The import stopped with an internal error; no users were imported.", services.Now);
            job.ImportedUsers = job.SkippedUsers = job.FailedUsers = 0;
            await SaveAsync(job, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await SaveAsync(job, stopping).ConfigureAwait(false);
        UserImportJobs.DeleteCsv(options, pool.Id, job.JobId!);
        LogFinished(job.JobId!, pool.Id, job.Status!, job.ImportedUsers, job.SkippedUsers, job.FailedUsers, job.CompletionMessage);
        return new UserImportJobResponse { UserImportJob = job };
    }

    private async Task RunAsync(UserPool pool, UserImportJob job, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            job.Fail("The CSV file was not uploaded to the job's PreSignedUrl.", services.Now);
            return;
        }

        var bulk = services.Store as IBulkUserStore
            ?? throw new InvalidOperationException("The store cannot import users in bulk.");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true,
            new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan });
        UserImportCsv csv;
        try
        {
            csv = await UserImportCsv.OpenAsync(pool, reader, services.Ids, services.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            job.Fail(e.Message, services.Now);
            return;
        }

        await using var writer = await bulk.OpenBulkWriterAsync(cancellationToken).ConfigureAwait(false);
        var summary = await UserImport.RunAsync(csv, writer, cancellationToken).ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        job.Complete(summary, services.Now);
        foreach (var failure in summary.Failures)
        {
            LogRowFailed(job.JobId!, pool.Id, failure.ToString());
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "Import job {JobId} of {UserPoolId} {Status}: {Imported} imported, {Skipped} skipped, {Failed} failed. {CompletionMessage}")]
    private partial void LogFinished(string jobId, string userPoolId, string status, long imported, long skipped, long failed, string? completionMessage);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Import job {JobId} of {UserPoolId}: {Failure}")]
    private partial void LogRowFailed(string jobId, string userPoolId, string failure);

    private async Task SaveAsync(UserImportJob job, CancellationToken cancellationToken)
    {
        await using var session = await services.Store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
        await job.SaveAsync(session, cancellationToken).ConfigureAwait(false);
        await session.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UserImportJobIdRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class StartUserImportJobJson : JsonSerializerContext;
