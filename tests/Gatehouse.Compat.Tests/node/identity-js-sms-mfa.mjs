// amazon-cognito-identity-js against a pool whose MFA is ON with SMS, for a user with a phone number:
// authenticateUser (SRP) calls mfaRequired (SMS_MFA) with the masked number; sendMFACode with the code from
// Gatehouse's outbox (the library's default MFA type, SMS_MFA) signs in.
//
// usage: node identity-js-sms-mfa.mjs --pool-id ID --client-id ID --username NAME --password PW [--endpoint URL]
import { authenticate, outcome, pool, session, summary, user } from './identity-js-common.mjs';
import { expect, options, outboxCode, result, run, step, traceCognitoCalls } from './cognito-common.mjs';

const args = options(['pool-id', 'client-id', 'username', 'password']);
traceCognitoCalls();

await run(async () => {
    const cognitoUser = user(pool(args.endpoint, args['pool-id'], args['client-id']), args.username);

    step('authenticateUser');
    const challenge = await authenticate(cognitoUser, args.username, args.password);
    expect(challenge.outcome === 'mfaRequired', `authenticateUser called ${summary(challenge)}, not mfaRequired`);
    result.mfaRequired = { challengeName: challenge.args[0], challengeParameters: challenge.args[1] ?? null };

    step('sendMFACode (code from the outbox)');
    const code = await outboxCode(args.endpoint, args['pool-id'], args.username);
    const signedIn = await outcome((callbacks) => cognitoUser.sendMFACode(code, callbacks));
    expect(signedIn.outcome === 'onSuccess', `sendMFACode called ${summary(signedIn)}, not onSuccess`);
    result.signedIn = session(signedIn.args[0]);
});
