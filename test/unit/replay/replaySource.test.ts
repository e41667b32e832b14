import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { NotACaptureError } from '../../../src/capture/journalReader';
import { prepareReplayFile } from '../../../src/replay/replaySource';
import { replaySteps } from '../../../src/replay/replaySteps';
import { header, message, tempDir } from '../capture/helpers';

const tmp = tempDir();
after(() => tmp.cleanup());

describe('prepareReplayFile', () => {
  const records = [message(1, { messageType: 'CallStateChangeMessage', call: { id: 'C1', state: 'Ringing' } }), message(2, { messageType: 'CallStateChangeMessage', call: { id: 'C1', state: 'Released' } })];

  test('an NDJSON capture is replayed as it is', async () => {
    const path = tmp.file('c.ndjson');
    writeFileSync(path, [header(), ...records].map((r) => JSON.stringify(r)).join('\n') + '\n');
    assert.deepEqual(await prepareReplayFile(path, { tempDir: tmp.dir }), { file: path, temporary: false, from: 'ndjson' });
  });

  test('a JSON export is converted to a temporary NDJSON with the same messages', async () => {
    const path = tmp.file('c.json');
    writeFileSync(path, JSON.stringify({ format: 'gws-notify-capture', version: 1, header: header(), records }, null, 2));
    const prepared = await prepareReplayFile(path, { tempDir: tmp.dir });
    assert.equal(prepared.from, 'json');
    assert.equal(prepared.temporary, true);
    assert.ok(existsSync(prepared.file));
    assert.deepEqual([...replaySteps(prepared.file)].map((s) => (s.data as { call: { state: string } }).call.state), ['Ringing', 'Released']);
  });

  test('a HAR is imported first', async () => {
    const prepared = await prepareReplayFile('test/fixtures/har/wwe-session.har', { tempDir: tmp.dir });
    assert.equal(prepared.from, 'har');
    assert.equal([...replaySteps(prepared.file)].length, 11);
  });

  test('anything else is refused with NotACaptureError', async () => {
    const path = tmp.file('x.txt');
    writeFileSync(path, 'hello\n');
    await assert.rejects(prepareReplayFile(path, { tempDir: tmp.dir }), NotACaptureError);
  });
});
