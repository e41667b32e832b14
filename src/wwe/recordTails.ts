import { serializeRecord } from '../capture/journalWriter';
import type { CaptureRecord } from '../capture/records';

/**
 * The line of a record after its `kind` (and a `seq` of 0, and a response's `request` of 0, when
 * it has them): the part a seq is put before once the record's place in time is known
 * (heldRecords.ts). A record without seq saves building a copy with one.
 */
export function tailOf(record: CaptureRecord | { kind: CaptureRecord['kind'] }): string {
  const line = serializeRecord(record as CaptureRecord);
  const kind = `{"kind":"${record.kind}"`;
  for (const head of [`${kind},"seq":0,"request":0`, `${kind},"seq":0`, kind]) if (line.startsWith(head)) return line.slice(head.length);
  // serializeRecord's fallback for a value JSON cannot write: whatever follows the first field.
  return line.slice(line.indexOf(',', 1));
}
