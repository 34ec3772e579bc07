using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

/// <summary>Stops a job that has not finished. Jobs run when started, so in practice this stops a Created job.</summary>
internal sealed class StopUserImportJob(CognitoServices services, GatehouseOptions options) : CognitoAction<UserImportJobIdRequest, UserImportJobResponse>
{
    protected override JsonTypeInfo<UserImportJobIdRequest> RequestType => StopUserImportJobJson.Default.UserImportJobIdRequest;

    protected override JsonTypeInfo<UserImportJobResponse> ResponseType => StopUserImportJobJson.Default.UserImportJobResponse;

    protected override async Task<UserImportJobResponse> HandleAsync(UserImportJobIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var job = await UserImportJobs.JobAsync(session, pool.Id, request.JobId!, call).ConfigureAwait(false);
        job.Stop(services.Now);
        await job.SaveAsync(session, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        UserImportJobs.DeleteCsv(options, pool.Id, job.JobId!);
        return new UserImportJobResponse { UserImportJob = job };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UserImportJobIdRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class StopUserImportJobJson : JsonSerializerContext;
