import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OfflineSession } from '../../../src/session/offlineSession';
import { header, message, tempDir } from '../capture/helpers';

/** A JSON export of three messages at `path`. */
function jsonExport(path: string): void {
  writeFileSync(path, JSON.stringify({ format: 'gws-notify-capture', version: 1, header: header(), records: [1, 2, 3].map((seq) => message(seq, { call: { id: 'c1', state: 'Dialing' } })) }));
}

describe('OfflineSession: the converted copy of a JSON export', () => {
  test('is deleted, asynchronously, when the session is closed', async () => {
    const t = tempDir();
    try {
      jsonExport(t.file('export.json'));
      const session = await OfflineSession.open(t.file('export.json'), t.file('export.json'), undefined, t.dir);
      assert.ok(existsSync(session.journalPath));
      assert.notEqual(session.journalPath, t.file('export.json'));
      assert.ok(await session.readRecord(2));
      session.dispose();
      await session.disposed;
      assert.equal(existsSync(session.journalPath), false);
    } finally {
      t.cleanup();
    }
  });

  test('is deleted at process exit when the session was never closed', () => {
    const t = tempDir();
    try {
      jsonExport(t.file('export.json'));
      const script = `const { OfflineSession } = require(${JSON.stringify(join(__dirname, '..', '..', '..', 'src', 'session', 'offlineSession.ts'))});
        OfflineSession.open(${JSON.stringify(t.file('export.json'))}, undefined, undefined, ${JSON.stringify(t.dir)}).then((s) => { console.log(s.journalPath); process.exit(0); });`;
      const copy = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).trim();
      assert.ok(copy.startsWith(t.dir) && copy.endsWith('.ndjson'), copy);
      assert.equal(existsSync(copy), false);
      assert.deepEqual(readdirSync(t.dir), ['export.json']);
    } finally {
      t.cleanup();
    }
  });
});
