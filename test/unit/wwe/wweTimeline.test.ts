import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OfflineSession } from '../../../src/session/offlineSession';
import { REPO } from '../../support/harness';
import { callMsg, harness, journalIn, tempDir, writeJournal } from '../timeline/helpers';

/** Timeline rows of a WWE log opened as a capture, and of a live-clock capture beside it. */
describe('timeline rows of an imported WWE log', () => {
  const tmp = tempDir();
  let wwe: OfflineSession;
  let plain: OfflineSession;
  before(async () => {
    wwe = await OfflineSession.open(join(REPO, 'test', 'fixtures', 'wwe', 'firefox-session.log'), undefined, undefined, tmp.dir);
    const path = journalIn(tmp.dir);
    writeJournal(path, [callMsg(1, 'C1', 'Ringing')]);
    plain = await OfflineSession.open(path);
  });
  after(() => {
    wwe.dispose();
    plain.dispose();
    tmp.cleanup();
  });

  const rows = async (session: OfflineSession) => {
    const h = harness(session);
    await h.request({ type: 'webview/ready' });
    const snap = await h.request<'timeline/snapshot'>({ type: 'view/filter/set', filter: { text: '' } });
    h.service.dispose();
    return snap.page.rows;
  };

  test("every row says its time is the log's local clock, at the time the log wrote (read as UTC); other captures' rows do not", async () => {
    const all = await rows(wwe);
    assert.equal(all.length, 16);
    assert.ok(all.every((r) => r.clock === 'log-local'));
    assert.equal(new Date(all[0].at).toISOString(), '2024-05-01T09:00:01.000Z');
    assert.deepEqual([wwe.logLocalTimes, plain.logLocalTimes], [true, false]);
    assert.ok((await rows(plain)).every((r) => r.clock === undefined));
  });
});
