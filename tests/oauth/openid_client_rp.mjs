// A relying party built on the certified `openid-client` (v6, by panva), driven by
// tests/oauth/test_openid_client.py: one JSON request per stdin line, one JSON answer per stdout line.
//
// Nothing here knows Prism: every endpoint comes from discovery of the issuer, and every check
// (issuer, aud, nonce, state, RFC 9207 `iss`, PKCE, userinfo `sub`) is the library's own. The only
// relaxation is `allowInsecureRequests`, the documented switch for an http issuer on loopback.
// `enableNonRepudiationChecks` is the one strictness added: without it openid-client trusts TLS
// for ID tokens from the token endpoint (OIDC Core 3.1.3.7 (6)); with it every ID token's
// signature is verified against the discovered jwks_uri.
//
//   {"op": "version"}
//   {"op": "discover", "name": "web", "issuer": "...", "client_id": "...", "client_secret": "..."}
//       (no secret: a public client, token_endpoint_auth_method none; "auth": "client_secret_basic" to
//       use HTTP Basic instead of the library's default client_secret_post)
//   {"op": "authorize", "name": "web", "redirect_uri": "...", "scope": "..."}
//   {"op": "callback", "name": "web", "url": "<the callback URL the browser was sent to>"}
//   {"op": "userinfo", "name": "web", "access_token": "...", "sub": "..."}
//   {"op": "refresh", "name": "web", "refresh_token": "..."}
//   {"op": "end_session", "name": "web", "id_token_hint": "...", "post_logout_redirect_uri": "...", "state": "..."}
//
// Answers are {"ok": true, "result": ...} or {"ok": false, "error": {name, code, message, ...}}.

import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

import * as client from 'openid-client';

const clients = new Map(); // name -> {config, pending: {verifier, state, nonce, redirect_uri}}

function clientNamed(name) {
  const known = clients.get(name);
  if (!known) throw new Error(`no client named ${JSON.stringify(name)}: discover it first`);
  return known;
}

function tokensOf(config, response) {
  return {
    // the keys openid-client fetched from jwks_uri to verify the ID token's signature
    jwks_kids: (client.getJwksCache(config)?.jwks?.keys ?? []).map((key) => key.kid),
    access_token: response.access_token,
    token_type: response.token_type,
    expires_in: response.expiresIn(),
    refresh_token: response.refresh_token ?? null,
    scope: response.scope ?? null,
    id_token: response.id_token ?? null,
    claims: response.claims() ?? null,
  };
}

const ops = {
  async version() {
    const require = createRequire(import.meta.url);
    return { node: process.version, 'openid-client': require('openid-client/package.json').version };
  },

  async discover({ name, issuer, client_id, client_secret, auth }) {
    // with a secret and no `auth`: the library's default, client_secret_post
    let metadata = client_secret;
    let clientAuth;
    if (!client_secret) {
      metadata = { token_endpoint_auth_method: 'none' };
      clientAuth = client.None();
    } else if (auth === 'client_secret_basic') {
      clientAuth = client.ClientSecretBasic(client_secret);
    } else if (auth !== undefined) {
      throw new Error(`unknown auth ${JSON.stringify(auth)}`);
    }
    const config = await client.discovery(new URL(issuer), client_id, metadata, clientAuth, {
      execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
    });
    clients.set(name, { config, pending: null });
    return config.serverMetadata();
  },

  async authorize({ name, redirect_uri, scope }) {
    const known = clientNamed(name);
    const verifier = client.randomPKCECodeVerifier();
    const pending = { verifier, state: client.randomState(), nonce: client.randomNonce(), redirect_uri };
    const url = client.buildAuthorizationUrl(known.config, {
      redirect_uri,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    known.pending = pending;
    return { url: url.href, state: pending.state, nonce: pending.nonce };
  },

  async callback({ name, url }) {
    const known = clientNamed(name);
    if (!known.pending) throw new Error('no authorization request is pending');
    const { verifier, state, nonce } = known.pending;
    const response = await client.authorizationCodeGrant(known.config, new URL(url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    known.pending = null; // only a successful redemption ends the request: a refused callback may be retried
    return tokensOf(known.config, response);
  },

  async userinfo({ name, access_token, sub }) {
    return client.fetchUserInfo(clientNamed(name).config, access_token, sub);
  },

  async refresh({ name, refresh_token }) {
    const { config } = clientNamed(name);
    return tokensOf(config, await client.refreshTokenGrant(config, refresh_token));
  },

  async end_session({ name, id_token_hint, post_logout_redirect_uri, state }) {
    const parameters = { id_token_hint, post_logout_redirect_uri };
    if (state) parameters.state = state;
    return { url: client.buildEndSessionUrl(clientNamed(name).config, parameters).href };
  },
};

function jsonSafe(value) {
  try {
    return JSON.parse(JSON.stringify(value ?? null));
  } catch {
    return String(value);
  }
}

function describe(error) {
  const described = {
    name: error?.name ?? 'Error',
    code: error?.code ?? null,
    message: error?.message ?? String(error),
  };
  for (const key of ['error', 'error_description', 'status']) {
    if (error?.[key] !== undefined) described[key] = error[key];
  }
  if (error?.cause !== undefined) {
    const cause = error.cause;
    described.cause = cause instanceof Error ? { name: cause.name, code: cause.code, message: cause.message } : jsonSafe(cause);
  }
  return described;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const { op, ...args } = JSON.parse(line);
    if (!Object.hasOwn(ops, op)) throw new Error(`unknown op ${JSON.stringify(op)}`);
    answer = { ok: true, result: await ops[op](args) };
  } catch (error) {
    answer = { ok: false, error: describe(error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
