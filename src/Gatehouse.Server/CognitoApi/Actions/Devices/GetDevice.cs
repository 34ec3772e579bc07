using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class GetDevice(CognitoServices services) : CognitoAction<DeviceRequest, GetDeviceResponse>
{
    protected override JsonTypeInfo<DeviceRequest> RequestType => GetDeviceJson.Default.DeviceRequest;

    protected override JsonTypeInfo<GetDeviceResponse> ResponseType => GetDeviceJson.Default.GetDeviceResponse;

    protected override async Task<GetDeviceResponse> HandleAsync(DeviceRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var device = await services.Authenticator.Devices.GetAsync(session, signedIn.Pool.Id, signedIn.User.Key, request.DeviceKey!, call.CancellationToken)
            .ConfigureAwait(false);
        return new GetDeviceResponse { Device = DeviceType.From(device) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(DeviceRequest))]
[JsonSerializable(typeof(GetDeviceResponse))]
internal sealed partial class GetDeviceJson : JsonSerializerContext;
