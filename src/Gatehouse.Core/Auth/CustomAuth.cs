using Gatehouse.Core.Functions;
using Gatehouse.Core.Storage;
using Gatehouse.Core.UserPools;

namespace Gatehouse.Core.Auth;

/// <summary>
/// CUSTOM_AUTH: DefineAuthChallenge decides each step from the sequence so far, CreateAuthChallenge makes each
/// CUSTOM_CHALLENGE and VerifyAuthChallengeResponse judges each answer. The sequence travels in single-use challenge
/// sessions. Every function runs with no write session open (a trigger may call back into Gatehouse); the store is
/// opened briefly between them.
/// </summary>
public sealed class CustomAuth(Authenticator authenticator, AuthSessions sessions, SignInTriggers triggers, TimeProvider time)
{
    private const string Challenge = "CUSTOM_CHALLENGE";

    /// <summary>
    /// InitiateAuth with CUSTOM_AUTH: finds the user, runs PreAuthentication, then asks DefineAuthChallenge for the first
    /// step. A successful outcome is pending (see <see cref="Authenticator.FinishAsync"/>).
    /// </summary>
    public async Task<AuthOutcome> StartAsync(
        IGatehouseStore store, UserPool pool, AppClient client, string username, string? secretHash, IReadOnlyDictionary<string, string>? clientMetadata,
        CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "DefineAuthChallenge"))
        {
            throw SignInTriggers.NotConfigured();
        }

        User? user;
        await using (var read = await store.OpenAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            user = await UserLookup.FindAsync(read, pool, username, cancellationToken).ConfigureAwait(false);
        }

        SecretHash.Check(client, secretHash, username, user?.Username);
        if (user is null && !client.HidesUserExistence)
        {
            throw CognitoException.UserNotFound();
        }

        await triggers.PreAuthenticationAsync(pool, client, username, user, clientMetadata, cancellationToken).ConfigureAwait(false);
        if (user is not null)
        {
            CheckMaySignIn(user);
        }

        return await NextAsync(store, pool, client, user?.Username ?? username, user, [], clientMetadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RespondToAuthChallenge with CUSTOM_CHALLENGE: uses up the session, has VerifyAuthChallengeResponse judge the
    /// answer, and asks DefineAuthChallenge what comes next with the whole sequence.
    /// </summary>
    public async Task<AuthOutcome> RespondAsync(
        IGatehouseStore store, UserPool pool, AppClient client, string? sessionToken, string username, string? secretHash, string answer,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        AuthSessionData state;
        User? user = null;
        await using (var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false))
        {
            state = await sessions.ConsumeAsync(session, client, sessionToken, Challenge, cancellationToken).ConfigureAwait(false);
            if (state.UserKey.Length > 0)
            {
                user = await session.GetUserAsync(pool.Id, state.UserKey, cancellationToken).ConfigureAwait(false);
            }

            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        SecretHash.Check(client, secretHash, username, user?.Username ?? state.Username);
        if ((state.UserKey.Length > 0 && user is null) || (user is not null && !Names(user, username)) || (user is null && username != state.Username))
        {
            throw CognitoException.IncorrectCredentials();
        }

        if (!CognitoTriggers.Has(pool, "VerifyAuthChallengeResponse"))
        {
            throw SignInTriggers.NotConfigured();
        }

        var correct = await triggers.VerifyAsync(pool, client, state.Username, user, state.Private ?? [], answer, clientMetadata, cancellationToken)
            .ConfigureAwait(false);
        List<ChallengeStep> history = [.. state.History ?? [], new ChallengeStep(Challenge, correct, state.ChallengeMetadata)];
        if (user is not null)
        {
            CheckMaySignIn(user);
        }

        return await NextAsync(store, pool, client, state.Username, user, history, clientMetadata, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AuthOutcome> NextAsync(
        IGatehouseStore store, UserPool pool, AppClient client, string username, User? user, IReadOnlyList<ChallengeStep> history,
        IReadOnlyDictionary<string, string>? clientMetadata, CancellationToken cancellationToken)
    {
        if (!CognitoTriggers.Has(pool, "DefineAuthChallenge"))
        {
            throw SignInTriggers.NotConfigured();
        }

        var decision = await triggers.DefineAsync(pool, client, username, user, history, clientMetadata, cancellationToken).ConfigureAwait(false);
        if (decision.FailAuthentication)
        {
            throw CognitoException.IncorrectCredentials();
        }

        if (decision.IssueTokens)
        {
            // Nobody has the name (the client hides it): the sequence can only fail.
            if (user is null)
            {
                throw CognitoException.IncorrectCredentials();
            }

            await using var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false);
            var current = await session.GetUserAsync(pool.Id, user.Key, cancellationToken).ConfigureAwait(false) ?? throw CognitoException.IncorrectCredentials();
            CheckMaySignIn(current);
            var outcome = await authenticator.CompleteAsync(session, pool, client, current, cancellationToken).ConfigureAwait(false);
            await session.CommitAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }

        switch (decision.ChallengeName)
        {
            case Challenge:
                if (!CognitoTriggers.Has(pool, "CreateAuthChallenge"))
                {
                    throw SignInTriggers.NotConfigured();
                }

                var created = await triggers.CreateAsync(pool, client, username, user, Challenge, history, clientMetadata, cancellationToken).ConfigureAwait(false);
                string token;
                await using (var session = await store.OpenAsync(write: true, cancellationToken).ConfigureAwait(false))
                {
                    token = await sessions.StartAsync(
                        session, client, new AuthSessionData(Challenge, user?.Key ?? "", username, history, created.Private, created.Metadata), cancellationToken)
                        .ConfigureAwait(false);
                    await session.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                var parameters = new Dictionary<string, string>(created.Public, StringComparer.Ordinal) { ["USERNAME"] = username };
                return AuthOutcome.Challenge(Challenge, token, parameters);

            case null or "":
                throw new CognitoException("InvalidLambdaResponseException", "Unrecognizable lambda output");

            default:
                // SRP (PASSWORD_VERIFIER) and MFA steps inside CUSTOM_AUTH come with the SRP and MFA work.
                throw CognitoException.InvalidParameter(
                    $"DefineAuthChallenge asked for {decision.ChallengeName}; this Gatehouse version supports only CUSTOM_CHALLENGE in CUSTOM_AUTH.");
        }
    }

    private void CheckMaySignIn(User user)
    {
        SignInThrottle.ThrowIfLocked(user, time.GetUtcNow());
        if (!user.Enabled)
        {
            throw CognitoException.NotAuthorized("User is disabled.");
        }

        if (user.Status == UserStatus.Unconfirmed)
        {
            throw new CognitoException("UserNotConfirmedException", "User is not confirmed.");
        }
    }

    // The USERNAME of an answer is the user's name or what they typed at the start (an alias), case as the pool folds it.
    private static bool Names(User user, string username) =>
        string.Equals(user.Username, username, StringComparison.OrdinalIgnoreCase)
        || user.Attributes.Any(a => a.Key is "email" or "phone_number" or "preferred_username" && a.Value == username);
}
