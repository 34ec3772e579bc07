using System.Text.Json;
using System.Text.Json.Nodes;
using Gatehouse.Core.Tokens;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Functions;

/// <summary>One step of a custom authentication sequence, as DefineAuthChallenge sees it in <c>request.session</c>.</summary>
public sealed record ChallengeStep(string ChallengeName, bool ChallengeResult, string? ChallengeMetadata);

/// <summary>What DefineAuthChallenge decided.</summary>
public sealed record ChallengeDecision(string? ChallengeName, bool IssueTokens, bool FailAuthentication);

/// <summary>The challenge CreateAuthChallenge made: what the client sees, what only VerifyAuthChallengeResponse sees.</summary>
public sealed record CreatedChallenge(Dictionary<string, string> Public, Dictionary<string, string> Private, string? Metadata);

/// <summary>
/// The sign-in triggers with Cognito's events: PreAuthentication, PostAuthentication, PreTokenGeneration (V1, V2 and V3)
/// and the three custom authentication challenge triggers. Every method calls a function, so none may be called while
/// a write session is open.
/// </summary>
public sealed class SignInTriggers(CognitoTriggers triggers)
{
    /// <summary>The error Cognito gives for CUSTOM_AUTH in a pool that lacks a challenge trigger.</summary>
    public static CognitoException NotConfigured() =>
        CognitoException.InvalidParameter("Custom auth lambda trigger is not configured for the user pool.");

    /// <summary>A user's attributes as the triggers receive them, with <c>cognito:user_status</c>.</summary>
    public static JsonObject Attributes(User? user) => user is null ? [] : CognitoTriggers.AttributesOf(user);

    // Sign-in events carry an empty map where the caller sent none.
    private static JsonObject Map(IReadOnlyDictionary<string, string>? values) => CognitoTriggers.Map(values) ?? [];

    /// <summary>
    /// PreAuthentication_Authentication, before the password is checked. Cognito calls it for a user it found, and for
    /// a name it did not find only when the client hides user existence (<c>userNotFound</c> is sent only then).
    /// </summary>
    public async Task PreAuthenticationAsync(
        UserPool pool, AppClient client, string typedName, User? user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "PreAuthentication") || (user is null && !client.HidesUserExistence))
        {
            return;
        }

        var request = new JsonObject { ["userAttributes"] = Attributes(user), ["validationData"] = Map(clientMetadata) };
        if (client.HidesUserExistence)
        {
            request["userNotFound"] = user is null;
        }

        await triggers.InvokeAsync(pool, "PreAuthentication", "PreAuthentication_Authentication", user?.Username ?? typedName, client.ClientId, request, [], "1", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>PostAuthentication_Authentication, after a successful sign-in and before the tokens are returned.</summary>
    public async Task PostAuthenticationAsync(
        UserPool pool, AppClient client, User user, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "PostAuthentication"))
        {
            return;
        }

        var request = new JsonObject { ["userAttributes"] = Attributes(user), ["newDeviceUsed"] = false, ["clientMetadata"] = Map(clientMetadata) };
        await triggers.InvokeAsync(pool, "PostAuthentication", "PostAuthentication_Authentication", user.Username, client.ClientId, request, [], "1", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// PreTokenGeneration for a user's tokens (<paramref name="triggerSource"/> such as <c>TokenGeneration_Authentication</c>);
    /// null when the pool has no such trigger.
    /// </summary>
    public async Task<TokenCustomization?> PreTokenGenerationAsync(
        UserPool pool, AppClient client, User user, IReadOnlyList<Group> groups, IReadOnlyList<string> scopes, string triggerSource,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "PreTokenGeneration"))
        {
            return null;
        }

        var version = CognitoTriggers.PreTokenGenerationVersion(pool);
        var ordered = groups.OrderBy(g => g.Precedence ?? int.MaxValue).ThenBy(g => g.GroupName, StringComparer.Ordinal).ToList();
        var withRole = ordered.Where(g => g.RoleArn is not null).ToList();
        var preferred = withRole.Count > 0 && !withRole.Any(g => g.Precedence == withRole[0].Precedence && g.RoleArn != withRole[0].RoleArn)
            ? withRole[0].RoleArn
            : null;
        var request = new JsonObject
        {
            ["userAttributes"] = Attributes(user),
            ["groupConfiguration"] = new JsonObject
            {
                ["groupsToOverride"] = new JsonArray([.. ordered.Select(g => (JsonNode?)g.GroupName)]),
                ["iamRolesToOverride"] = new JsonArray([.. withRole.Select(g => g.RoleArn!).Distinct().Select(r => (JsonNode?)r)]),
                ["preferredRole"] = preferred,
            },
        };
        if (version != "1")
        {
            request["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)s)]);
        }

        request["clientMetadata"] = Map(clientMetadata);
        return await RunPreTokenAsync(pool, client, user.Username, triggerSource, request, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PreTokenGeneration for the client_credentials grant (TokenGeneration_ClientCredentials): only V3_0 triggers see
    /// machine-to-machine tokens, and only their access token customisation applies.
    /// </summary>
    public async Task<TokenCustomization?> ClientCredentialsAsync(
        UserPool pool, AppClient client, IReadOnlyList<string> scopes, IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "PreTokenGeneration") || CognitoTriggers.PreTokenGenerationVersion(pool) != "3")
        {
            return null;
        }

        var request = new JsonObject
        {
            ["userAttributes"] = new JsonObject(),
            ["groupConfiguration"] = null,
            ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode?)s)]),
            ["clientMetadata"] = Map(clientMetadata),
        };
        var custom = await RunPreTokenAsync(pool, client, "ClientCredentials", "TokenGeneration_ClientCredentials", request, "3", cancellationToken)
            .ConfigureAwait(false);
        return custom is null ? null : custom with { Id = null, Groups = null };
    }

    private async Task<TokenCustomization?> RunPreTokenAsync(
        UserPool pool, AppClient client, string userName, string triggerSource, JsonObject request, string version, CancellationToken cancellationToken)
    {
        var response = new JsonObject { [version == "1" ? "claimsOverrideDetails" : "claimsAndScopeOverrideDetails"] = null };
        var answer = await triggers.InvokeAsync(pool, "PreTokenGeneration", triggerSource, userName, client.ClientId, request, response, version, cancellationToken)
            .ConfigureAwait(false);
        if (answer is null)
        {
            return null;
        }

        if (version == "1")
        {
            if (answer["claimsOverrideDetails"] is not JsonObject details)
            {
                return null;
            }

            return new TokenCustomization(Edits(details, stringsOnly: true), null, GroupsOf(details), [], []);
        }

        if (answer["claimsAndScopeOverrideDetails"] is not JsonObject v2)
        {
            return null;
        }

        var access = v2["accessTokenGeneration"] as JsonObject;
        return new TokenCustomization(
            v2["idTokenGeneration"] is JsonObject id ? Edits(id, stringsOnly: false) : null,
            access is null ? null : Edits(access, stringsOnly: false),
            GroupsOf(v2),
            ClaimValues.Strings(access?["scopesToAdd"]) ?? [],
            ClaimValues.Strings(access?["scopesToSuppress"]) ?? []);
    }

    private static ClaimEdits Edits(JsonObject node, bool stringsOnly) =>
        new(ClaimValues.Read(node["claimsToAddOrOverride"], stringsOnly), ClaimValues.Strings(node["claimsToSuppress"]) ?? []);

    private static GroupOverride? GroupsOf(JsonObject details) =>
        !details.TryGetPropertyValue("groupOverrideDetails", out var node)
            ? null
            : node is JsonObject groups
                ? new GroupOverride(
                    ClaimValues.Strings(groups["groupsToOverride"]),
                    ClaimValues.Strings(groups["iamRolesToOverride"]),
                    groups["preferredRole"] is JsonValue role && role.GetValueKind() == JsonValueKind.String ? role.GetValue<string>() : null)
                : node is null ? null : new GroupOverride(null, null, null);

    /// <summary>DefineAuthChallenge_Authentication: the next step of a custom authentication sequence.</summary>
    public async Task<ChallengeDecision> DefineAsync(
        UserPool pool, AppClient client, string userName, User? user, IReadOnlyList<ChallengeStep> session, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["userAttributes"] = Attributes(user),
            ["session"] = Session(session),
            ["clientMetadata"] = Map(clientMetadata),
            ["userNotFound"] = user is null,
        };
        var response = new JsonObject { ["challengeName"] = null, ["issueTokens"] = null, ["failAuthentication"] = null };
        var answer = await triggers.InvokeAsync(pool, "DefineAuthChallenge", "DefineAuthChallenge_Authentication", userName, client.ClientId, request, response, "1", cancellationToken)
            .ConfigureAwait(false) ?? throw NotConfigured();
        return new ChallengeDecision(
            answer["challengeName"] is JsonValue name && name.GetValueKind() == JsonValueKind.String ? name.GetValue<string>() : null,
            answer["issueTokens"] is JsonValue issue && issue.GetValueKind() == JsonValueKind.True,
            answer["failAuthentication"] is JsonValue fail && fail.GetValueKind() == JsonValueKind.True);
    }

    /// <summary>CreateAuthChallenge_Authentication: the challenge DefineAuthChallenge named.</summary>
    public async Task<CreatedChallenge> CreateAsync(
        UserPool pool, AppClient client, string userName, User? user, string challengeName, IReadOnlyList<ChallengeStep> session,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["userAttributes"] = Attributes(user),
            ["challengeName"] = challengeName,
            ["session"] = Session(session),
            ["clientMetadata"] = Map(clientMetadata),
            ["userNotFound"] = user is null,
        };
        var response = new JsonObject { ["publicChallengeParameters"] = null, ["privateChallengeParameters"] = null, ["challengeMetadata"] = null };
        var answer = await triggers.InvokeAsync(pool, "CreateAuthChallenge", "CreateAuthChallenge_Authentication", userName, client.ClientId, request, response, "1", cancellationToken)
            .ConfigureAwait(false) ?? throw NotConfigured();
        return new CreatedChallenge(
            Strings(answer["publicChallengeParameters"]),
            Strings(answer["privateChallengeParameters"]),
            answer["challengeMetadata"] is JsonValue metadata && metadata.GetValueKind() == JsonValueKind.String ? metadata.GetValue<string>() : null);
    }

    /// <summary>VerifyAuthChallengeResponse_Authentication: whether the answer is right.</summary>
    public async Task<bool> VerifyAsync(
        UserPool pool, AppClient client, string userName, User? user, IReadOnlyDictionary<string, string> privateParameters, string answer,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["userAttributes"] = Attributes(user),
            ["privateChallengeParameters"] = Map(privateParameters),
            ["challengeAnswer"] = answer,
            ["clientMetadata"] = Map(clientMetadata),
            ["userNotFound"] = user is null,
        };
        var response = new JsonObject { ["answerCorrect"] = null };
        var result = await triggers.InvokeAsync(
            pool, "VerifyAuthChallengeResponse", "VerifyAuthChallengeResponse_Authentication", userName, client.ClientId, request, response, "1", cancellationToken)
            .ConfigureAwait(false) ?? throw NotConfigured();
        return result["answerCorrect"] is JsonValue correct && correct.GetValueKind() == JsonValueKind.True;
    }

    private static JsonArray Session(IReadOnlyList<ChallengeStep> session) =>
        new([.. session.Select(s => (JsonNode?)new JsonObject
        {
            ["challengeName"] = s.ChallengeName,
            ["challengeResult"] = s.ChallengeResult,
            ["challengeMetadata"] = s.ChallengeMetadata,
        })]);

    // Challenge parameters are string maps; a number or boolean a function put there travels as its JSON text.
    private static Dictionary<string, string> Strings(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                if (value is not null)
                {
                    map[key] = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                }
            }
        }

        return map;
    }
}
