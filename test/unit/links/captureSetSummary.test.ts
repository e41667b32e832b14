import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { formatLinks, summarizeCaptureSet, type SummarizedCapture } from '../../../src/links/captureSetSummary';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { summarize } from '../../../src/tracker/summary';
import { call, chat, devices } from '../tracker/helpers';

function capture(file: string, entries: IndexEntry[]): SummarizedCapture {
  const tracker = new ResourceTracker();
  tracker.ingestBatch(entries);
  return { file, tracker, summary: summarize(tracker) };
}

test('several captures: the union at the top level, each resource with its capture, the captures and only the shared calls and chats as links', () => {
  const a = capture('a.ndjson', [devices(1, [{ id: 'D1', state: 'Ready' }]), call(2, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' }), chat(3, 'CH-1', 'Chatting'), call(4, 'A-2', 'Ringing', { callUuid: 'U9' })]);
  const b = capture('b.ndjson', [call(1, 'B-1', 'Released', { callUuid: 'U1', connId: 'K1' }), chat(2, 'CH-1', 'Completed')]);
  const c = capture('c.ndjson', [call(1, 'C-1', 'Ringing', { connId: 'K1' })]);
  const set = summarizeCaptureSet([a, b, c]);
  assert.equal(set.messages, 7);
  assert.equal(set.malformed, 0);
  assert.deepEqual(set.byChannel, { '/v2/me/devices': 1, '/v2/me/calls': 4, '/v2/me/chats': 2 });
  const none = { samples: 0, offsetMs: null, jitterP95Ms: null, serverProcessingP95Ms: null, serverFailures: 0, clock: 'capture' };
  assert.deepEqual(set.captures, [{ file: 'a.ndjson', messages: 4, delivery: none }, { file: 'b.ndjson', messages: 2, delivery: none }, { file: 'c.ndjson', messages: 1, delivery: none }]);
  assert.deepEqual(set.delivery, none, 'pooled, not summed by shape');
  assert.deepEqual(set.resources.map((r) => `${r.capture}:${r.kind}:${r.id}`), [
    'a.ndjson:chat:CH-1', 'a.ndjson:call:A-1', 'a.ndjson:call:A-2', 'a.ndjson:device:D1', 'b.ndjson:chat:CH-1', 'b.ndjson:call:B-1', 'c.ndjson:call:C-1',
  ]);
  assert.deepEqual(set.links, [
    { callUuid: 'U1', connId: 'K1', resources: [
      { capture: 'a.ndjson', kind: 'call', id: 'A-1', state: 'Established' },
      { capture: 'b.ndjson', kind: 'call', id: 'B-1', state: 'Released' },
      { capture: 'c.ndjson', kind: 'call', id: 'C-1', state: 'Ringing' },
    ] },
    { callUuid: null, chatId: 'CH-1', resources: [
      { capture: 'a.ndjson', kind: 'chat', id: 'CH-1', state: 'Chatting' },
      { capture: 'b.ndjson', kind: 'chat', id: 'CH-1', state: 'Completed' },
    ] },
  ]);
  assert.match(formatLinks(set.links), /call U1\n {4}a\.ndjson: call A-1 Established/);
  assert.equal(formatLinks([]), 'No links between the captures.');
});

test('fields a later summary adds join the union by their shape', () => {
  const one = capture('a.ndjson', [call(1, 'A-1', 'Ringing')]);
  const two = capture('b.ndjson', [call(1, 'B-1', 'Ringing')]);
  const extended = (c: SummarizedCapture, n: number): SummarizedCapture => ({ ...c, summary: { ...c.summary, operations: [{ name: 'Answer', n }], failures: n } as unknown as typeof c.summary });
  const set = summarizeCaptureSet([extended(one, 1), extended(two, 2)]);
  assert.deepEqual(set.operations, [{ name: 'Answer', n: 1, capture: 'a.ndjson' }, { name: 'Answer', n: 2, capture: 'b.ndjson' }]);
  assert.equal(set.failures, 3);
  assert.deepEqual(set.links, []);
});
