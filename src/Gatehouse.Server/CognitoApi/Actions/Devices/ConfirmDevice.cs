using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Gatehouse.Core;

namespace Gatehouse.Server.CognitoApi.Actions.Devices;

internal sealed class DeviceSecretVerifierConfigType
{
    public string? PasswordVerifier { get; set; }
    public string? Salt { get; set; }
}

internal sealed class ConfirmDeviceRequest : DeviceRequest
{
    public DeviceSecretVerifierConfigType? DeviceSecretVerifierConfig { get; set; }
    public string? DeviceName { get; set; }

    public override Validation Rules() => new Validation().AccessToken(AccessToken).DeviceKey(DeviceKey).Length(DeviceName, 1, 1024, "deviceName");
}

internal sealed class ConfirmDeviceResponse
{
    public bool UserConfirmationNecessary { get; set; }
}

/// <summary>
/// Begins tracking the device a sign-in registered: keeps its SRP verifier for device sign-in, and remembers it at
/// once unless the pool only remembers devices when the user says so.
/// </summary>
internal sealed class ConfirmDevice(CognitoServices services) : CognitoAction<ConfirmDeviceRequest, ConfirmDeviceResponse>
{
    protected override JsonTypeInfo<ConfirmDeviceRequest> RequestType => ConfirmDeviceJson.Default.ConfirmDeviceRequest;

    protected override JsonTypeInfo<ConfirmDeviceResponse> ResponseType => ConfirmDeviceJson.Default.ConfirmDeviceResponse;

    protected override async Task<ConfirmDeviceResponse> HandleAsync(ConfirmDeviceRequest request, CognitoCall call)
    {
        request.Validate();
        var config = request.DeviceSecretVerifierConfig;
        var verifier = config is null ? null : DeviceRules.Base64(config.PasswordVerifier, "DeviceSecretVerifierConfig.PasswordVerifier");
        var salt = config is null ? null : DeviceRules.Base64(config.Salt, "DeviceSecretVerifierConfig.Salt");
        await using var session = await services.WriteAsync(call).ConfigureAwait(false);
        var signedIn = await services.SignedInAsync(session, request.AccessToken, call).ConfigureAwait(false);
        var necessary = await services.Authenticator.Devices.ConfirmAsync(
            session, signedIn.Pool, signedIn.User.Key, request.DeviceKey!, salt, verifier, request.DeviceName, call.CancellationToken).ConfigureAwait(false);
        await session.CommitAsync(call.CancellationToken).ConfigureAwait(false);
        return new ConfirmDeviceResponse { UserConfirmationNecessary = necessary };
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConfirmDeviceRequest))]
[JsonSerializable(typeof(ConfirmDeviceResponse))]
internal sealed partial class ConfirmDeviceJson : JsonSerializerContext;
