using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class AdminForgetDevice(CognitoServices services) : CognitoAction<AdminDeviceRequest, Empty>
{
    protected override JsonTypeInfo<AdminDeviceRequest> RequestType => AdminForgetDeviceJson.Default.AdminDeviceRequest;

    protected override JsonTypeInfo<Empty> ResponseType => AdminForgetDeviceJson.Default.Empty;

    protected override async Task<Empty> HandleAsync(AdminDeviceRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var (pool, user) = await DeviceRules.AdminUserAsync(session, request.UserPoolId!, request.Username!, call).ConfigureAwait(false);
        await services.Authenticator.Devices.ForgetAsync(session, pool.Id, user.Key, request.DeviceKey!, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return Empty.Instance;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdminDeviceRequest))]
[JsonSerializable(typeof(Empty))]
internal sealed partial class AdminForgetDeviceJson : JsonSerializerContext;
