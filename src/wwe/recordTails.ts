import { serializeRecord } from '../capture/journalWriter';
import type { CaptureRecord } from '../capture/records';

/**
 * The line of a record with seq 0 (and request 0), cut after those: the part a seq is put before
 * once the record's place in time is known (heldRecords.ts).
 */
export function tailOf(record: CaptureRecord): string {
  const line = serializeRecord(record);
  const head = record.kind === 'response' ? `{"kind":"response","seq":0,"request":0` : `{"kind":"${record.kind}","seq":0`;
  return line.startsWith(head) ? line.slice(head.length) : line.slice(line.indexOf(',', head.length - 3));
}
