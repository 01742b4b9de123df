// An upstream identity provider for the SSO tests: panva's oidc-provider (npm, package.json), unmodified,
// with its built-in development sign-in pages (any login and password; the login becomes the `sub`).
//
//   UPSTREAM_CLIENT_ID=... UPSTREAM_CLIENT_SECRET=... UPSTREAM_REDIRECT_URI=... node tests/support/upstream_idp.mjs
//
// Prints `READY <issuer>` once listening on 127.0.0.1 (a free port). Accounts have the claims a corporate
// IdP sends: email (the login if it is an address, else <login>@example.com; verified), given_name and
// family_name (from `first.last`); they are in the ID token (conformIdTokenClaims off), as most enterprise
// providers do. SIGTERM stops it.

import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const env = process.env;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: `rs-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' }] };

function titled(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: env.UPSTREAM_CLIENT_ID,
        client_secret: env.UPSTREAM_CLIENT_SECRET,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [env.UPSTREAM_REDIRECT_URI],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    async findAccount(ctx, id) {
      const local = id.split('@')[0];
      const [first, last = 'Upstream'] = local.split('.');
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: id.includes('@') ? id : `${id}@example.com`,
            email_verified: true,
            given_name: titled(first),
            family_name: titled(last),
            name: `${titled(first)} ${titled(last)}`,
          };
        },
      };
    },
    features: { devInteractions: { enabled: true } },
  });
  provider.on('server_error', (ctx, error) => process.stderr.write(`server_error ${ctx.path}: ${error?.stack ?? error}\n`));
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
