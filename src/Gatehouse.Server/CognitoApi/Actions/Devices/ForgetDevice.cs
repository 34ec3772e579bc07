using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class ForgetDevice(CognitoServices services) : CognitoAction<DeviceRequest, Empty>
{
    protected override JsonTypeInfo<DeviceRequest> RequestType => ForgetDeviceJson.Default.DeviceRequest;

    protected override JsonTypeInfo<Empty> ResponseType => ForgetDeviceJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(DeviceRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        await services.Authenticator.Devices.ForgetAsync(session, signedIn.Pool.Id, signedIn.User.Key, request.DeviceKey!, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeviceRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class ForgetDeviceJson : JsonSerializerContext;
