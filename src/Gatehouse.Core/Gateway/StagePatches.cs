namespace Gatehouse.Core.Gateway;

/// <summary>
/// The paths <c>UpdateStage</c> takes: stage properties, <c>/variables/{name}</c>, access log settings, and method
/// settings addressed as <c>/{resource path with / as ~1}/{VERB}/{group}/{setting}</c> or <c>/*/*/{group}/{setting}</c>.
/// </summary>
internal static class StagePatches
{
    // AWS's own list, with its own run-together formatting, as its error message prints it.
    private const string ValidPaths =
        "[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, " +
        "/accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, " +
        "/{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit" +
        "/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, " +
        "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, " +
        "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, " +
        "/*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, " +
        "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]";

    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] RemoveReplace = [PatchVerb.Remove, PatchVerb.Replace];
    private static readonly string[] LoggingLevels = ["OFF", "ERROR", "INFO"];
    private static readonly string[] CacheControlStrategies = ["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"];

    private static readonly Dictionary<string, Action<MethodSetting, string?>> Settings = new(StringComparer.Ordinal)
    {
        ["metrics/enabled"] = (s, v) => s.MetricsEnabled = PatchTable.Bool(v),
        ["logging/dataTrace"] = (s, v) => s.DataTraceEnabled = PatchTable.Bool(v),
        ["logging/loglevel"] = (s, v) => s.LoggingLevel = LoggingLevels.FirstOrDefault(l => string.Equals(l, v, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiGatewayException.BadRequest($"Invalid logging level specified: {v}. Valid options are OFF,ERROR,INFO"),
        ["throttling/burstLimit"] = (s, v) => s.ThrottlingBurstLimit = NonNegative(PatchTable.Int(v, "throttling burst limit"), "throttling burst limit"),
        ["throttling/rateLimit"] = (s, v) => s.ThrottlingRateLimit = NonNegative(PatchTable.Double(v, "throttling rate limit"), "throttling rate limit"),
        ["caching/enabled"] = (s, v) => s.CachingEnabled = PatchTable.Bool(v),
        ["caching/ttlInSeconds"] = (s, v) => s.CacheTtlInSeconds = PatchTable.Int(v, "cache ttl") is var ttl and >= 0 and <= 3600 ? ttl : throw ApiGatewayException.BadRequest("Cache ttl must be between 0 and 3600 seconds"),
        ["caching/dataEncrypted"] = (s, v) => s.CacheDataEncrypted = PatchTable.Bool(v),
        ["caching/requireAuthorizationForCacheControl"] = (s, v) => s.RequireAuthorizationForCacheControl = PatchTable.Bool(v),
        ["caching/unauthorizedCacheControlHeaderStrategy"] = (s, v) => s.UnauthorizedCacheControlHeaderStrategy = CacheControlStrategies.Contains(v) ? v
            : throw ApiGatewayException.BadRequest($"Invalid unauthorized cache control header strategy specified: {v}"),
    };

    /// <summary>The table of the stage's own properties; <paramref name="api"/> checks a new deployment id.</summary>
    public static PatchTable<Stage> Table(RestApiDefinition api) => new PatchTable<Stage>(StagePatchErrors.Instance)
        .Property("/deploymentId", Replace, (s, _, v) => s.DeploymentId = v is not null && api.Deployment(v) is not null ? v : throw ApiGatewayException.DeploymentNotFound(), s => s.DeploymentId)
        .Property("/description", RemoveReplace, (s, op, v) => s.Description = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, s => s.Description)
        .Property("/cacheClusterEnabled", Replace, (s, _, v) => SetCache(s, PatchTable.Bool(v)))
        .Property("/cacheClusterSize", Replace, (s, _, v) => s.CacheClusterSize = CheckedSize(v), s => s.CacheClusterSize)
        .Property("/clientCertificateId", RemoveReplace, (s, op, v) => s.ClientCertificateId = op == PatchVerb.Remove || string.IsNullOrEmpty(v) ? null : v, s => s.ClientCertificateId)
        .Property("/tracingEnabled", Replace, (s, _, v) => s.TracingEnabled = PatchTable.Bool(v))
        .Property("/accessLogSettings", [PatchVerb.Remove], (s, _, _) => s.AccessLogSettings = null)
        .Property("/accessLogSettings/destinationArn", Replace, (s, _, v) => (s.AccessLogSettings ??= new()).DestinationArn = v, s => s.AccessLogSettings?.DestinationArn)
        .Property("/accessLogSettings/format", Replace, (s, _, v) => (s.AccessLogSettings ??= new()).Format = CheckedFormat(v), s => s.AccessLogSettings?.Format)
        .Entry("/variables", [PatchVerb.Add, PatchVerb.Remove, PatchVerb.Replace], PatchVariable, (s, k) => s.Variables?.GetValueOrDefault(k));

    /// <summary>Applies <paramref name="op"/> when its path names a method setting (or a whole override, to remove).</summary>
    public static bool TryMethodSetting(Stage stage, PatchVerb verb, PatchOperation op)
    {
        var segments = op.Path?.Split('/') ?? [];
        if (segments is not ["", _, _, ..])
        {
            return false;
        }

        // "/{path}/{VERB}" or "/*/*" alone: removing a whole override.
        if (IsVerb(segments[^1]) && Key(segments[1..^1], segments[^1]) is { } whole)
        {
            if (verb != PatchVerb.Remove)
            {
                throw DefaultPatchErrors.Instance.UnsupportedOp(op.Path!, PatchTable.Name(verb), [PatchVerb.Remove]);
            }

            if (stage.MethodSettings?.Remove(whole) != true)
            {
                throw ApiGatewayException.BadRequest($"Cannot remove method setting {whole} because there is no method setting for this method ");
            }

            return true;
        }

        if (segments.Length < 5 || !Settings.TryGetValue($"{segments[^2]}/{segments[^1]}", out var apply) || Key(segments[1..^3], segments[^3]) is not { } key)
        {
            return false;
        }

        if (verb != PatchVerb.Replace)
        {
            throw DefaultPatchErrors.Instance.UnsupportedOp(op.Path!, PatchTable.Name(verb), Replace);
        }

        var settings = stage.MethodSettings ??= [];
        if (!settings.TryGetValue(key, out var setting))
        {
            // A new override starts from the stage-wide settings, as AWS's does.
            setting = settings.TryGetValue("*/*", out var stageWide) ? RestApis.Copy(stageWide, GatewayJson.Default.MethodSetting) : Defaults();
        }

        apply(setting, op.Value);
        settings[key] = setting;
        return true;
    }

    /// <summary>A new method setting: the account's default throttling and no caching, logging or metrics.</summary>
    public static MethodSetting Defaults() => new()
    {
        MetricsEnabled = false,
        DataTraceEnabled = false,
        ThrottlingBurstLimit = 5000,
        ThrottlingRateLimit = 10000.0,
        CachingEnabled = false,
        CacheTtlInSeconds = 300,
        CacheDataEncrypted = false,
        RequireAuthorizationForCacheControl = true,
        UnauthorizedCacheControlHeaderStrategy = "SUCCEED_WITH_RESPONSE_HEADER",
    };

    // "*" "*" is the whole stage; otherwise the resource path's segments, each possibly ~1-escaped, make the key.
    private static string? Key(string[] pathSegments, string verb)
    {
        if (pathSegments is ["*"])
        {
            return verb == "*" ? "*/*" : null;
        }

        if (verb == "*" || pathSegments.Length == 0 || pathSegments.Any(s => s.Length == 0 || s == "*"))
        {
            return null;
        }

        var path = string.Join('/', pathSegments.Select(PatchTable.Decode));
        path = path.StartsWith('/') ? path : "/" + path;
        return $"{path.Replace("/", "~1", StringComparison.Ordinal)}/{verb}";
    }

    private static bool IsVerb(string segment) => segment == "*" || Methods.Verbs.Contains(segment);

    private static T NonNegative<T>(T value, string what)
        where T : System.Numerics.INumber<T> =>
        T.IsNegative(value) ? throw ApiGatewayException.BadRequest($"Invalid {what} specified: must not be negative") : value;

    private static void SetCache(Stage stage, bool enabled)
    {
        stage.CacheClusterEnabled = enabled;
        stage.CacheClusterStatus = enabled ? "AVAILABLE" : "NOT_AVAILABLE";
        stage.CacheClusterSize ??= enabled ? "0.5" : null;
    }

    private static string CheckedSize(string? size)
    {
        Stages.CheckCacheClusterSize(size ?? "", "updateStageInput.cacheClusterSize");
        return size!;
    }

    private static string? CheckedFormat(string? format) =>
        string.IsNullOrEmpty(format) || format.Contains("$context.requestId", StringComparison.Ordinal) || format.Contains("$context.extendedRequestId", StringComparison.Ordinal)
            ? format
            : throw ApiGatewayException.BadRequest("Access Log format must contain at least one of $context.requestId or $context.extendedRequestId");

    private static void PatchVariable(Stage stage, PatchVerb op, string name, string? value)
    {
        if (op == PatchVerb.Remove)
        {
            stage.Variables?.Remove(name);
            return;
        }

        Stages.CheckVariable(name, value);
        (stage.Variables ??= [])[name] = value!;
    }

    private sealed class StagePatchErrors : IPatchErrors
    {
        public static readonly StagePatchErrors Instance = new();

        public Exception UnknownPath(string? path, string op) =>
            ApiGatewayException.BadRequest($"Invalid method setting path: {path ?? "null"}. Must be one of: {ValidPaths}");

        public Exception UnsupportedOp(string path, string op, IReadOnlyList<PatchVerb> allowed) => DefaultPatchErrors.Instance.UnsupportedOp(path, op, allowed);
    }
}
