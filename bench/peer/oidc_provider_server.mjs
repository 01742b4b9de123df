// The certified peer of the benchmarks: panva's oidc-provider (npm, pinned in package.json), unmodified,
// configured like a small production deployment with one confidential client.
//
//   node bench/peer/oidc_provider_server.mjs [--port 0] [--host 127.0.0.1] [--alg RS256|ES256|EdDSA]
//       [--client-id bench-client] [--client-secret bench-secret] [--redirect-uri http://127.0.0.1:9/callback]
//
// Every option can also come from the environment (PEER_PORT, PEER_HOST, PEER_ALG, PEER_CLIENT_ID,
// PEER_CLIENT_SECRET, PEER_REDIRECT_URI); argv wins. Port 0 (the default) takes a free port from the
// kernel; the issuer is http://<host>:<the port actually bound>. When it listens it prints one line
// `READY <issuer>` on stdout (oidc-provider may print NOTICE lines there too: look for the prefix). SIGTERM
// or SIGINT closes the server and exits 0.
//
// What it serves (all oidc-provider's own code; this file only configures it):
// - client_credentials with HTTP Basic client authentication (client_secret_basic). Without a `resource`
//   parameter the token is for the default resource `urn:bench:api`: an RFC 9068 JWT access token
//   (header typ at+jwt) signed with --alg (RS256 by default), aud urn:bench:api, valid 3600 s (Prism's
//   default access-token lifetime). JWT access tokens are stateless: nothing is stored per token.
// - introspection (RFC 7662) and revocation (RFC 7009) at /token/introspection and /token/revocation.
//   oidc-provider refuses to introspect or revoke any JWT (its rejectStructuredTokens step runs before
//   features.introspection.allowedPolicy and answers 400 unsupported_token_type "Structured JWT Tokens cannot
//   be introspected via the introspection_endpoint"); a resource server is meant to verify them locally
//   against the JWKS. To have something to introspect, the same client asks for an opaque token with
//   `resource=urn:bench:opaque`: that token is kept in the in-memory adapter (an LRU of 1,000 entries, so
//   introspect a recent one) and introspection of it answers active true. allowedPolicy below lets any
//   authenticated confidential client introspect (the default's rule, without its startup notice).
// - discovery (/.well-known/openid-configuration) and JWKS (/jwks): one RSA 2048 key (RS256), one P-256 key
//   (ES256) and one Ed25519 key (EdDSA), generated at startup; ID tokens use RS256.
// - authorization_code (+ PKCE) and refresh_token are allowed for the client, but no sign-in pages are
//   served: devInteractions are off, as in production, so an authorization request can start but not finish.
//
// Production-like: no dev interactions, own cookie keys, explicit TTLs (no "you SHOULD change" notices),
// NODE_ENV production for Koa, nothing logged per request (oidc-provider only logs through `debug`, which is
// off unless DEBUG is set). Server errors are the exception: they go to stderr. The storage is the default
// in-memory adapter (oidc-provider warns once at startup that it is for development).

import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider, { errors } from 'oidc-provider';

const API = 'urn:bench:api';
const OPAQUE = 'urn:bench:opaque';
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const ACCESS_TOKEN_TTL = 3600;

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    alg: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string' },
  },
});
const env = process.env;
const host = args.host ?? env.PEER_HOST ?? '127.0.0.1';
const port = Number(args.port ?? env.PEER_PORT ?? 0);
const alg = args.alg ?? env.PEER_ALG ?? 'RS256';
const clientId = args['client-id'] ?? env.PEER_CLIENT_ID ?? 'bench-client';
const clientSecret = args['client-secret'] ?? env.PEER_CLIENT_SECRET ?? 'bench-secret';
const redirectUri = args['redirect-uri'] ?? env.PEER_REDIRECT_URI ?? 'http://127.0.0.1:9/callback';

function fail(message) {
  process.stderr.write(`oidc_provider_server: ${message}\n`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${JSON.stringify(args.port ?? env.PEER_PORT)}`);
if (!ALGORITHMS.includes(alg)) fail(`unsupported alg ${JSON.stringify(alg)} (one of ${ALGORITHMS.join(', ')})`);

function signingKey(type, options, keyAlg) {
  const { privateKey } = generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: 'jwk' }), kid: `${keyAlg.toLowerCase()}-${randomBytes(6).toString('hex')}`, alg: keyAlg, use: 'sig' };
}
const jwks = {
  keys: [
    signingKey('rsa', { modulusLength: 2048 }, 'RS256'), // first: the ID token default
    signingKey('ec', { namedCurve: 'P-256' }, 'ES256'),
    signingKey('ed25519', {}, 'EdDSA'),
  ],
};

const resourceServers = {
  [API]: { scope: 'api:read', audience: API, accessTokenTTL: ACCESS_TOKEN_TTL, accessTokenFormat: 'jwt', jwt: { sign: { alg } } },
  [OPAQUE]: { scope: 'api:read', audience: OPAQUE, accessTokenTTL: ACCESS_TOKEN_TTL, accessTokenFormat: 'opaque' },
};

// bind first (port 0 picks a free port without a race), then build the provider for the issuer actually bound
const server = createServer();
server.keepAliveTimeout = 65_000; // a load generator's keep-alive connections are not cut between bursts
server.on('error', (error) => fail(`cannot listen on ${host}:${port}: ${error.message}`));
server.listen(port, host, () => {
  const issuer = `http://${host}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid offline_access api:read',
      },
    ],
    jwks,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access', 'api:read'],
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: (ctx, token) => token.resourceServer?.accessTokenTTL ?? ACCESS_TOKEN_TTL,
      ClientCredentials: (ctx, token) => token.resourceServer?.accessTokenTTL ?? ACCESS_TOKEN_TTL,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Interaction: 900,
      Session: 14 * 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // JWTs never get here (see the top of this file); opaque tokens: any confidential client may ask
        allowedPolicy: async (ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (ctx, client, oneOf) => (oneOf ? (oneOf.includes(API) ? API : oneOf[0]) : API),
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, resourceIndicator) => {
          const info = resourceServers[resourceIndicator];
          if (!info) throw new errors.InvalidTarget();
          return info;
        },
      },
    },
  });
  provider.env = 'production';
  provider.on('server_error', (ctx, error) => {
    process.stderr.write(`server_error ${ctx.method} ${ctx.path}: ${error?.stack ?? error}\n`);
  });
  server.on('request', provider.callback());
  process.stdout.write(`READY ${issuer}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
