using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.ResourceServers;

internal sealed class DescribeResourceServer(CognitoServices services) : CognitoAction<ResourceServerRequest, ResourceServerResponse>
{
    protected override JsonTypeInfo<ResourceServerRequest> RequestType => DescribeResourceServerJson.Default.ResourceServerRequest;

    protected override JsonTypeInfo<ResourceServerResponse> ResponseType => DescribeResourceServerJson.Default.ResourceServerResponse;

    protected override async Task<ResourceServerResponse> HandleAsync(ResourceServerRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var pool = await CognitoServices.PoolAsync(session, request.UserPoolId!, call).ConfigureAwait(false);
        return new ResourceServerResponse { ResourceServer = await ResourceServerRules.ResourceServerAsync(session, pool.Id, request.Identifier!, call).ConfigureAwait(false) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ResourceServerRequest))]
[JsonSerializable(typeof(ResourceServerResponse))]
internal sealed partial class DescribeResourceServerJson : JsonSerializerContext;
