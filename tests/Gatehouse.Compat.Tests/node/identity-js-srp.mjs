// amazon-cognito-identity-js signs in with its default flow, USER_SRP_AUTH (InitiateAuth, then PASSWORD_VERIFIER
// answered with the password claim signature), refreshSession (REFRESH_TOKEN_AUTH) gives new tokens, and the same user
// with a wrong password fails.
//
// usage: node identity-js-srp.mjs --pool-id ID --client-id ID --username NAME --password PW [--wrong-password PW] [--endpoint URL]
//
// Result: { signedIn: <session>, authenticationResult: { IdToken, AccessToken }, refreshed: <session>,
// wrongPassword: { name, message } }. Exits 1 if the sign-in does not succeed straight away, the refresh fails or the
// wrong password is accepted.
import { authenticate, call, pool, session, summary, user } from './identity-js-common.mjs';
import { authFlow, describe, expect, options, result, run, step } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password', 'wrong-password'], ['pool-id', 'client-id', 'username', 'password']);

await run(async () => {
    const userPool = pool(args.endpoint, args['pool-id'], args['client-id']);

    step(`authenticateUser (${authFlow ?? 'USER_SRP_AUTH'})`);
    const cognitoUser = user(userPool, args.username);
    const signIn = await authenticate(cognitoUser, args.username, args.password);
    expect(signIn.outcome === 'onSuccess', `authenticateUser called ${summary(signIn)}, not onSuccess`);
    result.signedIn = session(signIn.args[0]);
    // As InitiateAuth names them, for the test's own signature and claim checks.
    result.authenticationResult = {
        IdToken: signIn.args[0].getIdToken().getJwtToken(),
        AccessToken: signIn.args[0].getAccessToken().getJwtToken(),
    };

    step('refreshSession (REFRESH_TOKEN_AUTH)');
    const refreshed = await call((cb) => cognitoUser.refreshSession(signIn.args[0].getRefreshToken(), cb));
    result.refreshed = { ...session(refreshed), accessTokenChanged: refreshed.getAccessToken().getJwtToken() !== result.authenticationResult.AccessToken };

    step('authenticateUser with a wrong password');
    const wrong = args['wrong-password'] ?? `${args.password}-wrong`;
    try {
        const accepted = await authenticate(user(userPool, args.username), args.username, wrong);
        result.wrongPassword = { accepted: accepted.outcome };
    } catch (error) {
        result.wrongPassword = describe(error);
    }
    expect(!result.wrongPassword.accepted, `the wrong password was accepted (${result.wrongPassword.accepted})`);
});
