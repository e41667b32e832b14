import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { unpackIndex } from '../../../src/indexing/packedIndex';
import type { CaptureLine } from '../../../src/capture/records';
import { Recorder, type RecorderOptions } from '../../../src/connection/recorder';
import { deep, tempDir } from '../capture/helpers';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);

/** A recorder on a temp journal whose sink checks that every announced line is already on disk. */
function setup(options: Partial<RecorderOptions> = {}) {
  const t = tempDir();
  const path = t.file('live.ndjson');
  const announced: IndexEntry[] = [];
  const failures: string[] = [];
  const recorder = new Recorder(
    { journalPath: path, baseUrl: 'http://127.0.0.1:1', user: 'agent1', topics: ['/v2/me/calls'], toolVersion: 'test', ...options },
    {
      index: (journalPath, batch) => {
        const file = readFileSync(journalPath);
        for (const entry of unpackIndex(batch)) {
          assert.ok(entry.offset + entry.length < file.length, `seq ${entry.seq} announced before it was on disk`);
          const line = JSON.parse(file.subarray(entry.offset, entry.offset + entry.length).toString('utf8')) as CaptureLine;
          assert.equal('seq' in line ? line.seq : -1, entry.seq);
          announced.push(entry);
        }
      },
      state: () => undefined,
      failure: (f) => failures.push(f.message),
      log: () => undefined,
    },
  );
  const lines = (): CaptureLine[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaptureLine);
  return { t, path, recorder, announced, failures, lines };
}

const call = (n: number): unknown => ({ messageType: 'CallStateChangeMessage', call: { id: `c${n % 3}`, state: 'Established' }, n });

describe('Recorder', () => {
  test('journals messages and events in arrival order with consecutive seqs, and announces each once', () => {
    const s = setup();
    try {
      s.recorder.event('connecting');
      s.recorder.message('/v2/me/calls', call(1), T0 + 1, true);
      s.recorder.message('/v2/me/calls', call(2), T0 + 1, true);
      s.recorder.event('subscribed', '/v2/me/devices');
      s.recorder.message('/v2/me/devices', undefined, T0 + 2, false);
      s.recorder.gap(T0, T0 + 3, 'lost');
      s.recorder.message('/v2/me/calls', call(3), T0 + 4.7, true);
      s.recorder.close();
      const lines = s.lines();
      assert.equal(lines[0].kind, 'header');
      assert.deepEqual(lines.slice(1).map((l) => ('seq' in l ? l.seq : 0)), [1, 2, 3, 4, 5, 6, 7]);
      assert.deepEqual(lines.slice(1).map((l) => l.kind), ['event', 'message', 'message', 'event', 'message', 'gap', 'message']);
      const noData = lines[5];
      assert.ok(noData.kind === 'message' && !('data' in noData), 'a message without data keeps no data key');
      const last = lines[7];
      assert.ok(last.kind === 'message');
      assert.equal(last.receivedAt, new Date(T0 + 4).toISOString());
      assert.deepEqual(s.announced.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
      assert.equal(s.announced[6].at, T0 + 4, 'the index time is what reading receivedAt back gives');
      assert.equal(s.announced[1].refs[0].id, 'c1');
    } finally {
      s.t.cleanup();
    }
  });

  test('once the next long poll is out, the queued messages are written on the next turn', async () => {
    const s = setup({ flushIntervalMs: 100 });
    try {
      for (let i = 1; i <= 50; i++) s.recorder.message('/v2/me/calls', call(i), Date.now(), true);
      const before = statSync(s.path).size;
      s.recorder.polling();
      await new Promise((r) => setImmediate(r));
      s.recorder.flush();
      assert.equal(before, 0, 'nothing is on disk while the response is being handled');
      assert.equal(s.lines().length, 51);
      assert.equal(s.announced.length, 50);
    } finally {
      s.recorder.close();
      s.t.cleanup();
    }
  });

  test('queued messages reach the disk within the flush interval without a long poll or a flush', async () => {
    const s = setup({ flushIntervalMs: 40 });
    try {
      s.recorder.message('/v2/me/calls', call(1), Date.now(), true);
      await sleep(80);
      assert.equal(s.lines().length, 2);
    } finally {
      s.recorder.close();
      s.t.cleanup();
    }
  });

  test('a synchronous burst longer than the flush interval still writes as it goes', () => {
    const s = setup({ flushIntervalMs: 20 });
    try {
      s.recorder.message('/v2/me/calls', call(1), Date.now(), true);
      const until = Date.now() + 60;
      while (Date.now() < until) {
        // Busy: no timer can run.
      }
      s.recorder.message('/v2/me/calls', call(2), Date.now(), true);
      assert.ok(s.lines().length >= 2, 'the first message is on disk before the burst ends');
    } finally {
      s.recorder.close();
      s.t.cleanup();
    }
  });

  test('a payload too deep to stringify is written depth-capped and indexed as malformed', () => {
    const s = setup();
    try {
      s.recorder.message('/v2/me/calls', deep(10_000), T0, true);
      s.recorder.close();
      const line = s.lines()[1];
      assert.ok(line.kind === 'message' && line.unserializable?.startsWith('RangeError'));
      assert.match(s.announced[0].malformed ?? '', /^unserializable: RangeError/);
    } finally {
      s.t.cleanup();
    }
  });

  test('rotate writes the queued messages into the old journal and restarts seqs in the new one', () => {
    const s = setup();
    const next = s.t.file('next.ndjson');
    try {
      s.recorder.message('/v2/me/calls', call(1), T0, true);
      s.recorder.message('/v2/me/calls', call(2), T0, true);
      s.recorder.rotate(next, ['/v2/me/calls']);
      s.recorder.message('/v2/me/calls', call(3), T0, true);
      s.recorder.close();
      assert.deepEqual(s.lines().slice(1).map((l) => ('seq' in l ? l.seq : 0)), [1, 2]);
      const rotated = readFileSync(next, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaptureLine);
      assert.deepEqual(rotated.map((l) => l.kind), ['header', 'message']);
      assert.equal((rotated[1] as { seq: number }).seq, 1);
    } finally {
      s.t.cleanup();
    }
  });
});
