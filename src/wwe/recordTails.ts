import { serializeRecord } from '../capture/journalWriter';
import type { CaptureRecord } from '../capture/records';

/**
 * A record's line, and where in it the part after its `kind` (and a `seq` of 0, and a response's
 * `request` of 0, when it has them) starts: the part a seq is put before once the record's place
 * in time is known (heldRecords.ts). A record without seq saves building a copy with one; an index
 * saves slicing the line.
 */
export interface RecordLine {
  line: string;
  tail: number;
}

const heads = new Map<string, string[]>();

export function recordLine(record: CaptureRecord | { kind: CaptureRecord['kind'] }): RecordLine {
  const line = serializeRecord(record as CaptureRecord);
  let forKind = heads.get(record.kind);
  if (!forKind) {
    const kind = `{"kind":${JSON.stringify(record.kind)}`;
    heads.set(record.kind, (forKind = [`${kind},"seq":0,"request":0`, `${kind},"seq":0`, kind]));
  }
  for (const head of forKind) if (line.startsWith(head)) return { line, tail: head.length };
  // serializeRecord's fallback for a value JSON cannot write: whatever follows the first field.
  const comma = line.indexOf(',', 1);
  return { line, tail: comma < 0 ? line.length - 1 : comma };
}
