using System.Text.Json;
using System.Text.RegularExpressions;
using Gatehouse.Core.Functions;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Core.Gateway.Authorizers;

/// <summary>
/// A Lambda authorizer, as API Gateway runs one:
/// <list type="bullet">
/// <item>the identity sources are read first: a TOKEN authorizer's header missing or empty, or not matching
/// <c>identityValidationExpression</c>, and a REQUEST authorizer's source missing or empty (REST: only when caching is
/// on; HTTP APIs: always), answer 401 <c>{"message":"Unauthorized"}</c> without invoking the function;</item>
/// <item>a result cached for the same identity values (and authorizer) within the TTL is used again, its policy
/// evaluated afresh against this request's method ARN;</item>
/// <item>otherwise the function is invoked with AWS's event; an error whose message is exactly <c>Unauthorized</c>
/// answers 401; any other error, a timeout or a malformed answer answers 500 (REST <c>{"message":null}</c>,
/// HTTP <c>{"message":"Internal Server Error"}</c>);</item>
/// <item>the policy's decision for <c>execute-api:Invoke</c> on the method ARN: allowed, or 403 (REST
/// <c>{"Message":"User is not authorized to access this resource[ with an explicit deny]"}</c>, HTTP
/// <c>{"message":"Forbidden"}</c>).</item>
/// </list>
/// </summary>
public sealed partial class LambdaAuthorizer : IAuthorizer
{
    private static readonly TimeSpan RestTimeout = TimeSpan.FromSeconds(29);
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(10);

    private readonly LambdaAuthorizerSettings _settings;
    private readonly FunctionInvoker _invoker;
    private readonly LambdaAuthorizerCache _cache;
    private readonly ILogger _logger;
    private readonly string _accountId;
    private readonly string _region;
    private readonly Source[] _sources;
    private readonly Regex? _validation;
    private readonly string _fingerprint;

    /// <summary>Throws <see cref="ArgumentException"/> for an identity source or expression API Gateway would not accept.</summary>
    public LambdaAuthorizer(LambdaAuthorizerSettings settings, FunctionInvoker invoker, LambdaAuthorizerCache cache, string accountId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _invoker = invoker;
        _cache = cache;
        _accountId = accountId;
        _logger = logger;
        _region = FunctionArn.RegionOf(settings.AuthorizerUri);
        _sources = [.. settings.IdentitySources.Select(s => Source.Parse(s, settings.HttpApi))];
        if (settings.Kind == LambdaAuthorizerKind.Token && (_sources is not [{ Kind: SourceKind.Header }]))
        {
            throw new ArgumentException("A TOKEN authorizer's identity source must be one header (method.request.header.<name>).", nameof(settings));
        }

        if (settings.ResultTtlSeconds is < 0 or > LambdaAuthorizerSettings.MaxTtlSeconds)
        {
            throw new ArgumentException("authorizerResultTtlInSeconds must be between 0 and 3600.", nameof(settings));
        }

        _validation = string.IsNullOrEmpty(settings.IdentityValidationExpression)
            ? null
            : new Regex($@"\A(?:{settings.IdentityValidationExpression})\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        _fingerprint = string.Join('\n', settings.AuthorizerId, settings.Kind, settings.AuthorizerUri, settings.PayloadFormatVersion, settings.SimpleResponses);
    }

    private bool Caching => _settings.ResultTtlSeconds > 0 && _sources.Length > 0;

    public async ValueTask<AuthorizerDecision> AuthorizeAsync(GatewayRequest request, AuthorizationRequirements requirements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = new string[_sources.Length];
        var check = _settings.Kind == LambdaAuthorizerKind.Token || _settings.HttpApi || Caching;
        for (var i = 0; i < _sources.Length; i++)
        {
            values[i] = _sources[i].Read(request) ?? "";
            if (check && values[i].Length == 0)
            {
                return AuthorizerDeny.Unauthorized;
            }
        }

        if (_validation is not null && !Matches(_validation, values[0]))
        {
            return AuthorizerDeny.Unauthorized;
        }

        var methodArn = MethodArn(request);
        var key = Caching ? CacheKey(request, values) : null;
        if (key is not null && _cache.TryGet(key, out var cached))
        {
            return Decide(cached, methodArn);
        }

        if (StageVariableText.Substitute(_settings.AuthorizerUri, request.StageVariables) is not { } uri)
        {
            LogConfigurationError(_logger, _settings.AuthorizerId, "the authorizer URI names a stage variable the stage does not have");
            return Error;
        }

        var eventJson = _settings switch
        {
            { Kind: LambdaAuthorizerKind.Token } => AuthorizerEvents.Token(values[0], methodArn),
            { HttpApi: true, PayloadFormatVersion: "2.0" } => AuthorizerEvents.HttpV2(request, methodArn, values, RawPath(request)),
            { HttpApi: true } => AuthorizerEvents.Request(request, methodArn, string.Join(',', values)),
            _ => AuthorizerEvents.Request(request, methodArn, httpIdentity: null),
        };
        var invocation = await _invoker.InvokeAsync(uri, eventJson, _region, _accountId, _settings.HttpApi ? HttpTimeout : RestTimeout, cancellationToken)
            .ConfigureAwait(false);
        if (invocation.Error is { } error)
        {
            // API Gateway's one documented way for a function to refuse: fail with the message "Unauthorized".
            return error.Kind == FunctionFailure.Handled && error.ErrorMessage == "Unauthorized" ? AuthorizerDeny.Unauthorized : Error;
        }

        LambdaAuthorizerResult result;
        try
        {
            result = Parse(invocation.Payload!);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            LogConfigurationError(_logger, _settings.AuthorizerId, "could not parse the authorizer's answer: " + e.Message);
            return Error;
        }

        if (key is not null)
        {
            _cache.Set(key, result, _settings.ResultTtlSeconds);
        }

        return Decide(result, methodArn);
    }

    private AuthorizerDeny Error => _settings.HttpApi ? AuthorizerDeny.InternalServerError : AuthorizerDeny.ConfigurationError;

    private AuthorizerDecision Decide(LambdaAuthorizerResult result, string methodArn)
    {
        var decision = result.Policy is { } policy
            ? policy.Evaluate(methodArn)
            : result.IsAuthorized ? PolicyDecision.Allow : PolicyDecision.ImplicitDeny;
        return decision switch
        {
            PolicyDecision.Allow => new AuthorizerAllow(result.PrincipalId, EmptyClaims, [], result.Context) { UsageIdentifierKey = result.UsageIdentifierKey },
            _ when _settings.HttpApi => AuthorizerDeny.Forbidden,
            PolicyDecision.ExplicitDeny => AuthorizerDeny.ExplicitDeny,
            _ => AuthorizerDeny.ImplicitDeny,
        };
    }

    private static readonly JsonElement EmptyClaims = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Reads the function's answer; throws <see cref="FormatException"/> for one API Gateway would refuse.</summary>
    private LambdaAuthorizerResult Parse(byte[] payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the answer is not a JSON object");
        }

        var context = ReadContext(root);
        if (_settings is { HttpApi: true, SimpleResponses: true })
        {
            if (!root.TryGetProperty("isAuthorized", out var authorized) || authorized.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new FormatException("a simple response needs a boolean isAuthorized");
            }

            return new LambdaAuthorizerResult("", null, authorized.GetBoolean(), context, null);
        }

        if (!root.TryGetProperty("principalId", out var principal) || principal.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("principalId is missing or not a string");
        }

        if (!root.TryGetProperty("policyDocument", out var document2))
        {
            throw new FormatException("policyDocument is missing");
        }

        var policy = IamPolicy.Parse(document2);
        var usageKey = root.TryGetProperty("usageIdentifierKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
        return new LambdaAuthorizerResult(principal.GetString()!, policy, false, context, usageKey);
    }

    /// <summary>
    /// The <c>context</c> map. REST APIs take string, number and boolean values and hand them on as strings; an object
    /// or array is a malformed answer. HTTP APIs keep the values as returned.
    /// </summary>
    private Dictionary<string, JsonElement> ReadContext(JsonElement root)
    {
        var context = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!root.TryGetProperty("context", out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return context;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("context is not an object");
        }

        foreach (var property in map.EnumerateObject())
        {
            var value = property.Value;
            if (_settings.HttpApi)
            {
                context[property.Name] = value.Clone();
                continue;
            }

            string? text = value.ValueKind switch
            {
                JsonValueKind.String => null,
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => "",
                _ => throw new FormatException($"context value '{property.Name}' is an object or array; only strings, numbers and booleans are allowed"),
            };
            context[property.Name] = text is null ? value.Clone() : JsonSerializer.SerializeToElement(text, CoreAuthorizerJson.Default.String);
        }

        return context;
    }

    private string CacheKey(GatewayRequest request, string[] values)
    {
        var invocation = request.Invocation;
        return string.Concat(invocation?.ApiId, "\n", invocation?.Stage, "\n", _fingerprint, "\n", string.Join('\0', values));
    }

    /// <summary><c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading slash}</c>.</summary>
    private string MethodArn(GatewayRequest request)
    {
        if (request.MethodArn.Length > 0)
        {
            return request.MethodArn;
        }

        var invocation = request.Invocation;
        var path = request.Path.StartsWith('/') ? request.Path[1..] : request.Path;
        return $"arn:aws:execute-api:{_region}:{_accountId}:{invocation?.ApiId}/{invocation?.Stage}/{request.HttpMethod}/{path}";
    }

    // HTTP APIs' rawPath carries the stage name, except for $default.
    private static string RawPath(GatewayRequest request) =>
        request.Invocation is { Stage: { Length: > 0 } stage } && stage != "$default" ? "/" + stage + request.Path : request.Path;

    private static bool Matches(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 5130, Level = LogLevel.Warning, Message = "Lambda authorizer {AuthorizerId}: execution failed due to configuration error: {Reason}")]
    private static partial void LogConfigurationError(ILogger logger, string authorizerId, string reason);

    private enum SourceKind
    {
        Header,
        Query,
        StageVariable,
        Context,
    }

    /// <summary>One identity source: where a value is read from the request.</summary>
    private sealed record Source(SourceKind Kind, string Name)
    {
        private static readonly (string Prefix, SourceKind Kind)[] RestPrefixes =
        [
            ("method.request.header.", SourceKind.Header),
            ("method.request.querystring.", SourceKind.Query),
            ("stageVariables.", SourceKind.StageVariable),
            ("context.", SourceKind.Context),
        ];

        private static readonly (string Prefix, SourceKind Kind)[] HttpPrefixes =
        [
            ("$request.header.", SourceKind.Header),
            ("$request.querystring.", SourceKind.Query),
            ("$stageVariables.", SourceKind.StageVariable),
            ("$context.", SourceKind.Context),
        ];

        public static Source Parse(string expression, bool http)
        {
            var trimmed = expression.Trim();
            foreach (var (prefix, kind) in http ? HttpPrefixes : RestPrefixes)
            {
                if (trimmed.StartsWith(prefix, StringComparison.Ordinal) && trimmed.Length > prefix.Length)
                {
                    return new Source(kind, trimmed[prefix.Length..]);
                }
            }

            throw new ArgumentException($"Unsupported identity source '{expression}'.", nameof(expression));
        }

        public string? Read(GatewayRequest request) => Kind switch
        {
            SourceKind.Header => request.Headers.GetValueOrDefault(Name),
            SourceKind.Query => request.Query.GetValueOrDefault(Name),
            SourceKind.StageVariable => request.StageVariables.GetValueOrDefault(Name),
            _ => request.Invocation?.Variable(Name),
        };
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class CoreAuthorizerJson : System.Text.Json.Serialization.JsonSerializerContext;
