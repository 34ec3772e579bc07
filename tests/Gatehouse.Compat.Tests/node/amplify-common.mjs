// aws-amplify v6 against Gatehouse, for the amplify-*.mjs scenarios.
//
// In Node, Amplify's token store falls back to an in-memory storage by itself (no window.localStorage), which is
// what a script wants: tokens, device keys and the sign-in state live as long as the process. userPoolEndpoint sends
// every Cognito call to Gatehouse instead of cognito-idp.<region>.amazonaws.com.
import { Amplify } from 'aws-amplify';

// Amplify names a new device after navigator.userAgent before ConfirmDevice; Node 20 has no navigator (Node 21+ has
// one), and without it Amplify silently skips ConfirmDevice, so a device would never be remembered.
globalThis.navigator ??= { userAgent: `gatehouse-compat Node.js/${process.versions.node}` };
import { signIn as amplifySignIn } from 'aws-amplify/auth';
import { authFlow, claims } from './cognito-common.mjs';

/** Amplify.configure for one pool and public client; the pool id's region is the one Amplify signs for. */
export function configure(endpoint, userPoolId, clientId) {
    Amplify.configure({
        Auth: {
            Cognito: {
                userPoolId,
                userPoolClientId: clientId,
                userPoolEndpoint: `${endpoint}/`,
                loginWith: { username: true, email: true },
                signUpVerificationMethod: 'code',
            },
        },
    });
}

/** fetchAuthSession's tokens as JSON: whether each is there and the claims the tests look at. */
export function tokens(authSession) {
    const access = authSession.tokens?.accessToken;
    const id = authSession.tokens?.idToken;
    const accessClaims = access ? claims(access.toString()) : null;
    const idClaims = id ? claims(id.toString()) : null;
    return {
        hasAccessToken: Boolean(access),
        hasIdToken: Boolean(id),
        userSub: authSession.userSub ?? null,
        access: accessClaims && { jti: accessClaims.jti, token_use: accessClaims.token_use, username: accessClaims.username, client_id: accessClaims.client_id, device_key: accessClaims.device_key ?? null },
        id: idClaims && { token_use: idClaims.token_use, 'cognito:username': idClaims['cognito:username'], email: idClaims.email ?? null },
    };
}

/** A nextStep as JSON, without the TOTP set-up details' functions. */
export function nextStep(output) {
    const { nextStep: next } = output;
    return {
        isSignedIn: output.isSignedIn ?? output.isSignUpComplete ?? null,
        step: next?.signInStep ?? next?.signUpStep ?? null,
        ...(next?.totpSetupDetails ? { hasSharedSecret: Boolean(next.totpSetupDetails.sharedSecret) } : {}),
        ...(next?.allowedMFATypes ? { allowedMFATypes: next.allowedMFATypes } : {}),
        ...(next?.codeDeliveryDetails ? { codeDeliveryDetails: next.codeDeliveryDetails } : {}),
    };
}

/** Amplify's signIn with its default flow (USER_SRP_AUTH), or $COGNITO_AUTH_FLOW (see cognito-common.mjs). */
export function signIn(input) {
    return amplifySignIn(authFlow ? { ...input, options: { ...input.options, authFlowType: authFlow } } : input);
}
