// amazon-cognito-identity-js remembers a device and the device skips MFA, in a pool with MFA and a
// DeviceConfiguration { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }.
// 1. --mfa totp (the default): set-up on another device (its own storage): sign in; TOTP is set up through whichever
//    path the pool asks for (mfaSetup with the session when MFA is ON, else associateSoftwareToken with the access
//    token and setUserMfaPreference), so the user has TOTP preferred. --mfa sms: no set-up; the pool sends SMS codes
//    to the user's phone number, read from the outbox.
// 2. On "this device" (one shared in-memory Storage): authenticateUser answers totpRequired (or mfaRequired);
//    sendMFACode signs in; the response has NewDeviceMetadata, so the library calls ConfirmDevice itself and keeps the
//    device key, group key and random password in the storage.
// 3. A second CognitoUser with the same storage signs in: the library sends DEVICE_KEY, the server answers
//    DEVICE_SRP_AUTH, the library proves the device (DEVICE_PASSWORD_VERIFIER), and no MFA is asked.
// 4. listDevices shows the device as remembered.
// 5. forgetDevice (ForgetDevice; the library drops its keys); the next sign-in is asked for MFA again.
//
// usage: node identity-js-device.mjs --pool-id ID --client-id ID --username NAME --password PW [--mfa totp|sms] [--endpoint URL]
//
// result.calls lists every Cognito call and its answer (see traceCognitoCalls); result.secondSignIn.calls the ones of step 3.
import { authenticate, call, outcome, pool, session, summary, user } from './identity-js-common.mjs';
import { MemoryStorage, expect, freshTotp, options, outboxCode, result, run, step, traceCognitoCalls } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password', 'mfa'], ['pool-id', 'client-id', 'username', 'password']);
const sms = args.mfa === 'sms';
expect(!args.mfa || ['totp', 'sms'].includes(args.mfa), `--mfa is totp or sms, not ${args.mfa}`);
traceCognitoCalls();

await run(async () => {
    const secret = sms ? null : await setUpTotp();

    const device = new MemoryStorage();
    const devicePool = pool(args.endpoint, args['pool-id'], args['client-id'], device);

    step('device sign-in 1: authenticateUser');
    const first = user(devicePool, args.username);
    const challenge = await authenticate(first, args.username, args.password);
    const expected = sms ? 'mfaRequired' : 'totpRequired';
    expect(challenge.outcome === expected, `the first sign-in on the new device called ${summary(challenge)}, not ${expected}`);

    step('device sign-in 1: sendMFACode (then the library confirms the device)');
    const code = sms ? await outboxCode(args.endpoint, args['pool-id'], args.username) : await freshTotp(secret);
    const signedIn = await outcome((callbacks) => first.sendMFACode(code, callbacks, sms ? 'SMS_MFA' : 'SOFTWARE_TOKEN_MFA'));
    expect(signedIn.outcome === 'onSuccess', `sendMFACode called ${summary(signedIn)}, not onSuccess`);
    result.firstSignIn = { session: session(signedIn.args[0]), userConfirmationNecessary: signedIn.args[1] ?? null, deviceKey: first.deviceKey ?? null };
    const stored = device.keys().filter((key) => /\.(deviceKey|deviceGroupKey|randomPasswordKey)$/.test(key));
    result.firstSignIn.storedDeviceItems = stored.map((key) => key.split('.').pop()).sort();
    expect(first.deviceKey, `no device was confirmed: the sign-in had no NewDeviceMetadata (calls: ${result.calls.join('; ')})`);

    step('device sign-in 2: authenticateUser with the same storage');
    const before = result.calls.length;
    const second = user(devicePool, args.username);
    const again = await authenticate(second, args.username, args.password);
    result.secondSignIn = { outcome: again.outcome, calls: result.calls.slice(before) };
    expect(again.outcome === 'onSuccess', `the second sign-in from the remembered device called ${summary(again)}, not onSuccess (MFA should be skipped)`);
    result.secondSignIn.session = session(again.args[0]);

    step('listDevices');
    const listed = await new Promise((resolve, reject) => second.listDevices(10, null, { onSuccess: resolve, onFailure: reject }));
    result.devices = (listed.Devices ?? []).map((d) => ({
        DeviceKey: d.DeviceKey,
        status: (d.DeviceAttributes ?? []).find((a) => a.Name === 'device_status')?.Value ?? null,
        remembered: (d.DeviceAttributes ?? []).find((a) => a.Name === 'dev:device_remembered_status')?.Value ?? null,
        name: (d.DeviceAttributes ?? []).find((a) => a.Name === 'device_name')?.Value ?? null,
        lastIpUsed: (d.DeviceAttributes ?? []).find((a) => a.Name === 'last_ip_used')?.Value ?? null,
    }));

    step('forgetDevice');
    await new Promise((resolve, reject) => second.forgetDevice({ onSuccess: resolve, onFailure: reject }));
    result.afterForget = { storedDeviceItems: device.keys().filter((key) => /\.(deviceKey|deviceGroupKey|randomPasswordKey)$/.test(key)).length };

    step('device sign-in 3: authenticateUser after forgetDevice');
    const third = await authenticate(user(devicePool, args.username), args.username, args.password);
    result.afterForget.outcome = third.outcome;
    expect(third.outcome === expected, `the sign-in after forgetDevice called ${summary(third)}, not ${expected}: a forgotten device must not skip MFA`);
});

/** Signs in on a throwaway storage and gives the user TOTP, preferred; returns the secret. */
async function setUpTotp() {
    const setupPool = pool(args.endpoint, args['pool-id'], args['client-id'], new MemoryStorage());
    const setup = user(setupPool, args.username);

    step('set-up: authenticateUser');
    const signIn = await authenticate(setup, args.username, args.password);
    result.setup = { outcome: signIn.outcome };
    let secret;
    if (signIn.outcome === 'mfaSetup') {
        step('set-up: associateSoftwareToken (session)');
        secret = await new Promise((resolve, reject) => setup.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
        step('set-up: verifySoftwareToken (session, then MFA_SETUP)');
        const code = await freshTotp(secret);
        await new Promise((resolve, reject) => setup.verifySoftwareToken(code, 'gatehouse-compat', { onSuccess: resolve, onFailure: reject }));
    } else {
        expect(signIn.outcome === 'onSuccess', `the set-up sign-in called ${summary(signIn)}, not onSuccess or mfaSetup`);
        step('set-up: associateSoftwareToken (access token)');
        secret = await new Promise((resolve, reject) => setup.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
        step('set-up: verifySoftwareToken (access token)');
        const code = await freshTotp(secret);
        await new Promise((resolve, reject) => setup.verifySoftwareToken(code, 'gatehouse-compat', { onSuccess: resolve, onFailure: reject }));
    }
    step('set-up: setUserMfaPreference');
    await call((cb) => setup.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, cb));
    return secret;
}
