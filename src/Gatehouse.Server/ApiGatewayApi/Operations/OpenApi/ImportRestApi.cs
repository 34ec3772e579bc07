using System.Text.Json;
using Gatehouse.Core.Gateway;
using Gatehouse.Core.Gateway.OpenApi;

namespace Gatehouse.Server.ApiGatewayApi.Operations.OpenApi;

/// <summary>POST <c>/restapis?mode=import</c>: a new API from a raw OpenAPI 3.0 or Swagger 2.0 file (JSON or YAML).</summary>
internal sealed class ImportRestApi(ApiGatewayServices services) : ApiGatewayRawOperation(services)
{
    public override string HttpMethod => "POST";

    public override string Route => "/restapis";

    public override string? QueryMode => "import";

    public override int SuccessStatus => 201;

    protected override async Task<byte[]?> HandleAsync(ReadOnlyMemory<byte> body, ApiGatewayCall call)
    {
        var document = OpenApiText.Parse(body.Span);
        var options = ImportOptions.From(call);
        await using var session = await Services.WriteAsync(call).ConfigureAwait(false);
        string id;
        do
        {
            id = Services.Ids.NewRestApiId();
        }
        while (await RestApiStore.FindAsync(session, id, call.CancellationToken).ConfigureAwait(false) is not null);

        var (api, warnings) = OpenApiImport.Create(document, id, options, Services.Ids, Services.Now);
        await Services.SaveAsync(session, api, call).ConfigureAwait(false);
        api.Api.Warnings = warnings.Count > 0 ? warnings : null;
        return JsonSerializer.SerializeToUtf8Bytes(api.Api, ApiGatewayJson.Default.RestApi);
    }
}

/// <summary>The query parameters ImportRestApi and PutRestApi share: <c>failonwarnings</c> and the <c>parameters</c> map.</summary>
internal static class ImportOptions
{
    public static OpenApiImportOptions From(ApiGatewayCall call) => new()
    {
        FailOnWarnings = call.Query("failonwarnings") switch
        {
            null => false,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw ApiGatewayException.Serialization($"Could not deserialize the request: '{text}' at 'failonwarnings' is not a boolean."),
        },
        EndpointConfigurationTypes = call.Query("endpointConfigurationTypes"),
        BasePath = call.Query("basepath"),
    };
}
