import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { exportCapture } from '../../../src/exchange/exportCapture';
import { stateTooltip } from '../../../src/extension/tree/presentation';
import { OfflineSession } from '../../../src/session/offlineSession';
import { buildResourceDetail } from '../../../src/timeline/resourceDetail';
import { stateSpans, spanText } from '../../../src/tracker/stateTimes';
import { callMsg, tempDir, T0, writeJournal } from '../timeline/helpers';

/** Issue 18 point 5: for a file, "now" is its last record, in the tooltip, the Resource tab and the Markdown report alike. */
describe('time in state of an offline capture', () => {
  test('a 0.6 s capture opened long after shows Ringing for 0.5 s everywhere, never the wall clock', async () => {
    const t = tempDir();
    try {
      // Call A rings at +100 ms and is still ringing when the capture ends at +600 ms; call B ends.
      writeJournal(t.file('short.ndjson'), [callMsg(100, 'A', 'Ringing'), callMsg(200, 'B', 'Dialing'), callMsg(300, 'B', 'Released'), callMsg(600, 'C', 'Ringing')]);
      const session = await OfflineSession.open(t.file('short.ndjson'));
      try {
        assert.equal(session.clock, 'capture');
        assert.equal(session.now(), T0 + 600, 'now is the last record, not Date.now()');
        const a = session.tracker.get('call', 'A')!;
        const tooltip = stateTooltip(a, session.now(), session.clock);
        assert.match(tooltip, /Ringing {2}\(500 ms \(open at capture end\)\)/);
        const detail = await buildResourceDetail(session, 'call', 'A');
        assert.deepEqual(detail.states.map((s) => [s.state, s.durationMs, s.current]), [['Ringing', 500, true]]);
        await exportCapture(session.journalPath, { kind: 'resource', resource: { kind: 'call', id: 'A' } }, 'markdown', t.file('a.md'));
        assert.match(readFileSync(t.file('a.md'), 'utf8'), /\| Ringing \| [^|]+ \| 500 ms \(open at capture end\) \|/);

        // An ended call: its last state is final, nowhere "so far" or open.
        const b = session.tracker.get('call', 'B')!;
        assert.match(stateTooltip(b, session.now(), session.clock), /Released {2}\(final\)/);
        const bDetail = await buildResourceDetail(session, 'call', 'B');
        assert.deepEqual(bDetail.states.map((s) => [s.state, s.durationMs, s.current]), [['Dialing', 100, false], ['Released', 0, false]]);
        await exportCapture(session.journalPath, { kind: 'resource', resource: { kind: 'call', id: 'B' } }, 'markdown', t.file('b.md'));
        const md = readFileSync(t.file('b.md'), 'utf8');
        assert.match(md, /\| Dialing \| [^|]+ \| 100 ms \|/);
        assert.match(md, /\| Released \| [^|]+ \| final \|/);
        // The ended state is said once, as the Resource tab says it.
        assert.match(md, /\| Current state \| Released \(ended\) \|/);
      } finally {
        session.dispose();
      }
    } finally {
      t.cleanup();
    }
  });

  test('spans: a live open state reads "so far"; an ended one never does', () => {
    const states = [{ state: 'Ringing', since: 1000 }, { state: 'Established', since: 3000 }];
    const open = stateSpans({ states, ended: false, lastSeen: 3000 }, 10_000);
    assert.deepEqual(open.map((s) => [s.durationMs, s.open, s.final]), [[2000, false, false], [7000, true, false]]);
    assert.equal(spanText(open[1], 'live'), '7.0 s so far');
    assert.equal(spanText(open[1], 'capture'), '7.0 s (open at capture end)');
    // "now" before the resource's last record (a clock skewed backwards) never shortens a state.
    assert.equal(stateSpans({ states, ended: false, lastSeen: 5000 }, 4000)[1].durationMs, 2000);
    const ended = stateSpans({ states, ended: true, lastSeen: 3000 }, 10_000);
    assert.deepEqual(ended.map((s) => spanText(s, 'live')), ['2.0 s', 'final']);
  });
});
