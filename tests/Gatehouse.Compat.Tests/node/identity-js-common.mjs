// amazon-cognito-identity-js's callback API as promises, for the identity-js-*.mjs scenarios.
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { MemoryStorage, authFlow, claims } from './cognito-common.mjs';

// Every callback authenticateUser and the challenge answers may call; all but onFailure resolve.
const outcomes = ['onSuccess', 'newPasswordRequired', 'mfaRequired', 'totpRequired', 'mfaSetup', 'selectMFAType', 'customChallenge'];

/** A pool object against Gatehouse: the endpoint is POSTed to as is, so it needs the trailing slash. */
export function pool(endpoint, userPoolId, clientId, storage = new MemoryStorage()) {
    return new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint: `${endpoint}/`, Storage: storage });
}

export function user(userPool, username) {
    return new CognitoUser({ Username: username, Pool: userPool, Storage: userPool.storage });
}

/**
 * Calls `start(callbacks)` (authenticateUser, completeNewPasswordChallenge, sendMFACode...) and resolves with the
 * callback the library chose: { outcome: 'onSuccess' | 'totpRequired' | ..., args }. onFailure rejects.
 */
export function outcome(start) {
    return new Promise((resolve, reject) => {
        const callbacks = { onFailure: reject };
        for (const name of outcomes) {
            callbacks[name] = (...args) => resolve({ outcome: name, args });
        }
        start(callbacks);
    });
}

/** authenticateUser with the library's default flow (USER_SRP_AUTH), or $COGNITO_AUTH_FLOW (see cognito-common.mjs). */
export function authenticate(cognitoUser, username, password) {
    if (authFlow) {
        cognitoUser.setAuthenticationFlowType(authFlow);
    }
    const details = new AuthenticationDetails({ Username: username, Password: password });
    return outcome((callbacks) => cognitoUser.authenticateUser(details, callbacks));
}

/** A CognitoUserSession as JSON: the claims the tests look at, and whether each token is there. */
export function session(userSession) {
    const access = claims(userSession.getAccessToken().getJwtToken());
    const id = claims(userSession.getIdToken().getJwtToken());
    return {
        valid: userSession.isValid(),
        hasRefreshToken: Boolean(userSession.getRefreshToken().getToken()),
        access: { token_use: access.token_use, username: access.username, client_id: access.client_id, sub: access.sub, device_key: access.device_key ?? null, scope: access.scope },
        id: { token_use: id.token_use, 'cognito:username': id['cognito:username'], sub: id.sub, aud: id.aud, email: id.email ?? null },
    };
}

/** A node-style callback API call as a promise. */
export function call(fn) {
    return new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));
}

/** An outcome for a failure message: the callback and its arguments, a session shown as its access token's claims. */
export function summary({ outcome: name, args }) {
    const shown = args.map((arg) => (arg && typeof arg.getAccessToken === 'function' ? { session: session(arg).access } : arg));
    return `${name}(${shown.map((arg) => JSON.stringify(arg)).join(', ')})`;
}
