import assert from 'node:assert/strict';
import Module from 'node:module';
import { describe, test } from 'node:test';

/**
 * The log channel's scrubber (src/extension/log.ts) with a stand-in `vscode` module that records
 * what reaches the output channel. Pass: no registered secret, Authorization value (scheme and
 * credentials), cookie or CSRF token survives in any line.
 */
const lines: string[] = [];
const fakeVscode = {
  window: {
    createOutputChannel: () => ({
      info: (t: string) => lines.push(t),
      warn: (t: string) => lines.push(t),
      error: (t: string) => lines.push(t),
      show: () => undefined,
      dispose: () => undefined,
    }),
  },
};

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve; _cache: Record<string, unknown> };
const FAKE = '/fake-vscode-for-log-test.js';

async function loadLog(): Promise<typeof import('../../../src/extension/log')> {
  const resolve = loader._resolveFilename;
  loader._resolveFilename = (request, ...rest) => (request === 'vscode' ? FAKE : resolve(request, ...rest));
  loader._cache[FAKE] = { id: FAKE, filename: FAKE, loaded: true, exports: fakeVscode };
  try {
    return await import('../../../src/extension/log');
  } finally {
    loader._resolveFilename = resolve;
  }
}

describe('GwsLog scrubbing', () => {
  test('secrets and credential headers never reach the channel', async () => {
    const { GwsLog } = await loadLog();
    const log = new GwsLog();
    const password = 'pa55-w0rd!';
    const jsession = '9F86D081884C7D659A2FEAA0C55AD015';
    const csrf = '3f1c2a9e-55b7-4c1e-9d0b-6a7f1e2d3c4b';
    const basic = Buffer.from(`agent1:${password}`).toString('base64');
    log.addSecrets([password, jsession, csrf]);
    log.info(`login with ${password} failed`);
    log.warn(`request headers: Authorization: Basic ${basic}, Cookie: JSESSIONID=${jsession}; lb=1`);
    log.error(`authorization=Bearer token-agent1 X-CSRF-TOKEN: ${csrf}`);
    log.info(`{"Authorization":"Basic ${basic}","x-csrf-token":"${csrf}"}`);
    const all = lines.join('\n');
    for (const secret of [password, jsession, csrf, basic, 'token-agent1']) assert.ok(!all.includes(secret), `${secret} leaked: ${all}`);
    assert.match(all, /login with \*\*\* failed/, 'the rest of the line stays readable');
    log.dispose();
  });
});
