using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gatehouse.Core.Gateway;

/// <summary>
/// AWS's <c>GatewayResponse</c>: how the gateway answers an error of its own (no token, throttled, ...) for one
/// <see cref="ResponseType"/>. An API stores only its customised ones; the other types answer as their defaults.
/// </summary>
public sealed class GatewayResponse
{
    public string? ResponseType { get; set; }

    /// <summary>The status to answer; null keeps the type's default (see <see cref="GatewayResponses.DefaultStatus"/>).</summary>
    public string? StatusCode { get; set; }

    /// <summary><c>gatewayresponse.header.{name}</c> to a quoted literal or a <c>method.request.*</c> value.</summary>
    public Dictionary<string, string>? ResponseParameters { get; set; }

    /// <summary>Content type to a mapping template, e.g. <c>{"message":$context.error.messageString}</c>.</summary>
    public Dictionary<string, string>? ResponseTemplates { get; set; }

    /// <summary>True when API Gateway generated it (not customised); only set on answers, never stored.</summary>
    public bool? DefaultResponse { get; set; }
}

/// <summary>The body of <c>PutGatewayResponse</c>.</summary>
public sealed class PutGatewayResponseInput
{
    public string? StatusCode { get; set; }
    public Dictionary<string, string>? ResponseParameters { get; set; }
    public Dictionary<string, string>? ResponseTemplates { get; set; }
}

/// <summary>
/// What the gateway knows about a failed request when it renders a gateway response. Every member but
/// <see cref="Message"/> is optional; what is missing renders as an empty string.
/// </summary>
public sealed class GatewayErrorContext
{
    /// <summary>The error's message, e.g. <c>Unauthorized</c> or <c>Missing Authentication Token</c>.</summary>
    public required string Message { get; init; }

    public string? RequestId { get; init; }
    public string? ExtendedRequestId { get; init; }
    public string? ApiId { get; init; }
    public string? Stage { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourcePath { get; init; }
    public string? HttpMethod { get; init; }
    public string? Path { get; init; }
    public string? DomainName { get; init; }
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
    public string? RequestTime { get; init; }
    public long? RequestTimeEpoch { get; init; }

    /// <summary>For BAD_REQUEST_BODY / BAD_REQUEST_PARAMETERS: <c>$context.error.validationErrorString</c>.</summary>
    public string? ValidationErrorString { get; init; }

    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    /// <summary><c>$context.authorizer.{key}</c>; a Cognito authorizer's claims go under <c>claims.{name}</c>.</summary>
    public IReadOnlyDictionary<string, string>? Authorizer { get; init; }

    /// <summary>The request's headers for <c>method.request.header.X</c> (looked up case-insensitively).</summary>
    public IReadOnlyDictionary<string, string>? RequestHeaders { get; init; }
    public IReadOnlyDictionary<string, string>? QueryString { get; init; }
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    /// <summary>The request's Accept header, to pick a response template; application/json when absent.</summary>
    public string? Accept { get; init; }
}

/// <summary>A gateway response ready to write: status, headers (including Content-Type) and UTF-8 body.</summary>
public sealed record RenderedGatewayResponse(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string ContentType);

/// <summary>
/// The rules of gateway responses: the 21 types with AWS's default status codes and template, customising
/// (put/update/delete), the view of each type the management API answers, and <see cref="Render(DeploymentSnapshot, string, GatewayErrorContext)"/>, which the gateway
/// uses to answer its own errors from a deployment's snapshot.
/// </summary>
public static partial class GatewayResponses
{
    public const string Default4xx = "DEFAULT_4XX";
    public const string Default5xx = "DEFAULT_5XX";
    public const string DefaultTemplate = "{\"message\":$context.error.messageString}";
    private const string Json = "application/json";

    /// <summary>Every type, in botocore's order, with AWS's default status (null for the two DEFAULT_ ones).</summary>
    public static readonly IReadOnlyList<(string Type, int? Status)> Types =
    [
        (Default4xx, null),
        (Default5xx, null),
        ("RESOURCE_NOT_FOUND", 404),
        ("UNAUTHORIZED", 401),
        ("INVALID_API_KEY", 403),
        ("ACCESS_DENIED", 403),
        ("AUTHORIZER_FAILURE", 500),
        ("AUTHORIZER_CONFIGURATION_ERROR", 500),
        ("INVALID_SIGNATURE", 403),
        ("EXPIRED_TOKEN", 403),
        ("MISSING_AUTHENTICATION_TOKEN", 403),
        ("INTEGRATION_FAILURE", 504),
        ("INTEGRATION_TIMEOUT", 504),
        ("API_CONFIGURATION_ERROR", 500),
        ("UNSUPPORTED_MEDIA_TYPE", 415),
        ("BAD_REQUEST_PARAMETERS", 400),
        ("BAD_REQUEST_BODY", 400),
        ("REQUEST_TOO_LARGE", 413),
        ("THROTTLED", 429),
        ("QUOTA_EXCEEDED", 429),
        ("WAF_FILTERED", 403),
    ];

    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] AddRemoveReplace = [PatchVerb.Add, PatchVerb.Remove, PatchVerb.Replace];

    private static readonly PatchTable<GatewayResponse> Patches = new PatchTable<GatewayResponse>()
        .Property("/statusCode", Replace, (r, _, v) => r.StatusCode = string.IsNullOrEmpty(v) ? null : CheckStatus(v), r => r.StatusCode)
        .Entry("/responseParameters", AddRemoveReplace, (r, op, k, v) => r.ResponseParameters = Edit(r.ResponseParameters, op, k, v), (r, k) => r.ResponseParameters?.GetValueOrDefault(k))
        .Entry("/responseTemplates", AddRemoveReplace, (r, op, k, v) => r.ResponseTemplates = Edit(r.ResponseTemplates, op, k, v), (r, k) => r.ResponseTemplates?.GetValueOrDefault(k));

    private static string AllowedTypes => string.Join(", ", Types.Select(t => t.Type));

    /// <summary>Whether <paramref name="type"/> is one of the 21 types.</summary>
    public static bool IsType(string? type) => Types.Any(t => t.Type == type);

    /// <summary>AWS's default status of a type; for DEFAULT_4XX and DEFAULT_5XX, 400 and 500 when rendered.</summary>
    public static int DefaultStatus(string type) =>
        Types.FirstOrDefault(t => t.Type == type).Status ?? (type == Default5xx ? 500 : 400);

    /// <summary>GetGatewayResponse: the customisation, or the default (marked <c>defaultResponse</c>).</summary>
    public static GatewayResponse Get(RestApiDefinition api, string type)
    {
        CheckType(type);
        return View(api.GatewayResponses, type);
    }

    /// <summary>GetGatewayResponses: all 21 types.</summary>
    public static List<GatewayResponse> List(RestApiDefinition api) => [.. Types.Select(t => View(api.GatewayResponses, t.Type))];

    /// <summary>PutGatewayResponse: replaces the type's customisation as a whole.</summary>
    public static GatewayResponse Put(RestApiDefinition api, string type, PutGatewayResponseInput input)
    {
        CheckType(type);
        ApiGatewayException.ThrowIfNullItem(input.ResponseParameters?.Values, "putGatewayResponseInput.responseParameters");
        ApiGatewayException.ThrowIfNullItem(input.ResponseTemplates?.Values, "putGatewayResponseInput.responseTemplates");
        if (input.StatusCode is not null)
        {
            CheckStatus(input.StatusCode);
        }

        var response = new GatewayResponse
        {
            ResponseType = type,
            StatusCode = input.StatusCode,
            ResponseParameters = input.ResponseParameters ?? [],
            ResponseTemplates = input.ResponseTemplates ?? [],
        };
        CheckParameters(response.ResponseParameters);
        Store(api, response);
        return View(api.GatewayResponses, type);
    }

    /// <summary>UpdateGatewayResponse: patches the type's customisation, starting from its default when it has none.</summary>
    public static GatewayResponse Update(RestApiDefinition api, string type, IReadOnlyList<PatchOperation>? operations)
    {
        CheckType(type);
        var current = View(api.GatewayResponses, type);
        var response = new GatewayResponse
        {
            ResponseType = type,
            StatusCode = current.DefaultResponse == true ? null : current.StatusCode,
            ResponseParameters = new Dictionary<string, string>(current.ResponseParameters ?? [], StringComparer.Ordinal),
            ResponseTemplates = new Dictionary<string, string>(current.ResponseTemplates ?? [], StringComparer.Ordinal),
        };
        Patches.Apply(response, operations, "updateGatewayResponseInput");
        CheckParameters(response.ResponseParameters);
        Store(api, response);
        return View(api.GatewayResponses, type);
    }

    /// <summary>DeleteGatewayResponse: the type answers as its default again.</summary>
    public static void Delete(RestApiDefinition api, string type)
    {
        CheckType(type);
        api.GatewayResponses.RemoveAll(r => r.ResponseType == type);
    }

    /// <summary>
    /// The answer to a gateway error of <paramref name="responseType"/> from a deployed snapshot: the type's
    /// customisation, else the DEFAULT_4XX or DEFAULT_5XX customisation of its status class, else AWS's default
    /// (<c>{"message":"..."}</c> with the type's status).
    /// </summary>
    public static RenderedGatewayResponse Render(DeploymentSnapshot snapshot, string responseType, GatewayErrorContext context) =>
        Render(snapshot.GatewayResponses, responseType, context);

    /// <summary><see cref="Render(DeploymentSnapshot, string, GatewayErrorContext)"/> over a list of customisations.</summary>
    public static RenderedGatewayResponse Render(IReadOnlyList<GatewayResponse>? customised, string responseType, GatewayErrorContext context)
    {
        var view = View(customised ?? [], responseType);
        var status = int.TryParse(view.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : DefaultStatus(responseType);
        var templates = view.ResponseTemplates is { Count: > 0 } t ? t : new Dictionary<string, string> { [Json] = DefaultTemplate };
        var (contentType, template) = PickTemplate(templates, context.Accept);
        var body = Encoding.UTF8.GetBytes(Evaluate(template, responseType, context));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (key, expression) in view.ResponseParameters ?? [])
        {
            const string Prefix = "gatewayresponse.header.";
            if (key.StartsWith(Prefix, StringComparison.Ordinal) && Resolve(expression, responseType, context) is { } value)
            {
                headers.Add(new(key[Prefix.Length..], value));
            }
        }

        return new RenderedGatewayResponse(status, headers, body, contentType);
    }

    /// <summary>A type's effective response, as management shows it and the gateway renders it.</summary>
    private static GatewayResponse View(IReadOnlyList<GatewayResponse> customised, string type)
    {
        if (customised.FirstOrDefault(r => r.ResponseType == type) is { } own)
        {
            return new GatewayResponse
            {
                ResponseType = type,
                StatusCode = own.StatusCode ?? DefaultStatusText(type),
                ResponseParameters = own.ResponseParameters ?? [],
                ResponseTemplates = own.ResponseTemplates ?? [],
                DefaultResponse = false,
            };
        }

        var fallbackType = type is Default4xx or Default5xx ? null : DefaultStatus(type) >= 500 ? Default5xx : Default4xx;
        var fallback = fallbackType is null ? null : customised.FirstOrDefault(r => r.ResponseType == fallbackType);
        return new GatewayResponse
        {
            ResponseType = type,
            StatusCode = fallback?.StatusCode ?? DefaultStatusText(type),
            ResponseParameters = fallback?.ResponseParameters is { } parameters ? new(parameters, StringComparer.Ordinal) : [],
            ResponseTemplates = fallback?.ResponseTemplates is { Count: > 0 } templates ? new(templates, StringComparer.Ordinal) : new() { [Json] = DefaultTemplate },
            DefaultResponse = true,
        };
    }

    private static string? DefaultStatusText(string type) =>
        Types.FirstOrDefault(t => t.Type == type).Status?.ToString(CultureInfo.InvariantCulture);

    private static void Store(RestApiDefinition api, GatewayResponse response)
    {
        api.GatewayResponses.RemoveAll(r => r.ResponseType == response.ResponseType);
        api.GatewayResponses.Add(response);
    }

    private static void CheckType(string? type)
    {
        if (!IsType(type))
        {
            throw ApiGatewayException.Validation([ApiGatewayException.EnumClause(type, "responseType", AllowedTypes)]);
        }
    }

    private static string CheckStatus(string status) =>
        StatusPattern().IsMatch(status) ? status : throw ApiGatewayException.Validation([$"Value '{status}' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"]);

    private static void CheckParameters(Dictionary<string, string>? parameters)
    {
        foreach (var (key, value) in parameters ?? [])
        {
            if (!key.StartsWith("gatewayresponse.header.", StringComparison.Ordinal) && !key.StartsWith("gatewayresponse.path.", StringComparison.Ordinal)
                && !key.StartsWith("gatewayresponse.querystring.", StringComparison.Ordinal))
            {
                throw ApiGatewayException.BadRequest($"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: {key}]");
            }

            if (!IsLiteral(value) && !SourcePattern().IsMatch(value))
            {
                throw ApiGatewayException.BadRequest($"Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: {value}]");
            }
        }
    }

    private static bool IsLiteral(string value) => value.Length >= 2 && value[0] == '\'' && value[^1] == '\'';

    private static Dictionary<string, string>? Edit(Dictionary<string, string>? map, PatchVerb op, string key, string? value)
    {
        map ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (op == PatchVerb.Remove)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = value ?? "";
        }

        return map;
    }

    private static (string ContentType, string Template) PickTemplate(Dictionary<string, string> templates, string? accept)
    {
        foreach (var part in (accept ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var media = part.Split(';', 2)[0].Trim();
            if (templates.TryGetValue(media, out var exact))
            {
                return (media, exact);
            }
        }

        return templates.TryGetValue(Json, out var json) ? (Json, json) : templates.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).First();
    }

    /// <summary>A response parameter's value: <c>'literal'</c>, <c>method.request.{header|querystring|path}.X</c>, <c>stageVariables.X</c> or <c>context.X</c>.</summary>
    private static string? Resolve(string expression, string responseType, GatewayErrorContext context)
    {
        if (IsLiteral(expression))
        {
            return expression[1..^1];
        }

        return expression switch
        {
            _ when expression.StartsWith("method.request.header.", StringComparison.Ordinal) => Lookup(context.RequestHeaders, expression["method.request.header.".Length..], ignoreCase: true),
            _ when expression.StartsWith("method.request.querystring.", StringComparison.Ordinal) => Lookup(context.QueryString, expression["method.request.querystring.".Length..], ignoreCase: false),
            _ when expression.StartsWith("method.request.path.", StringComparison.Ordinal) => Lookup(context.PathParameters, expression["method.request.path.".Length..], ignoreCase: false),
            _ when expression.StartsWith("stageVariables.", StringComparison.Ordinal) => Lookup(context.StageVariables, expression["stageVariables.".Length..], ignoreCase: false),
            _ when expression.StartsWith("context.", StringComparison.Ordinal) => Variable(expression, responseType, context),
            _ => null,
        };
    }

    private static string? Lookup(IReadOnlyDictionary<string, string>? values, string name, bool ignoreCase)
    {
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(name, out var value))
        {
            return value;
        }

        return ignoreCase ? values.FirstOrDefault(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;
    }

    /// <summary>
    /// The subset of VTL a gateway response template needs: <c>$name.path</c> and <c>${name.path}</c> references
    /// to <c>$context.*</c> and <c>$stageVariables.*</c>; an unknown reference renders empty, as AWS does.
    /// </summary>
    internal static string Evaluate(string template, string responseType, GatewayErrorContext context) =>
        Reference().Replace(template, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
            return Variable(name, responseType, context) ?? "";
        });

    private static string? Variable(string name, string responseType, GatewayErrorContext context)
    {
        if (name.StartsWith("stageVariables.", StringComparison.Ordinal))
        {
            return Lookup(context.StageVariables, name["stageVariables.".Length..], ignoreCase: false);
        }

        if (name.StartsWith("context.authorizer.", StringComparison.Ordinal))
        {
            return Lookup(context.Authorizer, name["context.authorizer.".Length..], ignoreCase: false);
        }

        return name switch
        {
            "context.error.message" => context.Message,
            "context.error.messageString" => Quote(context.Message),
            "context.error.responseType" => responseType,
            "context.error.validationErrorString" => context.ValidationErrorString,
            "context.requestId" or "context.awsEndpointRequestId" => context.RequestId,
            "context.extendedRequestId" => context.ExtendedRequestId ?? context.RequestId,
            "context.apiId" => context.ApiId,
            "context.stage" => context.Stage,
            "context.resourceId" => context.ResourceId,
            "context.resourcePath" => context.ResourcePath,
            "context.httpMethod" => context.HttpMethod,
            "context.path" => context.Path,
            "context.domainName" => context.DomainName,
            "context.identity.sourceIp" => context.SourceIp,
            "context.identity.userAgent" => context.UserAgent,
            "context.requestTime" => context.RequestTime,
            "context.requestTimeEpoch" => context.RequestTimeEpoch?.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>A JSON string literal, escaped as AWS does (<c>\"</c>, not <c>\u0022</c>).</summary>
    private static string Quote(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStringValue(value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [GeneratedRegex(@"\$(?:\{(?<braced>(?:context|stageVariables)(?:\.[A-Za-z0-9_-]+)+)\}|(?<bare>(?:context|stageVariables)(?:\.[A-Za-z0-9_]+)+))")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[1-5]\d\d$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"^(?:method\.request\.(?:header|querystring|path)\.[^\s]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$")]
    private static partial Regex SourcePattern();
}
