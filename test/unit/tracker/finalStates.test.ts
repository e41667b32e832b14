import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { packIndex } from '../../../src/indexing/packedIndex';
import { call, chat, snapshot } from './helpers';

describe('ResourceTracker: Released and Completed are final', () => {
  test('a late message is flagged late and never revives the call, packed or not', () => {
    const entries = [call(1, 'c1', 'Ringing'), call(2, 'c1', 'Released'), call(3, 'c1', 'Established'), chat(4, 'ch1', 'Completed'), chat(5, 'ch1', 'Chatting')];
    for (const ingest of [(t: ResourceTracker) => t.ingestBatch(entries), (t: ResourceTracker) => t.ingestPacked(packIndex(entries))]) {
      const t = new ResourceTracker();
      ingest(t);
      assert.equal(t.get('call', 'c1')?.state, 'Released');
      assert.equal(t.get('call', 'c1')?.endReason, 'Released');
      assert.equal(t.get('chat', 'ch1')?.state, 'Completed');
      assert.deepEqual([1, 2, 3, 4, 5].map((seq) => t.entryAt(seq)?.late === true), [false, false, true, false, true]);
      assert.equal(t.get('call', 'c1')?.messageCount, 3, 'the late message still belongs to the call');
    }
  });

  test('a resource gone after reconnect is not final: a later message revives it, not late', () => {
    const t = new ResourceTracker();
    t.ingestBatch([call(1, 'c1', 'Established'), snapshot(2, { calls: [] }), call(3, 'c1', 'Held')]);
    assert.equal(t.get('call', 'c1')?.ended, false);
    assert.equal(t.entryAt(3)?.late, undefined);
  });
});
