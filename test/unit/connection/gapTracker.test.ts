import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GapTracker, REHANDSHAKE_GAP_REASON, SURVIVED_GAP_REASON } from '../../../src/connection/gapTracker';

describe('GapTracker', () => {
  test('the first connect after the first handshake is no gap', () => {
    const g = new GapTracker();
    g.firstHandshake();
    assert.equal(g.pollSucceeded(1000, false), undefined);
  });

  test('failures before the first handshake lost nothing', () => {
    const g = new GapTracker();
    g.markLost(500);
    g.firstHandshake();
    assert.equal(g.pollSucceeded(1000, false), undefined);
  });

  test('failed polls on a surviving session: the gap runs from the last answered poll to the next', () => {
    const g = new GapTracker();
    g.pollSucceeded(1000, false);
    g.pollSucceeded(2000, true);
    g.markLost(2500);
    g.markLost(3000);
    assert.deepEqual(g.pollSucceeded(4000, false), { from: 2000, to: 4000, reason: SURVIVED_GAP_REASON });
    assert.equal(g.pollSucceeded(5000, true), undefined, 'the gap is reported once');
  });

  test('a loss before any poll was answered starts when it was seen', () => {
    const g = new GapTracker();
    g.markLost(700);
    assert.deepEqual(g.pollSucceeded(900, false), { from: 700, to: 900, reason: SURVIVED_GAP_REASON });
  });

  test('a poll that succeeds while still counted connected closes no gap', () => {
    const g = new GapTracker();
    g.pollSucceeded(1000, false);
    g.markLost(1500);
    assert.equal(g.pollSucceeded(1600, true), undefined);
    assert.deepEqual(g.pollSucceeded(1700, false), { from: 1000, to: 1700, reason: SURVIVED_GAP_REASON }, 'the loss stays open until the state returns to connected');
  });

  test('a re-handshake is a gap from the loss, else from the last answered poll, else empty', () => {
    const g = new GapTracker();
    g.pollSucceeded(1000, false);
    g.markLost(1200);
    assert.deepEqual(g.reestablished(3000), { from: 1000, to: 3000, reason: REHANDSHAKE_GAP_REASON });
    assert.equal(g.pollSucceeded(3100, false), undefined, 'the connect after the re-handshake closes nothing more');
    assert.deepEqual(g.reestablished(5000), { from: 3100, to: 5000, reason: REHANDSHAKE_GAP_REASON });
    assert.deepEqual(new GapTracker().reestablished(42), { from: 42, to: 42, reason: REHANDSHAKE_GAP_REASON });
  });
});
