using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Functions;

/// <summary>
/// Calls a user pool's Lambda triggers (<c>LambdaConfig</c>) with Cognito's event envelope and maps failures as
/// Cognito does: a function's own error is <c>UserLambdaValidationException</c> "<c>{Trigger} failed with error
/// {message}.</c>", an answer that is not the event shape is <c>InvalidLambdaResponseException</c>, anything else
/// (missing function, timeout, crash) is <c>UnexpectedLambdaException</c>.
/// </summary>
/// <remarks>
/// Call triggers outside any write session: a function may call back into Gatehouse (PostConfirmation adding the user
/// to a group is common), and the store has a single writer.
/// </remarks>
public sealed class CognitoTriggers(FunctionInvoker invoker, string accountId)
{
    /// <summary>Cognito's limit on a trigger's run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>What <c>callerContext.clientId</c> holds for admin actions that name no client.</summary>
    public const string NoClient = "CLIENT_ID_NOT_APPLICABLE";

    /// <summary>
    /// The function ARN configured for <paramref name="trigger"/> (a <c>LambdaConfig</c> member such as
    /// <c>PreSignUp</c>), or null when the pool has none. For <c>PreTokenGeneration</c>,
    /// <c>PreTokenGenerationConfig.LambdaArn</c> wins over the legacy member.
    /// </summary>
    public static string? ArnOf(UserPool pool, string trigger)
    {
        if (pool.LambdaConfig is not { ValueKind: JsonValueKind.Object } config)
        {
            return null;
        }

        if (trigger == "PreTokenGeneration"
            && config.TryGetProperty("PreTokenGenerationConfig", out var tokenConfig) && tokenConfig.ValueKind == JsonValueKind.Object
            && tokenConfig.TryGetProperty("LambdaArn", out var tokenArn) && tokenArn.ValueKind == JsonValueKind.String)
        {
            return tokenArn.GetString();
        }

        return config.TryGetProperty(trigger, out var arn) && arn.ValueKind == JsonValueKind.String ? arn.GetString() : null;
    }

    /// <summary>The pre token generation event version: <c>1</c>, or <c>2</c>/<c>3</c> from <c>PreTokenGenerationConfig.LambdaVersion</c>.</summary>
    public static string PreTokenGenerationVersion(UserPool pool) =>
        pool.LambdaConfig is { ValueKind: JsonValueKind.Object } config
        && config.TryGetProperty("PreTokenGenerationConfig", out var tokenConfig) && tokenConfig.ValueKind == JsonValueKind.Object
        && tokenConfig.TryGetProperty("LambdaVersion", out var version) && version.ValueKind == JsonValueKind.String
            ? version.GetString() switch { "V2_0" => "2", "V3_0" => "3", _ => "1" }
            : "1";

    /// <summary>Whether the pool has <paramref name="trigger"/> configured.</summary>
    public static bool Has(UserPool pool, string trigger) => ArnOf(pool, trigger) is not null;

    /// <summary>
    /// Runs <paramref name="trigger"/> when the pool has it; returns the <c>response</c> object the function sent back
    /// (an empty object for a null one), or null when the pool has no such trigger.
    /// </summary>
    /// <param name="pool">The pool whose <c>LambdaConfig</c> names the function.</param>
    /// <param name="trigger">The <c>LambdaConfig</c> member, e.g. <c>PreSignUp</c>.</param>
    /// <param name="triggerSource">The event's <c>triggerSource</c>, e.g. <c>PreSignUp_SignUp</c>.</param>
    /// <param name="userName">The event's <c>userName</c>.</param>
    /// <param name="clientId">The app client, or null for admin actions (<see cref="NoClient"/>).</param>
    /// <param name="request">The event's <c>request</c>.</param>
    /// <param name="response">The event's <c>response</c>, with its members null as Cognito sends them.</param>
    /// <param name="version">The event's <c>version</c>: <c>1</c>, or the pre token generation version.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    public async Task<JsonObject?> InvokeAsync(
        UserPool pool, string trigger, string triggerSource, string? userName, string? clientId, JsonObject request, JsonObject response,
        string version, CancellationToken cancellationToken)
    {
        if (ArnOf(pool, trigger) is not { } arn)
        {
            return null;
        }

        var region = pool.Id.Split('_')[0];
        var envelope = new JsonObject
        {
            ["version"] = version,
            ["triggerSource"] = triggerSource,
            ["region"] = region,
            ["userPoolId"] = pool.Id,
            ["userName"] = userName,
            ["callerContext"] = new JsonObject { ["awsSdkVersion"] = "aws-sdk-unknown-unknown", ["clientId"] = clientId ?? NoClient },
            ["request"] = request,
            ["response"] = response,
        };
        var result = await invoker.InvokeAsync(arn, JsonSerializer.SerializeToUtf8Bytes(envelope, JsonNodeContext.Default.JsonObject), region, accountId, Timeout, cancellationToken)
            .ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw error.Kind == FunctionFailure.Handled
                ? new CognitoException("UserLambdaValidationException", $"{trigger} failed with error {error.ErrorMessage}.")
                : error.Kind == FunctionFailure.InvalidResponse
                    ? new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output")
                    : new CognitoException("UnexpectedLambdaException", $"{trigger} invocation failed due to error {Unexpected(error)}.");
        }

        JsonNode? output;
        try
        {
            output = JsonNode.Parse(result.Payload);
        }
        catch (JsonException)
        {
            throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output");
        }

        if (output is not JsonObject returned)
        {
            throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output");
        }

        return returned["response"] switch
        {
            JsonObject answer => answer,
            null => [],
            _ => throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output"),
        };
    }

    /// <summary>What <c>codeParameter</c> holds; the function puts it where the code goes.</summary>
    public const string CodeParameter = "{####}";

    /// <summary>What <c>usernameParameter</c> holds for an invitation.</summary>
    public const string UsernameParameter = "{username}";

    private const string LinkParameter = "{##Click Here##}";

    /// <summary>
    /// Runs the pool's CustomMessage function for a message about to be sent to <paramref name="user"/>, or returns
    /// null when the pool has none. The code is not in the event: the function gets the <c>{####}</c> placeholder
    /// (and <c>{username}</c> for an invitation), which <see cref="Customized"/> fills.
    /// </summary>
    public Task<JsonObject?> CustomMessageAsync(
        UserPool pool, string triggerSource, User user, string? clientId, IEnumerable<KeyValuePair<string, string>>? clientMetadata,
        CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["userAttributes"] = AttributesOf(user),
            ["codeParameter"] = CodeParameter,
            ["linkParameter"] = LinkParameter,
            ["usernameParameter"] = triggerSource == "CustomMessage_AdminCreateUser" ? UsernameParameter : null,
        };
        if (clientMetadata is not null)
        {
            request["clientMetadata"] = Map(clientMetadata);
        }

        var response = new JsonObject { ["smsMessage"] = null, ["emailMessage"] = null, ["emailSubject"] = null };
        return InvokeAsync(pool, "CustomMessage", triggerSource, user.Username, clientId, request, response, "1", cancellationToken);
    }

    /// <summary>
    /// The message to send: the CustomMessage answer for the medium with the code (and, for an invitation, the
    /// username) filled in, or <paramref name="fallback"/> when there is no answer or the answer lacks a placeholder
    /// that the message needs, where Cognito too sends its default message.
    /// </summary>
    public static RenderedMessage Customized(JsonObject? custom, string medium, string? code, string username, bool invitation, RenderedMessage fallback)
    {
        if (custom is null)
        {
            return fallback;
        }

        var body = Text(custom, medium == "SMS" ? "smsMessage" : "emailMessage");
        if (string.IsNullOrEmpty(body) || !body.Contains(CodeParameter, StringComparison.Ordinal)
            || (invitation && !body.Contains(UsernameParameter, StringComparison.Ordinal)))
        {
            return fallback;
        }

        var subject = medium == "SMS" ? null : Text(custom, "emailSubject") ?? fallback.Subject;
        var filled = body.Replace(CodeParameter, code ?? "", StringComparison.Ordinal);
        return new RenderedMessage(subject, invitation ? filled.Replace(UsernameParameter, username, StringComparison.Ordinal) : filled);
    }

    /// <summary>
    /// A user's attributes as trigger events carry them (<c>sub</c> included), with <c>cognito:user_status</c>
    /// when <paramref name="withStatus"/>, as PostConfirmation, CustomMessage and the auth triggers receive it.
    /// </summary>
    public static JsonObject AttributesOf(User user, bool withStatus = true)
    {
        var attributes = Map(user.Attributes)!;
        if (withStatus)
        {
            attributes["cognito:user_status"] = user.Status;
        }

        return attributes;
    }

    /// <summary>A string map (attributes, validationData, clientMetadata) as an event member; null for none.</summary>
    public static JsonObject? Map(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return null;
        }

        var map = new JsonObject();
        foreach (var (name, value) in pairs)
        {
            map[name] = value;
        }

        return map;
    }

    /// <summary>Whether a response member is JSON <c>true</c>; Cognito reads nothing else as true.</summary>
    public static bool Flag(JsonObject? response, string member) =>
        response?[member] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>A response member that must be a string when present (null when absent or null).</summary>
    public static string? Text(JsonObject? response, string member) => response?[member] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output"),
    };

    private static string Unexpected(FunctionError error) => error.Kind switch
    {
        FunctionFailure.Timeout => "Socket timeout while invoking Lambda function",
        FunctionFailure.NotFound => "AccessDeniedException",
        FunctionFailure.Throttled => "TooManyRequestsException",
        _ => error.ErrorType,
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : System.Text.Json.Serialization.JsonSerializerContext;
