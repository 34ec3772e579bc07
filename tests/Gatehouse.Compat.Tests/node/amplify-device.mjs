// aws-amplify v6 remembers a device, and the remembered device skips MFA, in a pool with MFA ON and a
// DeviceConfiguration { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false }:
// 1. --mfa totp (the default), for a user with no MFA yet: signIn answers CONTINUE_SIGN_IN_WITH_TOTP_SETUP;
//    confirmSignIn(code) signs in. --mfa email, for a user with a verified email in a pool with email MFA: signIn
//    answers CONFIRM_SIGN_IN_WITH_EMAIL_CODE; confirmSignIn(code from the outbox) signs in. The result has
//    NewDeviceMetadata, so Amplify calls ConfirmDevice itself and keeps the device in its (in-memory) token store.
// 2. rememberDevice() (UpdateDeviceStatus); fetchDevices() lists it.
// 3. signOut (the device keys stay); signIn again: Amplify sends DEVICE_KEY, answers DEVICE_SRP_AUTH and
//    DEVICE_PASSWORD_VERIFIER, and the next step is DONE: no code asked.
//
// usage: node amplify-device.mjs --pool-id ID --client-id ID --username NAME --password PW [--mfa totp|email] [--endpoint URL]
import { confirmSignIn, fetchAuthSession, fetchDevices, rememberDevice, signOut } from 'aws-amplify/auth';
import { configure, nextStep, signIn, tokens } from './amplify-common.mjs';
import { expect, freshTotp, options, outboxCode, result, run, step, traceCognitoCalls } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password', 'mfa'], ['pool-id', 'client-id', 'username', 'password']);
expect(!args.mfa || ['totp', 'email'].includes(args.mfa), `--mfa is totp or email, not ${args.mfa}`);
traceCognitoCalls();
configure(args.endpoint, args['pool-id'], args['client-id']);

await run(async () => {
    step('signIn 1');
    const first = await signIn({ username: args.username, password: args.password });
    result.signIn1 = nextStep(first);
    if (args.mfa === 'email') {
        expect(result.signIn1.step === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `signIn's next step is ${result.signIn1.step}, not CONFIRM_SIGN_IN_WITH_EMAIL_CODE`);
        step('confirmSignIn 1 (emailed code)');
        const confirmed = await confirmSignIn({ challengeResponse: await outboxCode(args.endpoint, args['pool-id'], args.username) });
        result.confirmSignIn1 = nextStep(confirmed);
        expect(confirmed.isSignedIn, `confirmSignIn with the emailed code did not sign in: ${JSON.stringify(result.confirmSignIn1)}`);
    } else {
        expect(result.signIn1.step === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', `signIn's next step is ${result.signIn1.step}, not CONTINUE_SIGN_IN_WITH_TOTP_SETUP`);
        const secret = first.nextStep.totpSetupDetails.sharedSecret;
        step('confirmSignIn 1 (TOTP set-up code)');
        const setUp = await confirmSignIn({ challengeResponse: await freshTotp(secret) });
        result.confirmSignIn1 = nextStep(setUp);
        expect(setUp.isSignedIn, `confirmSignIn after the TOTP set-up did not sign in: ${JSON.stringify(result.confirmSignIn1)}`);
    }
    result.session1 = tokens(await fetchAuthSession());
    expect(result.session1.access?.device_key, `the access token has no device_key: no device was confirmed (calls: ${result.calls.join('; ')})`);

    step('rememberDevice');
    await rememberDevice();

    step('fetchDevices');
    result.devices = (await fetchDevices()).map((d) => ({ id: d.id, name: d.name ?? null, status: d.attributes?.device_status ?? null, remembered: d.attributes?.['dev:device_remembered_status'] ?? null }));

    step('signOut');
    await signOut();

    step('signIn 2 (remembered device)');
    const before = result.calls.length;
    const second = await signIn({ username: args.username, password: args.password });
    result.signIn2 = { ...nextStep(second), calls: result.calls.slice(before) };
    expect(second.isSignedIn && result.signIn2.step === 'DONE', `the sign-in from the remembered device's next step is ${result.signIn2.step}, not DONE (MFA should be skipped)`);
    result.session2 = tokens(await fetchAuthSession());

    step('signOut 2');
    await signOut();
});
