/**
 * When messages may have been lost, and over which window. A window opens when the connection is
 * lost and closes when the client is back: on the same session after failed polls (a response
 * lost on the way took its messages), or on a new session after a re-handshake (the server
 * dropped the old session's queue). Pure: the caller passes the clock and reports the gap.
 */

/** A window of time in which messages may be missing. */
export interface Gap {
  from: number;
  to: number;
  reason: string;
}

export const SURVIVED_GAP_REASON = 'long poll failed; the session survived, but messages in a lost response may be missing';
export const REHANDSHAKE_GAP_REASON = 're-handshake: the server lost the session; messages in this window may be missing';

export class GapTracker {
  private lostAt: number | undefined;
  private lastConnectAt: number | undefined;

  /** The outage starts at the last poll answered (anything sent after it may be lost); a later mark keeps the first. */
  markLost(now: number): void {
    this.lostAt ??= this.lastConnectAt ?? now;
  }

  /** The first handshake: failures before it lost nothing, since there was no session to lose. */
  firstHandshake(): void {
    this.lostAt = undefined;
  }

  /**
   * A long poll came back. `wasConnected` is whether the session already counted as connected;
   * when it did not and a loss was open, the loss becomes a gap on the surviving session.
   */
  pollSucceeded(now: number, wasConnected: boolean): Gap | undefined {
    this.lastConnectAt = now;
    if (wasConnected) return undefined;
    const from = this.lostAt;
    this.lostAt = undefined;
    return from === undefined ? undefined : { from, to: now, reason: SURVIVED_GAP_REASON };
  }

  /** A re-handshake: the server lost the session, so the whole outage is a gap, even when no loss was seen. */
  reestablished(now: number): Gap {
    const from = this.lostAt ?? this.lastConnectAt ?? now;
    this.lostAt = undefined;
    return { from, to: now, reason: REHANDSHAKE_GAP_REASON };
  }
}
