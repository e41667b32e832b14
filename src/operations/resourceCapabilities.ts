/**
 * What the UI offers to send for a resource: its current capabilities (from the index facts, never a
 * payload) that the catalogue knows.
 */
import type { ResourceKind } from '../model/gwsTypes';
import { capabilityNames } from '../model/indexFacts';
import type { ResourceTracker } from '../tracker/resourceTracker';
import { knownCapabilities, type CatalogueEntry, type OperationTarget } from './catalogue';

/** The capabilities the last record that listed them gave `kind`/`id`, or undefined when none did. */
export function currentCapabilities(tracker: ResourceTracker, kind: ResourceKind, id: string): string[] | undefined {
  const r = tracker.trail(kind, id);
  if (!r) return undefined;
  const c = tracker.columns;
  for (let i = r.recordCount - 1; i >= 0; i--) {
    const row = r.rowAt(i);
    for (let j = c.refStart(row); j < c.refEnd.data[row]; j++) {
      if (c.refs.resource.data[j] !== r.index) continue;
      const caps = c.refs.capabilities.get(j, 0);
      if (caps !== 0) return capabilityNames(c.strings.value(caps) ?? '');
    }
  }
  return undefined;
}

/** One operation to offer: its catalogue row and the target it is sent for. */
export interface OfferedOperation {
  entry: CatalogueEntry;
  target: OperationTarget;
}

/**
 * The catalogue operations a call, chat or device allows now. A device also offers the voice
 * channel's operations (Ready, NotReady) it lists: they go to `voice`, not to the device.
 */
export function offeredOperations(tracker: ResourceTracker, kind: ResourceKind, id: string): OfferedOperation[] {
  if (kind !== 'call' && kind !== 'chat' && kind !== 'device') return [];
  const caps = currentCapabilities(tracker, kind, id) ?? [];
  const own = knownCapabilities(kind, caps).map((entry) => ({ entry, target: { kind, id } }));
  if (kind !== 'device') return own;
  return [...own, ...knownCapabilities('voice', caps).map((entry) => ({ entry, target: { kind: 'voice' as const, id: '' } }))];
}
