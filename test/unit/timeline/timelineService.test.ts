import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureRecord } from '../../../src/capture/records';
import { OfflineSession } from '../../../src/session/offlineSession';
import { PAGE_ROWS } from '../../../src/timelineProtocol';
import { callMsg, chatMsg, devicesMsg, FedSession, harness, journalIn, message, tempDir, writeJournal } from './helpers';

/** 1000 records: calls on three ids, device messages, an error naming call c1, connection events. */
function traffic(): CaptureRecord[] {
  const records: CaptureRecord[] = [{ kind: 'event', seq: 1, at: new Date(0).toISOString(), event: 'connected' }];
  for (let seq = 2; seq <= 1000; seq++) {
    if (seq === 500) records.push(message(seq, '/v2/me/calls', { messageType: 'ErrorMessage', errorMessage: 'Cannot hold', deviceUri: 'http://gws/api/v2/devices/d1', callUri: 'http://gws/api/v2/me/calls/c1' }));
    else if (seq === 600) records.push({ kind: 'gap', seq, from: new Date(600).toISOString(), to: new Date(700).toISOString(), reason: 'reconnect' });
    else if (seq % 10 === 0) records.push(devicesMsg(seq, [{ id: 'd1', state: seq % 20 === 0 ? 'Ready' : 'NotReady' }]));
    else records.push(callMsg(seq, `c${seq % 3}`, seq % 2 === 0 ? 'Established' : 'Held', { userData: { Marker: `M-${seq}` } }, seq % 7 === 0 ? 'AttachedDataChanged' : 'StatusChange'));
  }
  return records;
}

describe('TimelineService over a real journal', () => {
  const tmp = tempDir();
  let session: OfflineSession;
  before(async () => {
    const path = journalIn(tmp.dir);
    writeJournal(path, traffic());
    session = await OfflineSession.open(path);
  });
  after(() => {
    session.dispose();
    tmp.cleanup();
  });

  test('nothing is posted before ready; the snapshot is bounded to one page, the tail', async () => {
    const h = harness(session);
    assert.equal(h.posted.length, 0);
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
    assert.equal(snap.total, 1000);
    assert.equal(snap.recordCount, 1000);
    assert.equal(snap.page.rows.length, PAGE_ROWS);
    assert.equal(snap.page.start, 1000 - PAGE_ROWS);
    assert.equal(snap.page.rows.at(-1)!.seq, 1000);
    assert.deepEqual(snap.facets.channels, ['/v2/me/calls', '/v2/me/devices']);
    assert.ok(snap.facets.messageTypes.includes('ErrorMessage'));
    assert.ok(snap.facets.notificationTypes.includes('AttachedDataChanged'));
    assert.equal(snap.selectedIndex, -1);
    h.service.dispose();
  });

  test('a snapshot with a selected seq carries the page around it', async () => {
    const h = harness(session);
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready', selectedSeq: 300 });
    assert.equal(snap.selectedIndex, 299);
    assert.ok(snap.page.start <= 299 && snap.page.start + snap.page.rows.length > 299);
    h.service.dispose();
  });

  test('pages are read from the journal by offset, with row facts', async () => {
    const h = harness(session);
    const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
    const page = await h.request<'rows/page'>({ type: 'rows/get', generation: snap.generation, start: 490, count: 20 });
    assert.equal(page.start, 490);
    assert.deepEqual(page.rows.map((r) => r.seq), Array.from({ length: 20 }, (_, i) => 491 + i));
    const error = page.rows.find((r) => r.seq === 500)!;
    assert.equal(error.messageType, 'ErrorMessage');
    assert.equal(error.error?.text, 'Cannot hold');
    assert.deepEqual(error.error?.links.map((l) => `${l.kind}:${l.id}`).sort(), ['call:c1', 'device:d1']);
    const call = page.rows.find((r) => r.seq === 491)!;
    assert.deepEqual([call.resource?.kind, call.resource?.id, call.state, call.channel], ['call', 'c2', 'Held', '/v2/me/calls']);
    assert.ok(call.size > 100);
    const near = await h.request<'rows/page'>({ type: 'rows/get', generation: snap.generation, start: 598, count: 2 });
    assert.equal(near.rows[1].rec, 'gap');
    assert.equal(near.rows[1].detail, 'reconnect');
    assert.equal(near.rows[1].until, 700);
    const first = await h.request<'rows/page'>({ type: 'rows/get', generation: snap.generation, start: 0, count: 1 });
    assert.deepEqual([first.rows[0].rec, first.rows[0].detail], ['event', 'connected']);
    const end = await h.request<'rows/page'>({ type: 'rows/get', generation: snap.generation, start: 995, count: 50 });
    assert.equal(end.rows.length, 5);
    h.service.dispose();
  });

  test('the text filter matches payload text case-insensitively and returns only matching rows', async () => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const one = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'm-777' } });
    assert.equal(one.total, 1);
    assert.equal(one.page.rows[0].seq, 777);
    const errors = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'CANNOT HOLD' } });
    assert.deepEqual(errors.page.rows.map((r) => r.seq), [500]);
    const none = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'no such text anywhere' } });
    assert.equal(none.total, 0);
    assert.equal(none.page.rows.length, 0);
    h.service.dispose();
  });

  test('channel, messageType and notificationType filters combine with the text filter', async () => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const devices = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: '', channel: '/v2/me/devices' } });
    assert.equal(devices.total, 98);
    assert.ok(devices.page.rows.every((r) => r.channel === '/v2/me/devices'));
    const attached = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: '', messageType: 'CallStateChangeMessage', notificationType: 'AttachedDataChanged' } });
    const expected = traffic().filter((r) => r.kind === 'message' && r.seq % 7 === 0 && r.seq % 10 !== 0 && r.seq !== 500).length;
    assert.equal(attached.total, expected);
    const both = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'M-70', notificationType: 'AttachedDataChanged' } });
    // M-70x and M-70 with seq % 7 == 0 and not a device message: 700 is a device message, 707 matches.
    assert.deepEqual(both.page.rows.map((r) => r.seq), [707]);
    const unknown = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: '', channel: '/v2/me/nothing' } });
    assert.equal(unknown.total, 0);
    h.service.dispose();
  });

  test('topic and resource scopes; a call timeline includes the error linked to it', async () => {
    const h = harness(session, { scope: { kind: 'topic', channel: '/v2/me/devices' } });
    const topic = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
    // 98 device messages plus the connection event and the gap.
    assert.equal(topic.total, 100);
    const call = await h.request<'timeline/snapshot'>({ type: 'view/scope/set', scope: { kind: 'resource', resourceKind: 'call', id: 'c1' } });
    const seqs = call.page.rows.map((r) => r.seq);
    assert.ok(seqs.includes(500), 'the ErrorMessage naming c1 is in its timeline');
    assert.ok(call.page.rows.filter((r) => r.seq !== 500).every((r) => r.resource?.id === 'c1'));
    assert.equal(call.total, session.tracker.seqsOf('call', 'c1').length + 1);
    const located = await h.request<'rows/located'>({ type: 'rows/locate', generation: call.generation, seq: 500 });
    assert.ok(located.index >= 0);
    h.service.dispose();
  });

  test('record/get returns the pretty payload; export/run hands over the filtered seqs', async () => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const payload = await h.request<'record/payload'>({ type: 'record/get', seq: 777 });
    assert.equal(payload.truncated, false);
    assert.match(payload.text, /\n {2}"kind": "message"/);
    assert.equal((JSON.parse(payload.text) as { seq: number }).seq, 777);
    await h.request({ type: 'view/filter/set', filter: { text: 'Cannot hold' } });
    await h.service.receive({ messageId: 5, body: { type: 'export/run' } });
    assert.deepEqual(h.exported, [[500]]);
    await h.service.receive({ messageId: 6, body: { type: 'diff/open', seq: 777, kind: 'call', id: 'c0' } });
    assert.deepEqual(h.opened, [[777, 'call', 'c0']]);
    h.service.dispose();
  });
});

describe('TimelineService on a growing capture', () => {
  test('appends are batched (at most one per interval), bounded, and stop while suspended', async () => {
    const tmp = tempDir();
    const path = journalIn(tmp.dir);
    const records: CaptureRecord[] = [];
    for (let seq = 1; seq <= 400; seq++) records.push(callMsg(seq, `c${seq % 5}`, 'Established', { userData: { N: seq } }));
    const entries = writeJournal(path, records);
    const session = new FedSession(path);
    session.feed(entries.slice(0, 100));
    const h = harness(session, { appendIntervalMs: 100, appendRows: 50 });
    try {
      const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
      assert.equal(snap.total, 100);
      for (let i = 100; i < 300; i += 10) session.feed(entries.slice(i, i + 10));
      await new Promise((r) => setTimeout(r, 250));
      const appends = h.posted.filter((p) => p.body.type === 'timeline/append').map((p) => p.body as Extract<typeof p.body, { type: 'timeline/append' }>);
      assert.ok(appends.length >= 1 && appends.length <= 3, `${appends.length} appends for 20 batches`);
      const last = appends.at(-1)!;
      assert.equal(last.total, 300);
      assert.ok(last.tail.rows.length <= 50);
      assert.equal(last.tail.rows.at(-1)!.seq, 300);
      assert.equal(last.tail.start + last.tail.rows.length, 300);
      h.service.suspend();
      const before = h.posted.length;
      session.feed(entries.slice(300, 350));
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(h.posted.length, before, 'a hidden webview receives nothing');
      const again = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
      assert.equal(again.total, 350);
    } finally {
      h.service.dispose();
      session.dispose();
      tmp.cleanup();
    }
  });

  test('new rows are matched against the active text filter as they arrive', async () => {
    const tmp = tempDir();
    const path = journalIn(tmp.dir);
    const records: CaptureRecord[] = [];
    for (let seq = 1; seq <= 60; seq++) records.push(callMsg(seq, `c${seq}`, 'Ringing', { userData: { Tag: seq % 20 === 0 ? 'needle' : 'hay' } }));
    const entries = writeJournal(path, records);
    const session = new FedSession(path);
    session.feed(entries.slice(0, 30));
    const h = harness(session, { appendIntervalMs: 10 });
    try {
      await h.request({ type: 'webview/ready' });
      const snap = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: 'NEEDLE' } });
      assert.deepEqual(snap.page.rows.map((r) => r.seq), [20]);
      session.feed(entries.slice(30));
      await new Promise((r) => setTimeout(r, 60));
      const append = h.posted.map((p) => p.body).filter((b) => b.type === 'timeline/append').at(-1) as Extract<(typeof h.posted)[number]['body'], { type: 'timeline/append' }>;
      assert.equal(append.total, 3);
      assert.deepEqual(append.tail.rows.map((r) => r.seq), [40, 60]);
    } finally {
      h.service.dispose();
      session.dispose();
      tmp.cleanup();
    }
  });

  test('chat scope: state changes and transcript come from the same session', async () => {
    const tmp = tempDir();
    const path = journalIn(tmp.dir);
    writeJournal(path, [chatMsg(1, 'ch1', 'Chatting', [{ participantId: 'p1', nickname: 'Cust', type: 'Customer' }])]);
    const session = await OfflineSession.open(path);
    const h = harness(session, { scope: { kind: 'resource', resourceKind: 'chat', id: 'ch1' } });
    try {
      const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready' });
      assert.deepEqual(snap.scope, { kind: 'resource', resourceKind: 'chat', id: 'ch1' });
      assert.equal(snap.page.rows[0].referenceId, '1');
      const detail = await h.request<'resource/detail'>({ type: 'resource/get', kind: 'chat', id: 'ch1' });
      assert.equal(detail.found, true);
      assert.equal(detail.state, 'Chatting');
      const missing = await h.request<'resource/detail'>({ type: 'resource/get', kind: 'call', id: 'nope' });
      assert.equal(missing.found, false);
    } finally {
      h.service.dispose();
      session.dispose();
      tmp.cleanup();
    }
  });
});

describe('TimelineService scope handover', () => {
  test('a scope set while the webview is away wins over the scope the webview saved; state of another session is ignored', async () => {
    const tmp = tempDir();
    const path = journalIn(tmp.dir);
    writeJournal(path, [callMsg(1, 'c1', 'Ringing'), callMsg(2, 'c2', 'Ringing'), callMsg(3, 'c1', 'Established')]);
    const session = await OfflineSession.open(path);
    const h = harness(session);
    try {
      await h.request({ type: 'webview/ready' });
      h.service.suspend();
      h.service.setScope({ kind: 'resource', resourceKind: 'call', id: 'c2' });
      assert.equal(h.posted.filter((p) => p.inReplyTo === undefined).length, 0, 'nothing posted while away');
      const snap = await h.request<'timeline/snapshot'>({ type: 'webview/ready', sessionId: session.id, scope: { kind: 'resource', resourceKind: 'call', id: 'c1' }, filter: { text: 'x' } });
      assert.deepEqual(snap.scope, { kind: 'resource', resourceKind: 'call', id: 'c2' });
      assert.equal(snap.filter.text, '');
      const other = await h.request<'timeline/snapshot'>({ type: 'webview/ready', sessionId: 'offline-999', scope: { kind: 'resource', resourceKind: 'call', id: 'c1' }, filter: { text: 'Established' }, selectedSeq: 3 });
      assert.deepEqual(other.scope, { kind: 'resource', resourceKind: 'call', id: 'c2' }, 'a saved scope for another session is not applied');
      assert.equal(other.selectedIndex, -1);
      const own = await h.request<'timeline/snapshot'>({ type: 'webview/ready', sessionId: session.id, scope: { kind: 'resource', resourceKind: 'call', id: 'c1' }, filter: { text: 'Established' }, selectedSeq: 3 });
      assert.deepEqual([own.total, own.selectedIndex], [1, 0]);
    } finally {
      h.service.dispose();
      session.dispose();
      tmp.cleanup();
    }
  });
});

describe('TimelineService text scans', () => {
  test('a newer filter supersedes a text scan still reading the journal; the stale one never becomes current', async () => {
    const tmp = tempDir();
    const path = journalIn(tmp.dir);
    const records: CaptureRecord[] = [];
    for (let seq = 1; seq <= 600; seq++) records.push(callMsg(seq, `c${seq}`, 'Ringing', { pad: 'x'.repeat(40_000), userData: { Tag: seq % 100 === 0 ? 'needle' : 'hay' } }));
    writeJournal(path, records);
    const session = await OfflineSession.open(path);
    const h = harness(session, { textBudget: 0 });
    try {
      await h.request({ type: 'webview/ready' });
      const first = h.service.receive({ messageId: 1, body: { type: 'view/filter/set', filter: { text: 'hay' } } });
      const second = h.service.receive({ messageId: 2, body: { type: 'view/filter/set', filter: { text: 'NEEDLE' } } });
      await Promise.all([first, second]);
      const replies = (id: number) => h.posted.filter((p) => p.inReplyTo === id && p.body.type !== 'request/progress').map((p) => p.body);
      assert.deepEqual(replies(1), [{ type: 'request/failed', code: 'superseded', reason: 'superseded by a newer view/filter/set' }], 'the superseded scan is answered once, as superseded');
      const [snap] = replies(2) as Array<Extract<(typeof h.posted)[number]['body'], { type: 'timeline/snapshot' }>>;
      assert.equal(replies(2).length, 1);
      assert.equal(snap.filter.text, 'NEEDLE');
      assert.deepEqual(snap.page.rows.map((r) => r.seq), [100, 200, 300, 400, 500, 600]);
      const page = await h.request<'rows/page'>({ type: 'rows/get', generation: snap.generation, start: 0, count: 10 });
      assert.equal(page.generation, snap.generation);
      assert.equal(page.rows.length, 6);
    } finally {
      h.service.dispose();
      session.dispose();
      tmp.cleanup();
    }
  });
});
