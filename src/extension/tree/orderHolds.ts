import type { ResourceView } from '../../tracker/resourceTracker';
import { groupOrder } from './presentation';

/** How long a group keeps its order after the user selected or expanded something in it. */
export const HOLD_ORDER_MS = 3000;

/**
 * Keeps a tree group's rows in place while the user works in it. VS Code reports no pointer hover
 * over tree items, so a selection or an expansion in a group is the sign that the user is there:
 * the group's order is held for HOLD_ORDER_MS after the last one (new rows are appended), and the
 * queued re-sort applies when the hold ends (`onRelease` refreshes the group).
 */
export class OrderHolds {
  private readonly shown = new Map<string, string[]>();
  private readonly until = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly onRelease: (groupId: string) => void, private readonly holdMs = HOLD_ORDER_MS) {}

  /** The user is working in group `groupId`. */
  note(groupId: string): void {
    if (!this.until.has(groupId)) this.later(groupId, this.holdMs);
    this.until.set(groupId, Date.now() + this.holdMs);
  }

  /** The rows of group `groupId` in the order to show, remembered for the next call. */
  order<T extends Pick<ResourceView, 'id' | 'ended'>>(groupId: string, list: T[]): T[] {
    const ordered = groupOrder(list, this.shown.get(groupId), this.until.has(groupId));
    this.shown.set(groupId, ordered.map((r) => r.id));
    return ordered;
  }

  /** Forgets the groups whose id starts with `prefix` (a session closed or cleared). */
  forget(prefix: string): void {
    for (const id of [...this.shown.keys()]) if (id.startsWith(prefix)) this.shown.delete(id);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private later(groupId: string, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.release(groupId);
    }, ms);
    this.timers.add(timer);
  }

  private release(groupId: string): void {
    const left = (this.until.get(groupId) ?? 0) - Date.now();
    if (left > 0) return this.later(groupId, left);
    this.until.delete(groupId);
    this.onRelease(groupId);
  }
}
