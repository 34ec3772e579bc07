using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class ListDevicesRequest
{
    public string? AccessToken { get; set; }
    public int? Limit { get; set; }
    public string? PaginationToken { get; set; }

    public void Validate() => new Validation().AccessToken(AccessToken).Page(Limit, PaginationToken).ThrowIfAny();
}

internal sealed class ListDevices(CognitoServices services) : CognitoAction<ListDevicesRequest, ListDevicesResponse>
{
    protected override JsonTypeInfo<ListDevicesRequest> RequestType => ListDevicesJson.Default.ListDevicesRequest;

    protected override JsonTypeInfo<ListDevicesResponse> ResponseType => ListDevicesJson.Default.ListDevicesResponse;

    protected override async Task<ListDevicesResponse> HandleAsync(ListDevicesRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        return await DeviceRules.PageAsync(services, session, signedIn.Pool.Id, signedIn.User.Key, request.Limit, request.PaginationToken, call).ConfigureAwait(false);
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListDevicesRequest))]
[JsonSerializable(typeof(ListDevicesResponse))]
internal sealed partial class ListDevicesJson : JsonSerializerContext;
