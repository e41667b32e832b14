// The export's worker thread, started the way Export Capture… starts it, inside the real extension host.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { JournalWriter } from '../../../src/capture/journalWriter';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { exportInWorker } from '../../../src/exchange/exportThread';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { header, message, tempDir } from '../../unit/capture/helpers';
import { EXTENSION_ID } from './support';

suite('Export in a worker thread, in the extension host', function () {
  this.timeout(60_000);
  const tmp = tempDir();
  suiteTeardown(() => tmp.cleanup());

  /** `count` call messages in a journal, indexed by a tracker as a session's would be. */
  function session(count: number): { journalPath: string; tracker: ResourceTracker } {
    const journalPath = tmp.file(`capture-${count}.ndjson`);
    const writer = new JournalWriter(journalPath, header(), { overwrite: true });
    const tracker = new ResourceTracker();
    for (let seq = 1; seq <= count; seq++) {
      const record = message(seq, { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: `c${seq % 20}`, state: seq % 2 ? 'Ringing' : 'Established', ani: `555${seq}` } });
      const { offset, length } = writer.append(record);
      tracker.ingest(toIndexEntry(record, offset, length));
    }
    writer.close();
    return { journalPath, tracker };
  }

  const script = (): string => join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'exportWorker.js');

  test("the extension's dist/exportWorker.js exports a timeline selection with progress", async () => {
    const source = session(500);
    const out = tmp.file('selection.ndjson');
    const progress: number[] = [];
    const result = await exportInWorker(source, { kind: 'seqs', seqs: [400, 3, 77] }, 'ndjson', out, { script: script(), onProgress: (done, total) => progress.push(done / total) });
    assert.deepEqual(result, { outPath: out, format: 'ndjson', records: 3 });
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; seq?: number });
    assert.equal(lines[0].kind, 'header');
    assert.deepEqual(lines.slice(1).map((l) => l.seq), [3, 77, 400]);
    assert.equal(progress.at(-1), 1);
  });

  test('cancelling it leaves no file', async () => {
    const source = session(60_000);
    const out = tmp.file('cancelled.json');
    const abort = new AbortController();
    await assert.rejects(exportInWorker(source, { kind: 'all' }, 'json', out, { script: script(), signal: abort.signal, onProgress: () => abort.abort(new Error('cancelled by the test')) }), /cancelled by the test/);
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('cancelled')), []);
  });
});
