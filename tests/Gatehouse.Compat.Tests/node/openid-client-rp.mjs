// An independent OpenID Connect relying party against Gatehouse, with openid-client (a certified RP library).
//
// usage: node openid-client-rp.mjs ISSUER CLIENT_ID REDIRECT_URI USERNAME PASSWORD
//
// 1. Discovery from ISSUER/.well-known/openid-configuration (openid-client checks the issuer matches).
// 2. An authorization URL with PKCE S256, state and nonce, built by openid-client.
// 3. Signs in as a browser would, over plain HTTP: follows /oauth2/authorize to the hosted /login page, keeps its
//    cookies, reads the form (its hidden fields, _csrf among them) and posts the username and password, until
//    Gatehouse redirects to REDIRECT_URI with the code. The redirect URI is never fetched.
// 4. The code exchange through openid-client, which validates the ID token: signature via the JWKS (non-repudiation
//    checks on), iss, aud, exp, iat, nonce, state and PKCE. at_hash is checked here with jose's encoding.
// 5. userInfo through openid-client (sub must match the ID token's). If the endpoint answers 404 the result says
//    "userinfo": "missing" and the script goes on, so the caller can skip that part alone.
// 6. The refresh grant through openid-client.
// Prints one JSON object with what happened; exits 1 with the reason on any failure.
import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import { base64url } from 'jose';

const [issuer, clientId, redirectUri, username, password] = process.argv.slice(2);
if (!password) {
    console.error('usage: node openid-client-rp.mjs ISSUER CLIENT_ID REDIRECT_URI USERNAME PASSWORD');
    process.exit(2);
}

/** A browser's cookie jar, enough for one origin: name -> value, following Set-Cookie (and its deletions). */
class CookieJar {
    #cookies = new Map();

    store(response) {
        for (const line of response.headers.getSetCookie()) {
            const [pair, ...attributes] = line.split(';').map((part) => part.trim());
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq);
            const value = pair.slice(eq + 1);
            const expired = attributes.some((a) => /^max-age=(0|-\d+)$/i.test(a))
                || attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now());
            if (expired || value === '') {
                this.#cookies.delete(name);
            } else {
                this.#cookies.set(name, value);
            }
        }
    }

    header() {
        return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }

    names() {
        return [...this.#cookies.keys()];
    }
}

const jar = new CookieJar();
const steps = [];

/** One request as the browser sends it: cookies attached, redirects not followed. */
async function request(url, init = {}) {
    const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers ?? {}), ...(jar.header() ? { cookie: jar.header() } : {}), accept: 'text/html' },
    });
    jar.store(response);
    steps.push(`${init.method ?? 'GET'} ${new URL(url).pathname} -> ${response.status}`);
    return response;
}

function decodeEntities(text) {
    return text
        .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
        .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
        .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
        .replace(/&amp;/g, '&');
}

function attributes(tag) {
    const found = {};
    for (const match of tag.matchAll(/([^\s=/<>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
        found[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
    }
    return found;
}

/** The sign-in form of a hosted page: its action, method and fields (hidden ones with their values). */
function signInForm(html, pageUrl) {
    for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
        const inputs = [...form[2].matchAll(/<input\b[^>]*>/gi)].map((m) => attributes(m[0]));
        if (!inputs.some((i) => i.name === 'password')) {
            continue;
        }
        const formAttributes = attributes(`<form ${form[1]}>`);
        return {
            action: new URL(formAttributes.action || pageUrl, pageUrl),
            method: (formAttributes.method || 'get').toUpperCase(),
            inputs,
        };
    }
    throw new Error(`no sign-in form (an input named password) on ${pageUrl}:\n${html.slice(0, 2000)}`);
}

/** Follows redirects from the authorization URL, signing in on the login page, until the redirect to the app. */
async function signIn(authorizationUrl) {
    let url = authorizationUrl;
    let signedIn = false;
    for (let hop = 0; hop < 10; hop++) {
        const response = await request(url);
        if (response.status >= 300 && response.status < 400) {
            const location = new URL(response.headers.get('location'), url);
            if (location.href.startsWith(redirectUri)) {
                return location;
            }
            url = location;
            continue;
        }

        const html = await response.text();
        if (response.status !== 200 || signedIn) {
            throw new Error(`${url} answered ${response.status} (signed in: ${signedIn}):\n${html.slice(0, 2000)}`);
        }

        const form = signInForm(html, url);
        const fields = new URLSearchParams();
        for (const input of form.inputs) {
            if (input.name === 'username') {
                fields.set('username', username);
            } else if (input.name === 'password') {
                fields.set('password', password);
            } else if (input.name && (input.type ?? 'text').toLowerCase() === 'hidden') {
                fields.append(input.name, input.value ?? '');
            }
        }
        if (!fields.has('_csrf')) {
            throw new Error(`the sign-in form of ${url} has no _csrf field`);
        }

        const posted = await request(form.action, {
            method: form.method,
            body: fields.toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        signedIn = true;
        if (posted.status < 300 || posted.status >= 400) {
            throw new Error(`signing in at ${form.action} answered ${posted.status}:\n${(await posted.text()).slice(0, 2000)}`);
        }
        url = new URL(posted.headers.get('location'), form.action);
        if (url.href.startsWith(redirectUri)) {
            return url;
        }
    }
    throw new Error('too many redirects');
}

function atHash(accessToken) {
    return base64url.encode(createHash('sha256').update(accessToken).digest().subarray(0, 16));
}

try {
    // Gatehouse serves plain http on localhost; openid-client insists on https unless told otherwise.
    const config = await client.discovery(new URL(issuer), clientId, undefined, client.None(), {
        execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
    });
    const metadata = config.serverMetadata();

    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
    });

    const callback = await signIn(authorizationUrl);
    const cookiesAfterSignIn = jar.names();

    const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (claims.at_hash !== atHash(tokens.access_token)) {
        throw new Error(`at_hash ${claims.at_hash} does not bind the access token (${atHash(tokens.access_token)})`);
    }

    let userinfo;
    try {
        userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (error) {
        const status = error.cause instanceof Response ? error.cause.status : error.status;
        if (status !== 404) {
            throw error;
        }
        userinfo = 'missing';
    }

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);

    console.log(JSON.stringify({
        issuer: metadata.issuer,
        authorizationEndpoint: metadata.authorization_endpoint,
        steps,
        cookiesAfterSignIn,
        callback: { state: callback.searchParams.get('state'), hasCode: callback.searchParams.has('code') },
        tokens: {
            tokenType: tokens.token_type,
            expiresIn: tokens.expires_in,
            scope: tokens.scope ?? null,
            hasRefreshToken: typeof tokens.refresh_token === 'string',
        },
        idToken: claims,
        userinfo,
        refreshed: {
            tokenType: refreshed.token_type,
            accessTokenChanged: refreshed.access_token !== tokens.access_token,
            hasRefreshToken: typeof refreshed.refresh_token === 'string',
            idToken: refreshed.claims() ?? null,
        },
    }));
} catch (error) {
    console.error(`${error.code ?? error.name}: ${error.message}`);
    if (error.cause) {
        console.error('cause:', error.cause instanceof Response ? `HTTP ${error.cause.status} ${error.cause.url}` : error.cause);
    }
    console.error(steps.join('\n'));
    process.exit(1);
}
