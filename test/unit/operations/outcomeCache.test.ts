import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toIndexEntry } from '../../../src/indexing/indexer';
import { OutcomeCache } from '../../../src/operations/outcomeCache';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { Journal } from './correlationFixture';

test('a capture without requests is never correlated', async () => {
  const j = new Journal();
  j.call(0, 'c1', 'Ringing');
  const t = j.tracker();
  const cache = new OutcomeCache({ tracker: () => t, live: () => false });
  const view = await cache.fresh();
  assert.equal(view.outcomes.length, 0);
  assert.equal(cache.computations, 0);
  cache.dispose();
});

test('outcomes by record, by caused notification and by target; reads in a burst are one computation', async () => {
  const j = new Journal();
  j.call(0, 'c1', 'Ringing');
  const req = j.request(10, 'Answer', { kind: 'call', id: 'c1' });
  const resp = j.response(22, req, 200);
  const effect = j.call(105, 'c1', 'Established');
  const t = j.tracker();
  const cache = new OutcomeCache({ tracker: () => t, live: () => false });
  assert.equal(cache.current().outcomes.length, 0, 'the first read is the empty view: the computation is scheduled, not run inline');
  const views = await Promise.all([cache.fresh(), cache.fresh(), cache.fresh()]);
  assert.equal(cache.computations, 1);
  const o = views[0].byRecord.get(req);
  assert.equal(o?.outcome, 'effect');
  assert.equal(views[0].byRecord.get(resp), o);
  assert.equal(views[0].byCaused.get(effect), o);
  assert.equal(views[0].lastByTarget.get('call:c1'), o);
  assert.match(cache.line(o!), /^Answer call:c1 → accepted \(statusCode 0\) in \d+ ms → Established 95 ms later \(#4\)$/);
  // Nothing changed: no new computation.
  await cache.fresh();
  assert.equal(cache.computations, 1);
  cache.dispose();
});

test('new records make it stale; the change event names the targets whose last operation changed', async () => {
  const j = new Journal();
  j.call(0, 'c1', 'Ringing');
  const req = j.request(10, 'Answer', { kind: 'call', id: 'c1' });
  j.response(22, req, 200);
  const tracker = new ResourceTracker();
  tracker.ingestBatch(j.records.map((r) => toIndexEntry(r, 0, 0)));
  const cache = new OutcomeCache({ tracker: () => tracker, live: () => false });
  const first = await cache.fresh();
  assert.equal(first.byRecord.get(req)?.outcome, 'no-effect');
  const events: string[][] = [];
  cache.onDidChange((keys) => events.push([...keys]));
  const n = j.records.length;
  j.call(105, 'c1', 'Established');
  tracker.ingestBatch(j.records.slice(n).map((r) => toIndexEntry(r, 0, 0)));
  const second = await cache.fresh();
  assert.equal(second.byRecord.get(req)?.outcome, 'effect');
  assert.deepEqual(events, [['call:c1']]);
  cache.dispose();
});

test('a live window still open is pending, and the outcome is computed again when it closes', async () => {
  const tracker = new ResourceTracker();
  const now = Date.now();
  const iso = (ms: number): string => new Date(now + ms).toISOString();
  tracker.ingestBatch([
    toIndexEntry({ kind: 'message', seq: 1, receivedAt: iso(-50), channel: '/v2/me/calls', data: { messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id: 'c1', state: 'Ringing' } } }, 0, 0),
    toIndexEntry({ kind: 'request', seq: 2, at: iso(-40), method: 'POST', path: '/api/v2/me/calls/c1', operation: 'Hold', target: { kind: 'call', id: 'c1' }, body: { operationName: 'Hold' } }, 0, 0),
    toIndexEntry({ kind: 'response', seq: 3, request: 2, at: iso(-30), status: 200, elapsedMs: 10, statusCode: 0, body: { statusCode: 0 } }, 0, 0),
  ]);
  const cache = new OutcomeCache({ tracker: () => tracker, live: () => true });
  cache.windowMs = 400;
  assert.equal((await cache.fresh()).byRecord.get(2)?.outcome, 'pending');
  const closed = new Promise<void>((resolve) => cache.onDidChange(() => resolve()));
  // Nothing new arrives: only the clock closes the window; a read after that computes again.
  await new Promise((r) => setTimeout(r, 450));
  assert.equal((await cache.fresh()).byRecord.get(2)?.outcome, 'no-effect');
  await closed;
  cache.dispose();
});
