// A minimal oidc-provider (the certified OpenID provider on npm) for token-compare.sh: one confidential client that
// may use the client_credentials grant with client_secret_basic, and three custom scopes named as Cognito names them
// ({resource server}/{scope}). Listens on 127.0.0.1 only.
//
//   node oidc-provider.mjs --port 19212 --format jwt|opaque
//
// --format jwt: features.resourceIndicators with a default resource whose access tokens are RS256 JWTs signed with a
//   2048-bit RSA key, as Cognito's (and Gatehouse's) are.
// --format opaque: the package's default, an opaque reference token kept in its in-memory adapter.
//
// Prints one JSON line on stdout when it listens: {"issuer","client_id","client_secret","scopes","format"}.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '19212' },
    format: { type: 'string', default: 'jwt' },
  },
});
const port = Number(values.port);
const { format } = values;
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !['jwt', 'opaque'].includes(format)) {
  console.error('usage: node oidc-provider.mjs --port <1-65535> --format jwt|opaque');
  process.exit(2);
}

const issuer = `http://127.0.0.1:${port}`;
const resource = 'https://product-api.bench.invalid/';
const scopes = ['product-api/read_product', 'product-api/create_product', 'product-api/delete_product'];
const client = {
  client_id: 'bench-client',
  client_secret: randomBytes(32).toString('base64url'),
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
  token_endpoint_auth_method: 'client_secret_basic',
  scope: scopes.join(' '),
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [client],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  // The custom scopes are registered scopes, so the opaque mode grants them too (without a resource indicator
  // oidc-provider keeps only the scopes it knows).
  scopes: ['openid', ...scopes],
  ttl: { ClientCredentials: 3600 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: format === 'jwt',
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== resource) {
          throw new Provider.errors.InvalidTarget();
        }
        return {
          scope: scopes.join(' '),
          audience: resource,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ issuer, client_id: client.client_id, client_secret: client.client_secret, scopes, format }));
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
