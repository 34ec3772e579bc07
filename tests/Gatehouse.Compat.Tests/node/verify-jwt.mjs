// Verifies a Cognito JWT with jose, independently of Gatehouse's own code.
//
// usage: node verify-jwt.mjs TOKEN ISSUER [AUDIENCE]
// Fetches ISSUER/.well-known/jwks.json, picks the key by kid, pins RS256, checks the signature, iss, exp and iat
// (and aud when AUDIENCE is given), and prints {"header": ..., "claims": ...}. Exits 1 with the reason otherwise.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [token, issuer, audience] = process.argv.slice(2);
if (!token || !issuer) {
    console.error('usage: node verify-jwt.mjs TOKEN ISSUER [AUDIENCE]');
    process.exit(2);
}

try {
    const keys = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat'],
        ...(audience ? { audience } : {}),
    });
    console.log(JSON.stringify({ header: protectedHeader, claims: payload }));
} catch (error) {
    console.error(`${error.code ?? error.name}: ${error.message}`);
    process.exit(1);
}
