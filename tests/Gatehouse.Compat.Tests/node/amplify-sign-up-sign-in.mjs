// aws-amplify v6: signUp, confirmSignUp with the code from Gatehouse's outbox, signIn (its default flow,
// USER_SRP_AUTH), fetchAuthSession (tokens present), a forced refresh (recorded as result.refresh, success or not),
// getCurrentUser, signOut (then no tokens).
//
// usage: node amplify-sign-up-sign-in.mjs --pool-id ID --client-id ID --username NAME --password PW --email ADDRESS [--endpoint URL]
import { confirmSignUp, fetchAuthSession, getCurrentUser, signOut, signUp } from 'aws-amplify/auth';
import { configure, nextStep, signIn, tokens } from './amplify-common.mjs';
import { authFlow, describe, expect, options, outboxCode, result, run, step, traceCognitoCalls } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password', 'email']);
traceCognitoCalls();
configure(args.endpoint, args['pool-id'], args['client-id']);

await run(async () => {
    step('signUp');
    const signedUp = await signUp({ username: args.username, password: args.password, options: { userAttributes: { email: args.email } } });
    result.signUp = { ...nextStep(signedUp), userId: signedUp.userId ?? null };
    expect(result.signUp.step === 'CONFIRM_SIGN_UP', `signUp's next step is ${result.signUp.step}, not CONFIRM_SIGN_UP`);

    step('confirmSignUp (code from the outbox)');
    const code = await outboxCode(args.endpoint, args['pool-id'], args.username);
    const confirmed = await confirmSignUp({ username: args.username, confirmationCode: code });
    result.confirmSignUp = nextStep(confirmed);
    expect(confirmed.isSignUpComplete, `confirmSignUp did not complete: ${JSON.stringify(result.confirmSignUp)}`);

    step(`signIn (${authFlow ?? 'USER_SRP_AUTH'})`);
    const signedIn = await signIn({ username: args.username, password: args.password });
    result.signIn = nextStep(signedIn);
    expect(signedIn.isSignedIn && result.signIn.step === 'DONE', `signIn did not finish: ${JSON.stringify(result.signIn)}`);

    step('fetchAuthSession');
    result.session = tokens(await fetchAuthSession());
    expect(result.session.hasAccessToken && result.session.hasIdToken, 'fetchAuthSession has no tokens');

    // Amplify 6.22 refreshes with GetTokensFromRefreshToken (not InitiateAuth REFRESH_TOKEN_AUTH). Its outcome is
    // recorded, not required, so the test of the rest does not depend on it.
    step('fetchAuthSession({ forceRefresh: true })');
    try {
        const refreshed = tokens(await fetchAuthSession({ forceRefresh: true }));
        result.refresh = { ...refreshed, accessTokenChanged: refreshed.access?.jti !== result.session.access?.jti };
    } catch (error) {
        result.refresh = { failure: describe(error) };
    }

    step('getCurrentUser');
    const current = await getCurrentUser();
    result.currentUser = { username: current.username, userId: current.userId };

    step('signOut');
    await signOut();
    result.afterSignOut = tokens(await fetchAuthSession());
    expect(!result.afterSignOut.hasAccessToken, 'fetchAuthSession still has tokens after signOut');
});
