// aws-amplify v6 against a pool whose MFA is ON with email OTP, for a user with a verified email: signIn answers
// CONFIRM_SIGN_IN_WITH_EMAIL_CODE (EMAIL_OTP) with the masked address; confirmSignIn with the code from Gatehouse's
// outbox signs in.
//
// usage: node amplify-email-otp.mjs --pool-id ID --client-id ID --username NAME --password PW [--endpoint URL]
import { confirmSignIn, fetchAuthSession, signOut } from 'aws-amplify/auth';
import { configure, nextStep, signIn, tokens } from './amplify-common.mjs';
import { expect, options, outboxCode, result, run, step, traceCognitoCalls } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password']);
traceCognitoCalls();
configure(args.endpoint, args['pool-id'], args['client-id']);

await run(async () => {
    step('signIn');
    const challenged = await signIn({ username: args.username, password: args.password });
    result.signIn = nextStep(challenged);
    expect(result.signIn.step === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `signIn's next step is ${result.signIn.step}, not CONFIRM_SIGN_IN_WITH_EMAIL_CODE`);

    step('confirmSignIn (code from the outbox)');
    const confirmed = await confirmSignIn({ challengeResponse: await outboxCode(args.endpoint, args['pool-id'], args.username) });
    result.confirmSignIn = nextStep(confirmed);
    expect(confirmed.isSignedIn, `confirmSignIn with the emailed code did not sign in: ${JSON.stringify(result.confirmSignIn)}`);
    result.session = tokens(await fetchAuthSession());

    step('signOut');
    await signOut();
});
