import type { Interner } from '../util/interner';

/**
 * Message records per channel, counted by the channel's string id in the record columns: every
 * record brings its channel as a fresh string, and a number hashes faster than one.
 */
export class ChannelCounts {
  private readonly byId = new Map<number, number>();
  /** Messages counted. */
  total = 0;

  /** Counts a message whose channel has string id `id` (0: none). */
  add(id: number): void {
    this.total += 1;
    this.byId.set(id, (this.byId.get(id) ?? 0) + 1);
  }

  /** The counts by channel name, in first-seen order; no channel counts as '', as a channel '' does. */
  byName(strings: Interner): Map<string, number> {
    const out = new Map<string, number>();
    for (const [id, n] of this.byId) {
      const name = strings.value(id) ?? '';
      out.set(name, (out.get(name) ?? 0) + n);
    }
    return out;
  }
}
