using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

internal sealed class DescribeUserImportJob(CognitoServices services) : CognitoAction<UserImportJobIdRequest, UserImportJobResponse>
{
    protected override JsonTypeInfo<UserImportJobIdRequest> RequestType => DescribeUserImportJobJson.Default.UserImportJobIdRequest;

    protected override JsonTypeInfo<UserImportJobResponse> ResponseType => DescribeUserImportJobJson.Default.UserImportJobResponse;

    protected override async Task<UserImportJobResponse> HandleAsync(UserImportJobIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        var job = await UserImportJobs.JobAsync(session, pool.Id, request.JobId!, call).ConfigureAwait(false);
        return new UserImportJobResponse { UserImportJob = job.AsOf(services.Now) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(UserImportJobIdRequest))]
[JsonSerializable(typeof(UserImportJobResponse))]
internal sealed partial class DescribeUserImportJobJson : JsonSerializerContext;
