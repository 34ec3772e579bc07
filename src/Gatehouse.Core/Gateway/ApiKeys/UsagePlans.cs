using Gatehouse.Core.Storage;

namespace Gatehouse.Core.Gateway.ApiKeys;

/// <summary>
/// The rules of usage plans: the API stages they cover (each an existing stage of an existing REST API), the plan's
/// per-key throttle and quota, per-method throttles keyed <c>/path/VERB</c>, AWS's patch paths, and the keys in a plan
/// (an API key may be in several plans, but never in two that cover the same stage).
/// </summary>
public static class UsagePlans
{
    public const string KeyType = "API_KEY";
    private static readonly string[] Periods = ["DAY", "WEEK", "MONTH"];

    private static readonly PatchVerb[] Replace = [PatchVerb.Replace];
    private static readonly PatchVerb[] Remove = [PatchVerb.Remove];
    private static readonly PatchVerb[] AddRemove = [PatchVerb.Add, PatchVerb.Remove];

    private static readonly PatchTable<UsagePlan> Patches = new PatchTable<UsagePlan>()
        .Property("/name", Replace, (p, _, v) => p.Name = string.IsNullOrEmpty(v) ? throw ApiGatewayException.BadRequest("Usage Plan name cannot be empty") : v, p => p.Name)
        .Property("/description", Replace, (p, _, v) => p.Description = string.IsNullOrEmpty(v) ? null : v, p => p.Description)
        .Property("/productCode", Replace, (p, _, v) => p.ProductCode = string.IsNullOrEmpty(v) ? null : v, p => p.ProductCode)
        .Property("/throttle/burstLimit", Replace, (p, _, v) => (p.Throttle ??= new()).BurstLimit = PatchTable.Int(v, "burst limit"))
        .Property("/throttle/rateLimit", Replace, (p, _, v) => (p.Throttle ??= new()).RateLimit = PatchTable.Double(v, "rate limit"))
        .Property("/throttle", Remove, (p, _, _) => p.Throttle = null)
        .Property("/quota/limit", Replace, (p, _, v) => (p.Quota ??= new()).Limit = PatchTable.Int(v, "quota limit"))
        .Property("/quota/offset", Replace, (p, _, v) => (p.Quota ??= new()).Offset = PatchTable.Int(v, "quota offset"))
        .Property("/quota/period", Replace, (p, _, v) => (p.Quota ??= new()).Period = v)
        .Property("/quota", Remove, (p, _, _) => p.Quota = null)
        .Property("/apiStages", AddRemove, PatchApiStage);

    public static ApiGatewayException NotFound() => ApiGatewayException.NotFound("Invalid Usage Plan ID specified");

    public static async Task<UsagePlanDefinition> CreateAsync(IStoreSession session, CreateUsagePlanInput input, IdGenerator ids, string accountId, CancellationToken cancellationToken)
    {
        ApiGatewayException.ThrowIfNull(input.Name, "createUsagePlanInput.name");
        ApiGatewayException.ThrowIfNullItem(input.ApiStages, "createUsagePlanInput.apiStages");
        ApiGatewayException.ThrowIfNullItem(input.Tags?.Values, "createUsagePlanInput.tags");
        foreach (var stage in input.ApiStages ?? [])
        {
            ApiGatewayException.ThrowIfNullItem(stage.Throttle?.Values, "createUsagePlanInput.apiStages.member.throttle");
        }

        if (input.Quota?.Period is { } period && !Periods.Contains(period))
        {
            throw ApiGatewayException.Validation([ApiGatewayException.EnumClause(period, "createUsagePlanInput.quota.period", "DAY, WEEK, MONTH")]);
        }

        if (input.Name!.Length == 0)
        {
            throw ApiGatewayException.BadRequest("Usage Plan name cannot be empty");
        }

        var plan = new UsagePlan
        {
            Name = input.Name,
            Description = string.IsNullOrEmpty(input.Description) ? null : input.Description,
            ApiStages = [],
            Throttle = input.Throttle,
            Quota = input.Quota,
            Tags = input.Tags is { Count: > 0 } tags ? tags : null,
        };
        foreach (var stage in input.ApiStages ?? [])
        {
            if (string.IsNullOrEmpty(stage.ApiId) || string.IsNullOrEmpty(stage.Stage))
            {
                // AWS's own wording, placeholders and all.
                throw ApiGatewayException.BadRequest("Invalid API Stage {api: %s, stage: %s} specified for usageplan %s");
            }

            if (plan.ApiStages.Any(s => s.ApiId == stage.ApiId && s.Stage == stage.Stage))
            {
                throw ApiGatewayException.BadRequest($"Duplicate API Stage {stage.ApiId}:{stage.Stage} specified for usage plan");
            }

            await CheckStageAsync(session, stage.ApiId, stage.Stage, accountId, cancellationToken).ConfigureAwait(false);
            plan.ApiStages.Add(new ApiStage { ApiId = stage.ApiId, Stage = stage.Stage, Throttle = stage.Throttle is { Count: > 0 } t ? t : null });
        }

        Validate(plan);
        do
        {
            plan.Id = ids.NewUsagePlanId();
        }
        while (await ApiKeyStore.FindPlanAsync(session, plan.Id, cancellationToken).ConfigureAwait(false) is not null);

        return new UsagePlanDefinition { Plan = plan };
    }

    /// <summary>Applies an <c>UpdateUsagePlan</c>'s operations; stages added must exist and keep every key's stages unique across plans.</summary>
    public static async Task UpdateAsync(IStoreSession session, UsagePlanDefinition definition, IReadOnlyList<PatchOperation>? operations, string accountId, CancellationToken cancellationToken)
    {
        var plan = definition.Plan;
        var before = (plan.ApiStages ?? []).Select(StageName).ToList();
        foreach (var (verb, op) in PatchTable.Parse(operations, "updateUsagePlanInput"))
        {
            if (op.Path is { } path && path.StartsWith("/apiStages/", StringComparison.Ordinal))
            {
                PatchStageThrottle(plan, verb, op);
                continue;
            }

            Patches.Apply(plan, verb, op);
        }

        var added = (plan.ApiStages ?? []).Where(s => !before.Contains(StageName(s))).ToList();
        foreach (var stage in added)
        {
            await CheckStageAsync(session, stage.ApiId, stage.Stage, accountId, cancellationToken).ConfigureAwait(false);
        }

        if (added.Count > 0 && definition.KeyIds.Count > 0)
        {
            var others = (await ApiKeyStore.ListPlansAsync(session, cancellationToken).ConfigureAwait(false)).Where(p => p.Id != definition.Id).ToList();
            foreach (var keyId in definition.KeyIds)
            {
                CheckStagesUnique(definition, keyId, others);
            }
        }

        Validate(plan);
    }

    /// <summary>Puts an API key in the plan (<c>CreateUsagePlanKey</c>).</summary>
    public static async Task<UsagePlanKey> AddKeyAsync(IStoreSession session, UsagePlanDefinition definition, CreateUsagePlanKeyInput input, CancellationToken cancellationToken)
    {
        ApiGatewayException.ThrowIfNull(input.KeyId, "createUsagePlanKeyInput.keyId");
        ApiGatewayException.ThrowIfNull(input.KeyType, "createUsagePlanKeyInput.keyType");
        if (input.KeyType != KeyType)
        {
            throw ApiGatewayException.BadRequest($"Invalid key type specified: {input.KeyType}. Must be {KeyType}");
        }

        var key = await ApiKeyStore.FindKeyAsync(session, input.KeyId!, cancellationToken).ConfigureAwait(false) ?? throw ApiKeys.NotFound();
        if (definition.KeyIds.Contains(key.Id!))
        {
            throw ApiGatewayException.Conflict($"Usage Plan {definition.Id} already contains API Key {key.Id}");
        }

        var others = (await ApiKeyStore.ListPlansAsync(session, cancellationToken).ConfigureAwait(false)).Where(p => p.Id != definition.Id).ToList();
        CheckStagesUnique(definition, key.Id!, others);
        definition.KeyIds.Add(key.Id!);
        return KeyView(key);
    }

    /// <summary>
    /// The quota left to grant from an <c>UpdateUsage</c>'s operations: <c>replace /remaining</c> with a count (the last
    /// one wins). The plan must have a quota.
    /// </summary>
    public static long Remaining(UsagePlanDefinition definition, IReadOnlyList<PatchOperation>? operations)
    {
        long? remaining = null;
        foreach (var (verb, op) in PatchTable.Parse(operations, "updateUsageInput"))
        {
            if (op.Path != "/remaining")
            {
                throw ApiGatewayException.InvalidPatchPath(op.Path);
            }

            if (verb != PatchVerb.Replace)
            {
                throw DefaultPatchErrors.Instance.UnsupportedOp(op.Path, PatchTable.Name(verb), Replace);
            }

            var value = PatchTable.Int(op.Value, "remaining quota");
            remaining = value >= 0 ? value : throw ApiGatewayException.BadRequest("The remaining quota must not be negative");
        }

        if (definition.Plan.Quota is null)
        {
            throw ApiGatewayException.BadRequest($"Usage Plan {definition.Id} has no quota");
        }

        return remaining ?? throw ApiGatewayException.BadRequest("Invalid patch operations: replace /remaining is required");
    }

    /// <summary>A key as a usage plan key: id, type, name and value.</summary>
    public static UsagePlanKey KeyView(ApiKey key) => new() { Id = key.Id, Type = KeyType, Name = key.Name, Value = key.Value };

    /// <summary>
    /// The quota period holding <paramref name="now"/> (UTC): the day; the week from weekday <paramref name="offset"/>
    /// (0 Sunday); or the month from day <paramref name="offset"/> + 1. Returns its start and its end (exclusive).
    /// </summary>
    public static (DateTime Start, DateTime End) Period(string period, int offset, DateTime now)
    {
        var today = now.Date;
        switch (period)
        {
            case "WEEK":
                var start = today.AddDays(-(((int)today.DayOfWeek - offset + 7) % 7));
                return (start, start.AddDays(7));
            case "MONTH":
                var first = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Utc);
                var begin = today.Day > offset ? first.AddDays(offset) : first.AddMonths(-1).AddDays(offset);
                return (begin, begin.AddMonths(1));
            default:
                return (today, today.AddDays(1));
        }
    }

    private static string StageName(ApiStage stage) => $"{stage.ApiId}:{stage.Stage}";

    private static async Task CheckStageAsync(IStoreSession session, string? apiId, string? stageName, string accountId, CancellationToken cancellationToken)
    {
        var api = await RestApiStore.FindAsync(session, apiId!, cancellationToken).ConfigureAwait(false) ?? throw ApiGatewayException.ApiNotFound(accountId, apiId!);
        if (api.Stage(stageName!) is null)
        {
            throw ApiGatewayException.BadRequest($"API Stage not found: {apiId}:{stageName}");
        }
    }

    private static void CheckStagesUnique(UsagePlanDefinition definition, string keyId, IEnumerable<UsagePlanDefinition> others)
    {
        var mine = (definition.Plan.ApiStages ?? []).Select(StageName).ToHashSet(StringComparer.Ordinal);
        foreach (var other in others.Where(o => o.KeyIds.Contains(keyId)))
        {
            if ((other.Plan.ApiStages ?? []).Select(StageName).FirstOrDefault(mine.Contains) is { } shared)
            {
                throw ApiGatewayException.BadRequest(
                    $"Usage Plan {definition.Id} cannot be added because API Key {keyId} cannot reference multiple Usage Plans with the same API Stage: {shared}");
            }
        }
    }

    private static void Validate(UsagePlan plan)
    {
        CheckThrottle(plan.Throttle);
        foreach (var stage in plan.ApiStages ?? [])
        {
            foreach (var (key, throttle) in stage.Throttle ?? [])
            {
                if (MethodKey(key) is null)
                {
                    throw ApiGatewayException.BadRequest($"Invalid method throttle key {key} for API Stage {StageName(stage)}: must be /{{resourcePath}}/{{httpMethod}}");
                }

                CheckThrottle(throttle);
            }
        }

        if (plan.Quota is not { } quota)
        {
            return;
        }

        if (quota.Period is null || !Periods.Contains(quota.Period))
        {
            throw ApiGatewayException.BadRequest("Invalid quota period specified. Valid options are DAY, WEEK, MONTH");
        }

        if (quota.Limit is not >= 0)
        {
            throw ApiGatewayException.BadRequest("Quota limit must be specified and not be negative");
        }

        var maxOffset = quota.Period switch { "WEEK" => 6, "MONTH" => 27, _ => 0 };
        if (quota.Offset is < 0 || quota.Offset > maxOffset)
        {
            throw ApiGatewayException.BadRequest($"Quota offset for period {quota.Period} must be between 0 and {maxOffset}");
        }

        quota.Offset ??= 0;
    }

    private static void CheckThrottle(ThrottleSettings? throttle)
    {
        if (throttle is { BurstLimit: < 0 } or { RateLimit: < 0 } || throttle?.RateLimit is { } rate && !double.IsFinite(rate))
        {
            throw ApiGatewayException.BadRequest("Throttle burst limit and rate limit must not be negative");
        }
    }

    /// <summary>A method throttle key <c>/path/VERB</c> split in two, or null when malformed.</summary>
    public static (string Path, string Verb)? MethodKey(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !key.StartsWith('/'))
        {
            return null;
        }

        var verb = key[(slash + 1)..];
        return verb == "*" || Methods.Verbs.Contains(verb) ? (key[..slash], verb) : null;
    }

    // The value is "{apiId}:{stage}"; adding checks the stage exists afterwards (it needs the store).
    private static void PatchApiStage(UsagePlan plan, PatchVerb op, string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (value is null || colon <= 0 || colon == value.Length - 1)
        {
            throw ApiGatewayException.BadRequest($"Invalid API Stage specified: {value ?? "null"}. Must be {{apiId}}:{{stageName}}");
        }

        var stages = plan.ApiStages ??= [];
        var existing = stages.Find(s => StageName(s) == value);
        if (op == PatchVerb.Add && existing is null)
        {
            stages.Add(new ApiStage { ApiId = value[..colon], Stage = value[(colon + 1)..] });
        }
        else if (op == PatchVerb.Remove)
        {
            if (existing is null)
            {
                throw ApiGatewayException.BadRequest($"API Stage {value} is not in usage plan {plan.Id}");
            }

            stages.Remove(existing);
        }
    }

    // /apiStages/{apiId:stage}/throttle[/{path}/{VERB}[/burstLimit|/rateLimit]], the path's segments ~1-escaped.
    private static void PatchStageThrottle(UsagePlan plan, PatchVerb verb, PatchOperation op)
    {
        var segments = op.Path!.Split('/');
        if (segments.Length < 4 || segments[3] != "throttle")
        {
            throw ApiGatewayException.InvalidPatchPath(op.Path);
        }

        var stage = plan.ApiStages?.Find(s => StageName(s) == segments[2])
            ?? throw ApiGatewayException.BadRequest($"API Stage {segments[2]} is not in usage plan {plan.Id}");
        var rest = segments[4..];
        if (rest.Length == 0 || (rest.Length >= 2 && rest[^1] is not ("burstLimit" or "rateLimit")))
        {
            // The whole map, or one method's throttle: only removal.
            if (verb != PatchVerb.Remove)
            {
                throw DefaultPatchErrors.Instance.UnsupportedOp(op.Path!, PatchTable.Name(verb), Remove);
            }

            if (rest.Length == 0)
            {
                stage.Throttle = null;
                return;
            }

            var whole = ThrottleKey(rest, op.Path);
            if (stage.Throttle?.Remove(whole) != true)
            {
                throw ApiGatewayException.BadRequest($"Cannot remove method throttle {whole}: there is none");
            }

            stage.Throttle = stage.Throttle.Count == 0 ? null : stage.Throttle;
            return;
        }

        if (rest.Length < 3)
        {
            throw ApiGatewayException.InvalidPatchPath(op.Path);
        }

        if (verb is not (PatchVerb.Replace or PatchVerb.Add))
        {
            throw DefaultPatchErrors.Instance.UnsupportedOp(op.Path!, PatchTable.Name(verb), Replace);
        }

        var key = ThrottleKey(rest[..^1], op.Path);
        var throttle = (stage.Throttle ??= [])!.TryGetValue(key, out var found) ? found : stage.Throttle[key] = new ThrottleSettings();
        if (rest[^1] == "burstLimit")
        {
            throttle.BurstLimit = PatchTable.Int(op.Value, "burst limit");
        }
        else
        {
            throttle.RateLimit = PatchTable.Double(op.Value, "rate limit");
        }
    }

    private static string ThrottleKey(string[] segments, string? path)
    {
        var resource = string.Join('/', segments[..^1].Select(PatchTable.Decode));
        resource = resource.StartsWith('/') ? resource : "/" + resource;
        var key = $"{resource}/{segments[^1]}";
        return segments.Length >= 2 && MethodKey(key) is not null ? key : throw ApiGatewayException.InvalidPatchPath(path);
    }
}
