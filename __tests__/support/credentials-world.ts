/**
 * What the credential scenarios need around the simulator: a stand-in for GitHub's OIDC token
 * service on 127.0.0.1, and STS answers whose `Expiration` a real-time client can act on.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimModel } from '../../sim/index.js';

export interface OidcStub {
  /** The step environment that lets `core.getIDToken` reach the stub. */
  readonly env: Record<string, string>;
  /** Tokens handed out so far (each request gets a fresh one, like GitHub). */
  readonly issued: readonly string[];
  /** Requests that came without the bearer token or without the STS audience. */
  readonly refused: number;
  close(): Promise<void>;
}

const REQUEST_TOKEN = 'stub-request-token-for-oidc';

/**
 * Answers `GET <url>&audience=sts.amazonaws.com` (with `Authorization: Bearer <request token>`)
 * with `{"value": "<jwt>"}`, as the Actions runtime does. The JWT is unsigned but well formed.
 */
export async function startOidcStub(): Promise<OidcStub> {
  const issued: string[] = [];
  let refused = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (
      req.headers.authorization !== `Bearer ${REQUEST_TOKEN}` ||
      url.searchParams.get('audience') !== 'sts.amazonaws.com'
    ) {
      refused++;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'bad request token or audience' }));
      return;
    }
    const token = jwt({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: 'repo:example-org/images:ref:refs/heads/main',
      jti: `token-${issued.length + 1}`,
      iat: Math.floor(Date.now() / 1000),
    });
    issued.push(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count: issued.length, value: token }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${port}/_apis/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    },
    issued,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'stub' })}.${part(claims)}.${Buffer.from('stub-signature').toString('base64url')}`;
}

/**
 * The simulator's clock runs `scale` times faster than the action's, so a session STS issues
 * for 900 model seconds lasts 900/scale real seconds. This makes STS say so on the wire: the
 * `Expiration` it returns is moved to the real moment the model will expire the session. A
 * client that renews before `Expiration` (as the action does) then renews before the model
 * refuses the credentials, exactly as against AWS; the model's own enforcement is unchanged.
 */
export function reportExpirationsInRealTime(model: SimModel, scale: number): void {
  const invoke = model.invokeSts.bind(model);
  model.invokeSts = ((action, meta, input) => {
    const outcome = invoke(action, meta, input);
    const credentials = (outcome.result as { Credentials?: { Expiration?: Date } }).Credentials;
    if (credentials?.Expiration) {
      const modelLeftMs = credentials.Expiration.getTime() - model.clock.now();
      credentials.Expiration = new Date(Date.now() + modelLeftMs / scale);
    }
    return outcome;
  }) as typeof model.invokeSts;
}

/**
 * What configure-aws-credentials would export for a step: a session of `role` that expires
 * after `seconds` on the model clock, as the three AWS_* variables, plus the session itself.
 */
export function exportedSession(model: SimModel, role: string, seconds = 900) {
  const session = model.accounts.issueRoleCredentials(
    model.defineRole(role),
    'gha',
    seconds,
    model.clock.now(),
    'AssumeRole',
  );
  return {
    session,
    env: {
      AWS_ACCESS_KEY_ID: session.accessKeyId,
      AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
      AWS_SESSION_TOKEN: session.sessionToken ?? '',
    },
  };
}
