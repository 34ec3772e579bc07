// aws-amplify v6 against a pool whose MFA is ON with only TOTP enabled, for a user with no MFA yet:
// 1. signIn answers CONTINUE_SIGN_IN_WITH_TOTP_SETUP with the shared secret (MFA_SETUP, AssociateSoftwareToken with
//    the session); confirmSignIn(code) verifies it (VerifySoftwareToken, then MFA_SETUP) and signs in.
// 2. signOut; signIn answers CONFIRM_SIGN_IN_WITH_TOTP_CODE (SOFTWARE_TOKEN_MFA); confirmSignIn(code) signs in.
// 3. fetchAuthSession has tokens; fetchMFAPreference says TOTP.
//
// usage: node amplify-totp.mjs --pool-id ID --client-id ID --username NAME --password PW [--endpoint URL]
import { confirmSignIn, fetchAuthSession, fetchMFAPreference, signOut } from 'aws-amplify/auth';
import { configure, nextStep, signIn, tokens } from './amplify-common.mjs';
import { expect, freshTotp, options, result, run, step, traceCognitoCalls } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password']);
traceCognitoCalls();
configure(args.endpoint, args['pool-id'], args['client-id']);

await run(async () => {
    step('signIn 1');
    const first = await signIn({ username: args.username, password: args.password });
    result.signIn1 = nextStep(first);
    expect(result.signIn1.step === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', `signIn's next step is ${result.signIn1.step}, not CONTINUE_SIGN_IN_WITH_TOTP_SETUP`);
    const secret = first.nextStep.totpSetupDetails.sharedSecret;
    result.setupUri = first.nextStep.totpSetupDetails.getSetupUri('Gatehouse', args.username).toString();

    step('confirmSignIn 1 (TOTP set-up code)');
    const setUp = await confirmSignIn({ challengeResponse: await freshTotp(secret) });
    result.confirmSignIn1 = nextStep(setUp);
    expect(setUp.isSignedIn, `confirmSignIn after the TOTP set-up did not sign in: ${JSON.stringify(result.confirmSignIn1)}`);
    result.session1 = tokens(await fetchAuthSession());

    step('fetchMFAPreference');
    const preference = await fetchMFAPreference();
    result.mfaPreference = { preferred: preference.preferred ?? null, enabled: preference.enabled ?? null };

    step('signOut');
    await signOut();

    step('signIn 2');
    const second = await signIn({ username: args.username, password: args.password });
    result.signIn2 = nextStep(second);
    expect(result.signIn2.step === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `signIn's next step is ${result.signIn2.step}, not CONFIRM_SIGN_IN_WITH_TOTP_CODE`);

    step('confirmSignIn 2 (TOTP code)');
    const confirmed = await confirmSignIn({ challengeResponse: await freshTotp(secret) });
    result.confirmSignIn2 = nextStep(confirmed);
    expect(confirmed.isSignedIn, `confirmSignIn with the TOTP code did not sign in: ${JSON.stringify(result.confirmSignIn2)}`);
    result.session2 = tokens(await fetchAuthSession());
    expect(result.session2.hasAccessToken, 'fetchAuthSession has no tokens after the TOTP sign-in');

    step('signOut 2');
    await signOut();
});
