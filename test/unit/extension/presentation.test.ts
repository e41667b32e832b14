import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatDuration, resourceDescription, resourceIcon, resourceLabel, shortId, sortResources, stateTooltip } from '../../../src/extension/tree/presentation';
import type { ResourceView } from '../../../src/tracker/resourceTracker';

function view(partial: Partial<ResourceView>): ResourceView {
  return { kind: 'call', id: 'C', key: 'call:C', label: undefined, state: undefined, deviceState: undefined, firstSeen: 0, lastSeen: 0, messageCount: 1, recordCount: 1, ended: false, endReason: undefined, states: [], errorSeqs: [], callUuids: [], connIds: [], ...partial };
}

describe('tree presentation', () => {
  test('short ids keep the distinctive tail; labels add phone number or nickname', () => {
    assert.equal(shortId('013V08JRL498H10I04000VTAES000015'), '…TAES000015');
    assert.equal(shortId('short'), 'short');
    assert.equal(resourceLabel(view({ id: '013V08JRL498H10I04000VTAES000015', label: '5000' })), '…TAES000015 5000');
    assert.equal(resourceLabel(view({ kind: 'error', id: '42', label: 'Invalid Called Dn' })), 'Invalid Called Dn');
    assert.equal(resourceDescription(view({ kind: 'error', id: '42', label: 'Invalid Called Dn' })), 'record #42');
  });

  test('descriptions show the state, the device state and why a resource ended', () => {
    assert.equal(resourceDescription(view({ kind: 'device', state: 'Ready', deviceState: 'Active' })), 'Ready (Active)');
    assert.equal(resourceDescription(view({ state: 'Established', ended: true, endReason: 'gone after reconnect' })), 'Established · gone after reconnect');
    assert.equal(resourceDescription(view({ state: 'Released', ended: true, endReason: 'Released' })), 'Released');
  });

  test('one icon per kind and state', () => {
    assert.deepEqual(resourceIcon(view({ state: 'Ringing' })), { icon: 'bell-dot', color: 'charts.yellow' });
    assert.equal(resourceIcon(view({ state: 'Held' })).icon, 'debug-pause');
    assert.equal(resourceIcon(view({ state: 'Released', ended: true })).color, 'disabledForeground');
    assert.equal(resourceIcon(view({ kind: 'device', state: 'Ready' })).icon, 'pass-filled');
    assert.equal(resourceIcon(view({ kind: 'device', state: 'NotReady' })).color, 'charts.red');
    assert.equal(resourceIcon(view({ kind: 'error' })).icon, 'error');
  });

  test('ended resources sort last, otherwise first-seen order is kept', () => {
    const list = [view({ id: 'a', ended: true }), view({ id: 'b' }), view({ id: 'c', ended: true }), view({ id: 'd' })];
    assert.deepEqual(sortResources(list).map((r) => r.id), ['b', 'd', 'a', 'c']);
  });

  test('the tooltip lists the state path with the time spent in each state', () => {
    const t0 = Date.UTC(2026, 0, 1, 9, 0, 0);
    const text = stateTooltip(view({ states: [{ state: 'Ringing', since: t0 }, { state: 'Established', since: t0 + 4200 }, { state: 'Released', since: t0 + 64200 }], ended: true, endReason: 'Released', firstSeen: t0, lastSeen: t0 + 64200 }), t0 + 99_000, 'live');
    assert.match(text, /09:00:00.000 {2}Ringing {2}\(4.2 s\)/);
    assert.match(text, /09:00:04.200 {2}Established {2}\(1 min 00 s\)/);
    assert.match(text, /Released {2}\(final\)/);
    assert.doesNotMatch(text, /so far/);
    assert.match(text, /ended: Released/);
    assert.equal(formatDuration(250), '250 ms');
    assert.equal(formatDuration(3 * 3600_000 + 5 * 60_000), '3 h 05 min');
  });

  test('the tooltip adds up repeated visits: time in state, the open one so far (live) or open at capture end (file)', () => {
    const t0 = Date.UTC(2026, 0, 1, 9, 0, 0);
    const states = [{ state: 'NotReady', since: t0 }, { state: 'Ready', since: t0 + 2000 }, { state: 'NotReady', since: t0 + 5000 }, { state: 'Ready', since: t0 + 15_000 }];
    const device = view({ kind: 'device', states, firstSeen: t0, lastSeen: t0 + 15_000 });
    assert.match(stateTooltip(device, t0 + 16_000, 'live'), /^time in state: NotReady 12\.0 s · Ready 4\.0 s \(so far\)$/m);
    assert.match(stateTooltip(device, t0 + 15_000, 'capture'), /^time in state: NotReady 12\.0 s · Ready 3\.0 s \(open at capture end\)$/m);
    const ended = view({ states: [{ state: 'Ringing', since: t0 }, { state: 'Released', since: t0 + 3000 }], ended: true, firstSeen: t0, lastSeen: t0 + 3000 });
    assert.match(stateTooltip(ended, t0 + 9000, 'live'), /^time in state: Ringing 3\.0 s$/m, 'the final state left out');
    assert.doesNotMatch(stateTooltip(view({ states: [{ state: 'Ringing', since: t0 }], firstSeen: t0, lastSeen: t0 }), t0 + 1000, 'live'), /time in state/, 'one state: the path says it all');
  });
});
