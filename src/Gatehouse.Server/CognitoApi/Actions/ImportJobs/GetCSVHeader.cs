using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.UserPools;
using Gatehouse.Server.CognitoApi.Actions.Pools;

namespace Gatehouse.Server.CognitoApi.Actions.ImportJobs;

internal sealed class GetCSVHeaderResponse
{
    public string? UserPoolId { get; set; }
    public List<string>? CSVHeader { get; set; }
}

internal sealed class GetCSVHeader(CognitoServices services) : CognitoAction<UserPoolIdRequest, GetCSVHeaderResponse>
{
    protected override JsonTypeInfo<UserPoolIdRequest> RequestType => GetCSVHeaderJson.Default.UserPoolIdRequest;

    protected override JsonTypeInfo<GetCSVHeaderResponse> ResponseType => GetCSVHeaderJson.Default.GetCSVHeaderResponse;

    protected override async Task<GetCSVHeaderResponse> HandleAsync(UserPoolIdRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        return new GetCSVHeaderResponse { UserPoolId = pool.Id, CSVHeader = UserImportCsv.Header(pool) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserPoolIdRequest))]
[JsonSerializable(typeof(GetCSVHeaderResponse))]
internal sealed partial class GetCSVHeaderJson : JsonSerializerContext;
