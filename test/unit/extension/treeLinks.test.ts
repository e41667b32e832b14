import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLinks, shortLabel, TreeLinks } from '../../../src/extension/tree/treeLinks';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { call, chat } from '../tracker/helpers';

function session(id: string, label: string): { id: string; label: string; tracker: ResourceTracker } {
  return { id, label, tracker: new ResourceTracker() };
}

test('the link shows on each side, with the other user named briefly on the same server', () => {
  const a = session('live-1', 'agent1@127.0.0.1:9000');
  const b = session('live-2', 'agent2@127.0.0.1:9000');
  a.tracker.ingestBatch([call(1, 'A-1', 'Held', { callUuid: 'U1', connId: 'K1' })]);
  b.tracker.ingestBatch([call(1, 'B-1', 'Established', { callUuid: 'U1', connId: 'K2' })]);
  const links = new TreeLinks();
  links.invalidate();
  const changed = links.update([a, b]);
  assert.deepEqual(changed.map((c) => `${c.session}/${c.id}`).sort(), ['live-1/A-1', 'live-2/B-1']);
  assert.equal(describeLinks(links.of('live-1', 'call', 'A-1'), a.label), 'also seen by agent2: Established');
  assert.equal(describeLinks(links.of('live-2', 'call', 'B-1'), b.label), 'also seen by agent1: Held');
  assert.equal(links.update([a, b]).length, 0, 'nothing recomputed until a session changed');
});

test("only what changed is refreshed: a twin's new state changes the other side's text; unlinking too", () => {
  const a = session('live-1', 'agent1@h:1');
  const b = session('live-2', 'agent2@h:1');
  const c = session('live-3', 'supervisor1@h:1');
  a.tracker.ingestBatch([call(1, 'A-1', 'Established', { callUuid: 'U1' }), chat(2, 'CH', 'Chatting')]);
  b.tracker.ingestBatch([call(1, 'B-1', 'Established', { callUuid: 'U1' })]);
  c.tracker.ingestBatch([chat(1, 'CH', 'Invited')]);
  const links = new TreeLinks();
  links.invalidate();
  links.update([a, b, c]);
  b.tracker.ingestBatch([call(2, 'B-1', 'Released', { callUuid: 'U1' })]);
  links.invalidate();
  assert.deepEqual(links.update([a, b, c]).map((x) => `${x.session}/${x.kind}/${x.id}`), ['live-1/call/A-1'], "agent1's call reads agent2's new state; agent2's own text is unchanged");
  assert.match(describeLinks(links.of('live-1', 'chat', 'CH'), a.label)!, /^also seen by supervisor1: Invited$/);
  links.invalidate();
  const gone = links.update([a, c]);
  assert.deepEqual(gone.map((x) => `${x.session}/${x.id}`).sort(), ['live-1/A-1', 'live-2/B-1'], 'a closed session unlinks both sides');
  assert.deepEqual(links.of('live-1', 'call', 'A-1'), { twins: [], related: [] });
});

test('consult and main calls are related, never linked', () => {
  const a = session('live-1', 'agent1@h:1');
  const b = session('live-2', 'agent2@h:1');
  a.tracker.ingestBatch([call(1, 'MAIN-000000000001', 'Released', { callUuid: 'U1', connId: 'K1' })]);
  b.tracker.ingestBatch([call(1, 'CONS-000000000002', 'Established', { callUuid: 'U2', connId: 'K1' })]);
  const links = new TreeLinks();
  links.invalidate();
  links.update([a, b]);
  const l = links.of('live-1', 'call', 'MAIN-000000000001');
  assert.deepEqual(l.twins, []);
  assert.equal(describeLinks(l, a.label), "related: agent2's call …0000000002 (Established)");
});

test('labels: short on the same server, full across servers, #2 kept', () => {
  assert.equal(shortLabel('agent2@h:1', 'agent1@h:1'), 'agent2');
  assert.equal(shortLabel('agent2@h:1 #2', 'agent1@h:1'), 'agent2 #2');
  assert.equal(shortLabel('agent2@other:1', 'agent1@h:1'), 'agent2@other:1');
  assert.equal(shortLabel('offline: x.ndjson', 'agent1@h:1'), 'offline: x.ndjson');
});
