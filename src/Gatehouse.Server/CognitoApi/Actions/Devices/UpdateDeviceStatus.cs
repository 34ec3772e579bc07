using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class UpdateDeviceStatusRequest : DeviceRequest
{
    public string? DeviceRememberedStatus { get; set; }

    public override Validation Rules() => base.Rules().RememberedStatus(DeviceRememberedStatus);
}

internal sealed class UpdateDeviceStatus(CognitoServices services) : CognitoAction<UpdateDeviceStatusRequest, Empty>
{
    protected override JsonTypeInfo<UpdateDeviceStatusRequest> RequestType => UpdateDeviceStatusJson.Default.UpdateDeviceStatusRequest;

    protected override JsonTypeInfo<Empty> ResponseType => UpdateDeviceStatusJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(UpdateDeviceStatusRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        await services.Authenticator.Devices.UpdateStatusAsync(
            session, signedIn.Pool.Id, signedIn.User.Key, request.DeviceKey!, request.DeviceRememberedStatus ?? Core.Auth.DeviceStatus.NotRemembered, call.CancellationToken)
            .ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UpdateDeviceStatusRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class UpdateDeviceStatusJson : JsonSerializerContext;
