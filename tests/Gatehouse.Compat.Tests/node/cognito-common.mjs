// Shared by the Cognito client scenarios (identity-js-*.mjs, amplify-*.mjs): options, the result on stdout,
// RFC 6238 TOTP codes, Gatehouse's outbox and an in-memory Storage.
//
// Every scenario takes --name value options; --endpoint defaults to $GATEHOUSE_ENDPOINT (the tests set it).
// $COGNITO_AUTH_FLOW (e.g. USER_PASSWORD_AUTH) replaces the libraries' default USER_SRP_AUTH, to try the rest of a
// scenario by hand without SRP; the tests never set it.
// A scenario prints one JSON object on stdout and exits 0, or prints the reason on stderr (and, when it got that far,
// the partial result on stdout) and exits 1.
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';

/** The sign-in flow to ask the libraries for instead of their default (USER_SRP_AUTH); unset in the tests. */
export const authFlow = process.env.COGNITO_AUTH_FLOW || undefined;

/** Parses --name value options; every name in `required` must be present. */
export function options(names, required = names) {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: Object.fromEntries([...names, 'endpoint'].map((name) => [name, { type: 'string' }])),
        strict: true,
    });
    values.endpoint ??= process.env.GATEHOUSE_ENDPOINT;
    const missing = [...required, 'endpoint'].filter((name) => !values[name]);
    if (missing.length > 0) {
        usage(`missing ${missing.map((name) => `--${name}`).join(', ')}`, names);
    }
    values.endpoint = values.endpoint.replace(/\/+$/, '');
    return values;
}

function usage(problem, names) {
    console.error(`${problem}\nusage: node ${process.argv[1].split('/').pop()} ${names.map((n) => `--${n} VALUE`).join(' ')} [--endpoint URL]`);
    process.exit(2);
}

/** What the scenario did so far; printed as the result, or beside the failure. */
export const result = { steps: [] };

/** Records a step (a short string) in the result, so a failure shows how far it got. */
export function step(text) {
    result.steps.push(text);
}

/** A failure the scenario detected itself (not an error thrown by a client). */
export class ScenarioError extends Error {
    name = 'ScenarioError';
}

/** Runs the scenario; prints the result, or the failure with the partial result, and sets the exit code. */
export async function run(scenario) {
    try {
        await scenario();
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        process.exit(0);
    } catch (error) {
        result.failure = describe(error);
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        console.error(`FAILED after step ${JSON.stringify(result.steps.at(-1) ?? '(none)')}: ${result.failure.name}: ${result.failure.message}`);
        if (!(error instanceof ScenarioError) && error?.stack) {
            console.error(error.stack);
        }
        process.exit(1);
    }
}

/** An error as JSON: the Cognito exception name (identity-js puts it in `code`, Amplify in `name`) and message. */
export function describe(error) {
    if (error === null || typeof error !== 'object') {
        return { name: 'Error', message: String(error) };
    }
    return {
        name: error.code ?? error.name ?? 'Error',
        message: error.message ?? String(error),
        ...(error.underlyingError ? { underlying: describe(error.underlyingError) } : {}),
    };
}

/** Throws a ScenarioError unless `condition`. */
export function expect(condition, message) {
    if (!condition) {
        throw new ScenarioError(message);
    }
}

/** The payload of a JWT, unverified (the Compat tests verify signatures elsewhere). */
export function claims(jwt) {
    return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** RFC 4648 base32 (Cognito's SecretCode), case-insensitive, padding and spaces ignored. */
export function base32Decode(text) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const clean = text.toUpperCase().replace(/[\s=]/g, '');
    let bits = 0;
    let value = 0;
    const bytes = [];
    for (const char of clean) {
        const index = alphabet.indexOf(char);
        if (index < 0) {
            throw new ScenarioError(`not base32: ${JSON.stringify(text)}`);
        }
        value = (value << 5) | index;
        bits += 5;
        if (bits >= 8) {
            bytes.push((value >>> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return Buffer.from(bytes);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits, 30 s steps) of a base32 secret for time step `counter`. */
export function totpAt(secret, counter) {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(counter));
    const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
    const offset = digest[digest.length - 1] & 0x0f;
    const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
    return binary.toString().padStart(6, '0');
}

const lastStep = new Map();

/**
 * A TOTP code the server has not seen from this script: the current 30 s step, or the step after the last one used
 * (the server accepts one step of skew). When even that is too far ahead it waits for the clock to catch up.
 */
export async function freshTotp(secret) {
    const now = () => Math.floor(Date.now() / 30_000);
    const wanted = Math.max(now(), (lastStep.get(secret) ?? -Infinity) + 1);
    while (wanted > now() + 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    lastStep.set(secret, wanted);
    return totpAt(secret, wanted);
}

/** The newest code Gatehouse sent to `username`: GET /_gatehouse/outbox lists messages newest first. */
export async function outboxCode(endpoint, userPoolId, username) {
    const url = `${endpoint}/_gatehouse/outbox?userPoolId=${encodeURIComponent(userPoolId)}&username=${encodeURIComponent(username)}`;
    const response = await fetch(url);
    const body = await response.text();
    expect(response.ok, `GET ${url} answered ${response.status}: ${body}`);
    const message = JSON.parse(body).messages.find((m) => m.code);
    expect(message, `no message with a code for ${username} in the outbox: ${body}`);
    return message.code;
}

/** A Web Storage object in memory, for identity-js's `Storage` option; shared, it is one device's storage. */
export class MemoryStorage {
    #items = new Map();

    setItem(key, value) {
        this.#items.set(key, String(value));
    }

    getItem(key) {
        return this.#items.has(key) ? this.#items.get(key) : null;
    }

    removeItem(key) {
        this.#items.delete(key);
    }

    clear() {
        this.#items.clear();
    }

    keys() {
        return [...this.#items.keys()];
    }
}

/**
 * Records every Cognito call the clients make (both libraries use the global fetch), as
 * "Target(AuthFlow or ChallengeName) -> ChallengeName | tokens | __type", in result.calls. The tests read it to see
 * which flow ran, e.g. that a remembered device went through DEVICE_SRP_AUTH and no MFA challenge.
 */
export function traceCognitoCalls() {
    const original = globalThis.fetch;
    result.calls = [];
    globalThis.fetch = async (input, init = {}) => {
        const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
        const target = headers.get('x-amz-target');
        const response = await original(input, init);
        if (!target) {
            return response;
        }
        let request = {};
        try {
            request = JSON.parse(typeof init.body === 'string' ? init.body : '{}');
        } catch {
            // Not JSON; the call is still recorded.
        }
        let answer = '';
        try {
            const body = await response.clone().json();
            answer = body.ChallengeName ?? (body.AuthenticationResult ? `tokens${body.AuthenticationResult.NewDeviceMetadata ? '+NewDeviceMetadata' : ''}` : body.__type ?? '');
        } catch {
            // An empty or non-JSON body.
        }
        const action = target.split('.').pop();
        const detail = request.AuthFlow ?? request.ChallengeName;
        result.calls.push(`${action}${detail ? `(${detail})` : ''} -> ${response.status}${answer ? ` ${answer}` : ''}`);
        return response;
    };
}
