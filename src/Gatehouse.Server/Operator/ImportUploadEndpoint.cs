using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.ImportJobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Server.Operator;

/// <summary>
/// <c>PUT /_gatehouse/import/{poolId}/{jobId}</c>: the PreSignedUrl of a user import job. It stands in for S3 and
/// takes the CSV the way a pre-signed PUT does (<c>curl -T users.csv URL</c>), within 15 minutes of the job's creation.
/// </summary>
internal static class ImportUploadEndpoint
{
    public static async Task<IResult> PutAsync(
        string poolId, string jobId, HttpContext context, IGatehouseStore store, GatehouseOptions options, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        UserImportJob? job;
        await using (var session = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            job = await UserImportJob.GetAsync(session, poolId, jobId, cancellationToken).ConfigureAwait(false);
        }

        if (job is null)
        {
            return Error(404, $"Import job {jobId} does not exist in user pool {poolId}.");
        }

        if (!job.AcceptsUpload(time.GetUtcNow()))
        {
            // S3 answers an expired pre-signed URL with 403 AccessDenied.
            return Error(403, "Request has expired: the upload URL of an import job works for 15 minutes, while the job is Created.");
        }

        if (context.Request.ContentLength > UserImportJobs.MaxCsvBytes)
        {
            return Error(413, "The CSV file is larger than 100 MB.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = UserImportJobs.MaxCsvBytes + 1;
        }

        var path = UserImportJobs.CsvPath(options, poolId, jobId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".part";
        try
        {
            if (!await CopyAsync(context.Request.Body, partial, cancellationToken).ConfigureAwait(false))
            {
                File.Delete(partial);
                return Error(413, "The CSV file is larger than 100 MB.");
            }

            // A second PUT replaces the first, as it would in S3; the job only ever sees a whole file.
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        return Results.Ok();
    }

    private static async Task<bool> CopyAsync(Stream body, string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > UserImportJobs.MaxCsvBytes)
            {
                return false;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new OperatorError(message), OperatorJson.Default.OperatorError, statusCode: status);
}
