import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HeaderRecord, MessageRecord } from '../../../src/capture/records';

/** A fresh temp directory and its cleanup. */
export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'gws-capture-test-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A capture header for tests. */
export function header(): HeaderRecord {
  return {
    kind: 'header',
    format: 'gws-notify-capture',
    version: 1,
    createdAt: '2024-05-01T10:00:00.000Z',
    server: 'http://127.0.0.1:8080',
    user: 'agent1',
    topics: ['/v2/me/calls'],
    source: 'live',
    tool: { name: 'gws-notify', version: '0.1.0' },
  };
}

/** A message record for tests. */
export function message(seq: number, data: unknown, channel = '/v2/me/calls'): MessageRecord {
  return { kind: 'message', seq, receivedAt: new Date(Date.UTC(2024, 4, 1, 10, 0, 0, seq)).toISOString(), channel, data };
}

/** An object nested `depth` levels deep: {a:{a:{...}}}. */
export function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
