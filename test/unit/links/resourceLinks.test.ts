import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packIndex } from '../../../src/indexing/packedIndex';
import type { IndexEntry } from '../../../src/indexing/indexEntry';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { findLinks, findRelated, LinkLookup, twinsOf, type LinkSource, type ResourceLink } from '../../../src/links/resourceLinks';
import { call, chat } from '../tracker/helpers';

/** A source whose tracker ingested `entries` (packed, as live sessions get them, when `packed`). */
function source(session: string, entries: IndexEntry[], packed = false): LinkSource {
  const tracker = new ResourceTracker();
  if (packed) tracker.ingestPacked(packIndex(entries));
  else tracker.ingestBatch(entries);
  return { session, label: `${session}@sim`, tracker };
}

/** Each link as `callUuid|connId|chatId: session/id, ...` for compact comparisons. */
function brief(links: readonly ResourceLink[]): string[] {
  return links.map((l) => `${l.callUuid}|${l.connId}|${l.chatId}: ${l.resources.map((r) => `${r.session}/${r.id}`).join(', ')}`);
}

test('a call with the same callUuid in two sessions is linked, each with its own id and state', () => {
  const a = source('agent1', [call(1, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' })]);
  const b = source('agent2', [call(1, 'B-1', 'Ringing', { callUuid: 'U1', connId: 'K9' })], true);
  const links = findLinks([a, b]);
  assert.deepEqual(brief(links), ['U1|null|null: agent1/A-1, agent2/B-1']);
  assert.deepEqual(links[0].resources.map((r) => [r.label, r.kind, r.state]), [['agent1@sim', 'call', 'Established'], ['agent2@sim', 'call', 'Ringing']]);
});

test('never within one session: two calls of one session with one callUuid are no link', () => {
  const a = source('agent1', [call(1, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' }), call(2, 'A-2', 'Dialing', { callUuid: 'U1', connId: 'K1' })]);
  const b = source('agent2', [call(1, 'B-1', 'Ringing', { callUuid: 'U7' })]);
  assert.deepEqual(findLinks([a, b]), []);
  assert.deepEqual(findLinks([a]), []);
});

test('callUuid comes before connId: equal connIds with different callUuids are not linked', () => {
  const a = source('agent1', [call(1, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' })]);
  const b = source('agent2', [call(1, 'B-1', 'Established', { callUuid: 'U2', connId: 'K1' })]);
  assert.deepEqual(findLinks([a, b]), []);
  // ...and equal callUuids link whatever the connIds say.
  const c = source('agent3', [call(1, 'C-1', 'Established', { callUuid: 'U1', connId: 'K5' })]);
  assert.deepEqual(brief(findLinks([a, b, c])), ['U1|null|null: agent1/A-1, agent3/C-1']);
});

test('failing a callUuid on either side, an equal connId links', () => {
  const a = source('agent1', [call(1, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' })]);
  const b = source('agent2', [call(1, 'B-1', 'Established', { connId: 'K1' })], true);
  const c = source('agent3', [call(1, 'C-1', 'Established', { connId: 'K2' })]);
  const d = source('agent4', [call(1, 'D-1', 'Established', { connId: 'K2' })]);
  assert.deepEqual(brief(findLinks([a, b, c, d])), ['U1|K1|null: agent1/A-1, agent2/B-1', 'null|K2|null: agent3/C-1, agent4/D-1']);
});

test('an empty callUuid is ignored: the calls fall back to connId, and empty ids never link', () => {
  const a = source('agent1', [call(1, 'A-1', 'Established', { callUuid: '', connId: 'K1' }), call(2, 'A-2', 'Established', { callUuid: '', connId: '' })]);
  const b = source('agent2', [call(1, 'B-1', 'Established', { callUuid: '', connId: 'K1' }), call(2, 'B-2', 'Established', { callUuid: '', connId: '' })], true);
  assert.deepEqual(brief(findLinks([a, b])), ['null|K1|null: agent1/A-1, agent2/B-1']);
});

test('a call without a callUuid never joins two calls whose callUuids differ', () => {
  const a = source('agent1', [call(1, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' })]);
  const b = source('agent2', [call(1, 'B-1', 'Established', { callUuid: 'U2', connId: 'K1' })]);
  const c = source('agent3', [call(1, 'C-1', 'Established', { connId: 'K1' })]);
  assert.deepEqual(brief(findLinks([a, b, c])), ['U1|K1|null: agent1/A-1, agent3/C-1']);
});

test('chats link by chat id, with callUuid and connId null', () => {
  const a = source('agent1', [chat(1, 'CH-1', 'Chatting'), chat(2, 'CH-2', 'Chatting'), chat(3, 'CH-1', 'Completed')]);
  const b = source('agent2', [chat(1, 'CH-1', 'Chatting')], true);
  const links = findLinks([a, b]);
  assert.deepEqual(brief(links), ['null|null|CH-1: agent1/CH-1, agent2/CH-1']);
  assert.deepEqual(links[0].resources.map((r) => r.state), ['Completed', 'Chatting']);
});

test('a consult call and its main call are related, not linked; the consult call is linked to its twin', () => {
  // agent1: main call U1/K1 and consult call U2/K2; agent2 gets the consult call, which takes the
  // main call's connId when the transfer completes.
  const a = source('agent1', [
    call(1, 'A-main', 'Established', { callUuid: 'U1', connId: 'K1' }),
    call(2, 'A-main', 'Held', { callUuid: 'U1', connId: 'K1' }),
    call(3, 'A-cons', 'Dialing', { callUuid: 'U2', connId: 'K2', callType: 'Consult' }),
  ]);
  const b = source('agent2', [
    call(3, 'B-cons', 'Ringing', { callUuid: 'U2', connId: 'K2', callType: 'Consult' }),
    call(5, 'B-cons', 'Established', { callUuid: 'U2', connId: 'K1', callType: 'Consult' }),
  ], true);
  const sources = [a, b];
  const links = findLinks(sources);
  assert.deepEqual(brief(links), ['U2|K2|null: agent1/A-cons, agent2/B-cons']);
  const related = findRelated(sources);
  assert.deepEqual(related.map((g) => `${g.connId}: ${g.resources.map((r) => `${r.session}/${r.id}/${r.callUuid}`).join(', ')}`), ['K1: agent1/A-main/U1, agent2/B-cons/U2']);
  const lookup = new LinkLookup(links, related);
  assert.deepEqual(lookup.twinsOf('agent2', 'call', 'B-cons').map((r) => `${r.session}/${r.id}`), ['agent1/A-cons']);
  assert.deepEqual(lookup.twinsOf('agent1', 'call', 'A-main'), []);
  assert.deepEqual(lookup.relatedOf('agent1', 'A-main').map((r) => `${r.session}/${r.id}`), ['agent2/B-cons']);
  assert.deepEqual(lookup.relatedOf('agent2', 'B-cons').map((r) => `${r.session}/${r.id}`), ['agent1/A-main']);
  assert.equal(lookup.linkOf('agent1', 'call', 'A-main'), undefined);
  assert.deepEqual(twinsOf(links, 'agent1', 'call', 'A-cons').map((r) => r.id), ['B-cons']);
});

test('links follow what the trackers ingest after a first look', () => {
  const a = source('agent1', [call(1, 'A-1', 'Ringing', { callUuid: 'U1', connId: 'K1' })]);
  const b = source('agent2', []);
  assert.deepEqual(findLinks([a, b]), []);
  b.tracker.ingestPacked(packIndex([call(2, 'B-1', 'Ringing', { callUuid: 'U1' })]));
  a.tracker.ingest(call(3, 'A-1', 'Released', { callUuid: 'U1', connId: 'K1' }));
  const links = findLinks([a, b]);
  assert.deepEqual(brief(links), ['U1|null|null: agent1/A-1, agent2/B-1']);
  assert.equal(links[0].resources[0].state, 'Released');
});

test('two sessions of the same user are two sessions: their shared calls link', () => {
  const entries = [call(1, 'A-1', 'Established', { callUuid: 'U1', connId: 'K1' })];
  assert.deepEqual(brief(findLinks([source('agent1', entries), source('agent1#2', entries, true)])), ['U1|K1|null: agent1/A-1, agent1#2/A-1']);
});
