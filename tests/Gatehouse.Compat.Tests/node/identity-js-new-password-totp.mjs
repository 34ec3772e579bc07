// amazon-cognito-identity-js, for a user made by AdminCreateUser with a temporary password:
// 1. authenticateUser (SRP) answers newPasswordRequired; completeNewPasswordChallenge signs in.
// 2. associateSoftwareToken gives a secret; verifySoftwareToken with a code computed from it (RFC 6238);
//    setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }); getUserData shows the preference.
// 3. A fresh sign-in answers totpRequired; sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA') signs in.
//
// usage: node identity-js-new-password-totp.mjs --pool-id ID --client-id ID --username NAME --temporary-password PW
//        --new-password PW [--endpoint URL]
import { authenticate, call, outcome, pool, session, summary, user } from './identity-js-common.mjs';
import { expect, freshTotp, options, result, run, step } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'temporary-password', 'new-password']);

await run(async () => {
    const userPool = pool(args.endpoint, args['pool-id'], args['client-id']);
    const first = user(userPool, args.username);

    step('authenticateUser with the temporary password');
    const challenge = await authenticate(first, args.username, args['temporary-password']);
    expect(challenge.outcome === 'newPasswordRequired', `authenticateUser called ${summary(challenge)}, not newPasswordRequired`);
    result.newPasswordRequired = { userAttributes: challenge.args[0], requiredAttributes: challenge.args[1] };

    step('completeNewPasswordChallenge');
    const completed = await outcome((callbacks) => first.completeNewPasswordChallenge(args['new-password'], {}, callbacks));
    expect(completed.outcome === 'onSuccess', `completeNewPasswordChallenge called ${summary(completed)}, not onSuccess`);
    result.afterNewPassword = session(completed.args[0]);

    step('associateSoftwareToken');
    const secret = await new Promise((resolve, reject) => first.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    expect(/^[A-Z2-7]+=*$/.test(secret), `the secret is not base32: ${secret}`);
    result.secretLength = secret.length;

    step('verifySoftwareToken');
    const setupCode = await freshTotp(secret);
    const verified = await new Promise((resolve, reject) =>
        first.verifySoftwareToken(setupCode, 'gatehouse-compat', { onSuccess: resolve, onFailure: reject }));
    result.verifySoftwareToken = verified;

    step('setUserMfaPreference');
    result.setUserMfaPreference = await call((cb) => first.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, cb));

    step('getUserData');
    const data = await call((cb) => first.getUserData(cb, { bypassCache: true }));
    result.userData = { PreferredMfaSetting: data.PreferredMfaSetting ?? null, UserMFASettingList: data.UserMFASettingList ?? null };

    step('authenticateUser with the new password');
    const second = user(userPool, args.username);
    const mfa = await authenticate(second, args.username, args['new-password']);
    expect(mfa.outcome === 'totpRequired', `authenticateUser called ${summary(mfa)}, not totpRequired`);
    result.totpRequired = { challengeName: mfa.args[0], challengeParameters: mfa.args[1] ?? null };

    step('sendMFACode (SOFTWARE_TOKEN_MFA)');
    const code = await freshTotp(secret);
    const signedIn = await outcome((callbacks) => second.sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA'));
    expect(signedIn.outcome === 'onSuccess', `sendMFACode called ${summary(signedIn)}, not onSuccess`);
    result.signedIn = session(signedIn.args[0]);
});

