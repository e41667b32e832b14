import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../support/harness';

/**
 * TLS verification is never turned off in the product. Pass: in src/, webview/ and scripts/,
 * NODE_TLS_REJECT_UNAUTHORIZED appears only where it is deleted from a child's environment, and
 * `rejectUnauthorized: false` only in probeCertificate() of src/connection/httpClient.ts (which
 * reads the presented certificate, sends nothing, and destroys the socket). Nothing overrides
 * checkServerIdentity, and no code sets NODE_EXTRA_CA_CERTS except the connection host.
 */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** `file:line: text` for every line of the product sources matching `pattern`. */
function grep(pattern: RegExp): Array<{ file: string; line: number; text: string }> {
  const hits: Array<{ file: string; line: number; text: string }> = [];
  for (const root of ['src', 'webview', 'scripts']) {
    for (const file of sources(join(REPO, root))) {
      readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
        if (pattern.test(text)) hits.push({ file: relative(REPO, file), line: i + 1, text: text.trim() });
      });
    }
  }
  return hits;
}

test('NODE_TLS_REJECT_UNAUTHORIZED is only ever deleted, never set', () => {
  const hits = grep(/NODE_TLS_REJECT_UNAUTHORIZED/);
  const setting = hits.filter((h) => !/^delete\s+[\w.]+\.NODE_TLS_REJECT_UNAUTHORIZED;$/.test(h.text));
  assert.deepEqual(setting, []);
  assert.ok(hits.some((h) => h.file === 'src/connection/connectionHost.ts'), 'the connection host removes it from the child environment');
});

test('rejectUnauthorized: false only in the certificate probe, which sends nothing', () => {
  const hits = grep(/rejectUnauthorized\s*:\s*(false|0|!1|process\.env)/);
  assert.deepEqual(hits.map((h) => h.file), ['src/connection/httpClient.ts']);
  const source = readFileSync(join(REPO, 'src/connection/httpClient.ts'), 'utf8');
  const probe = source.slice(source.indexOf('export function probeCertificate'));
  const body = probe.slice(0, probe.indexOf('\n}\n'));
  assert.ok(body.includes('rejectUnauthorized: false'), 'the one exception sits inside probeCertificate()');
  assert.ok(body.includes('socket.destroy()') && !/\.write\(|\.end\(/.test(body), 'the probe destroys the socket and never writes to it');
  assert.ok(!/rejectUnauthorized/.test(source.slice(0, source.indexOf('export function probeCertificate'))), 'httpRequest() itself verifies');
});

test('nothing overrides checkServerIdentity or weakens the TLS defaults', () => {
  assert.deepEqual(grep(/checkServerIdentity|secureOptions|minVersion\s*:\s*['"]TLSv1(\.1)?['"]|ciphers\s*:/), []);
  const extraCa = grep(/NODE_EXTRA_CA_CERTS\s*=/);
  assert.deepEqual([...new Set(extraCa.map((h) => h.file))], ['src/connection/connectionHost.ts'], 'only the connection host chooses the extra trust');
});
