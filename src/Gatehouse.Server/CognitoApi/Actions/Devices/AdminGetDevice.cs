using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core.Json;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class AdminGetDevice(CognitoServices services) : CognitoAction<AdminDeviceRequest, GetDeviceResponse>
{
    protected override JsonTypeInfo<AdminDeviceRequest> RequestType => AdminGetDeviceJson.Default.AdminDeviceRequest;

    protected override JsonTypeInfo<GetDeviceResponse> ResponseType => AdminGetDeviceJson.Default.GetDeviceResponse;

    protected override async Task<GetDeviceResponse> HandleAsync(AdminDeviceRequest request, CognitoCall call)
    {
        request.Validate();
        await using var session = await services.ReadAsync(call).ConfigureAwait(false);
        var (pool, user) = await DeviceRules.AdminUserAsync(session, request.UserPoolId!, request.Username!, call).ConfigureAwait(false);
        var device = await services.Authenticator.Devices.GetAsync(session, pool.Id, user.Key, request.DeviceKey!, call.CancellationToken).ConfigureAwait(false);
        return new GetDeviceResponse { Device = DeviceType.From(device) };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(AdminDeviceRequest))]
[JsonSerializable(typeof(GetDeviceResponse))]
internal sealed partial class AdminGetDeviceJson : JsonSerializerContext;
