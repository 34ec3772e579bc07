using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class AdminUpdateDeviceStatusRequest : AdminDeviceRequest
{
    public string? DeviceRememberedStatus { get; set; }

    public override Validation Rules() => base.Rules().RememberedStatus(DeviceRememberedStatus);
}

internal sealed class AdminUpdateDeviceStatus(CognitoServices services) : CognitoAction<AdminUpdateDeviceStatusRequest, Empty>
{
    protected override JsonTypeInfo<AdminUpdateDeviceStatusRequest> RequestType => AdminUpdateDeviceStatusJson.Default.AdminUpdateDeviceStatusRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminUpdateDeviceStatusJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminUpdateDeviceStatusRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var (pool, user) = await DeviceRules.AdminUserAsync(session, request.UserPoolId!, request.Username!, call).ConfigureAwait(false);
        await services.Authenticator.Devices.UpdateStatusAsync(
            session, pool.Id, user.Key, request.DeviceKey!, request.DeviceRememberedStatus ?? Core.Auth.DeviceStatus.NotRemembered, call.CancellationToken)
            .ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminUpdateDeviceStatusRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminUpdateDeviceStatusJson : JsonSerializerContext;
