using System.Text.Json;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.OpenApi;

namespace Gatehouse.Server.ApiGatewayApi.Operations.OpenApi;

/// <summary>PUT <c>/restapis/{id}?mode=merge|overwrite</c>: an API's definition from a raw OpenAPI file; merge by default.</summary>
internal sealed class PutRestApi(ApiGatewayServices services) : ApiGatewayRawOperation(services)
{
    public override string HttpMethod => "PUT";

    public override string Route => "/restapis/{restapi_id}";

    protected override async Task<byte[]?> HandleAsync(ReadOnlyMemory<byte> body, ApiGatewayCall call)
    {
        var merge = call.Query("mode") switch
        {
            null or "merge" => true,
            "overwrite" => false,
            _ => throw ApiGatewayException.BadRequest("Enumeration value of OpenAPI import mode must be \"overwrite\" or \"merge\""),
        };
        var options = ImportOptions.From(call);
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        var api = await Services.ApiAsync(session, call).ConfigureAwait(false);
        var document = OpenApiText.Parse(body.Span);
        var warnings = OpenApiImport.Put(api, document, merge, options, Services.Ids);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        api.Api.Warnings = warnings.Count > 0 ? warnings : null;
        return JsonSerializer.SerializeToUtf8Bytes(api.Api, ApiGatewayJson.Default.RestApi);
    }
}
