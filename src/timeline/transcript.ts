import type { CaptureSession } from '../session/captureSession';
import type { TranscriptLine, TranscriptResult } from '../timelineProtocol';
import { clip } from './rowSummary';
import { isObject as isObj } from '../util/jsonObject';

/**
 * The Transcript tab: a chat's MessageLogUpdated entries in index order (GWS may deliver them out
 * of order), merged with the chat's state changes by arrival.
 */

const MAX_LINES = 5000;
const MAX_TEXT = 4000;

type Obj = Record<string, unknown>;
const str = (v: unknown, max = 200): string | undefined => (typeof v === 'string' ? clip(v, max) : typeof v === 'number' ? String(v) : undefined);

/** Epoch ms of a log entry: `timestampSeconds` (milliseconds despite its name), else `timestamp`. */
function entryTime(e: Obj): number | undefined {
  if (typeof e.timestampSeconds === 'number' && Number.isFinite(e.timestampSeconds)) return e.timestampSeconds;
  const t = typeof e.timestamp === 'string' ? Date.parse(e.timestamp) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

function messageLine(seq: number, e: Obj): Extract<TranscriptLine, { kind: 'message' }> | undefined {
  const index = typeof e.index === 'number' ? e.index : typeof e.index === 'string' ? Number(e.index) : NaN;
  if (!Number.isFinite(index)) return undefined;
  const line: Extract<TranscriptLine, { kind: 'message' }> = { kind: 'message', seq, index };
  const from = isObj(e.from) ? e.from : {};
  const fields: Array<[keyof typeof line, string | undefined]> = [
    ['nickname', str(from.nickname)],
    ['participantType', str(from.type)],
    ['type', str(e.type)],
    ['visibility', str(e.visibility)],
    ['text', str(e.text, MAX_TEXT)],
  ];
  for (const [key, value] of fields) if (value !== undefined) (line as Record<string, unknown>)[key] = value;
  const at = entryTime(e);
  if (at !== undefined) line.at = at;
  return line;
}

function participantKeys(chat: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const list = Array.isArray(chat.participants) ? chat.participants : [];
  for (const p of list) {
    if (!isObj(p)) continue;
    const key = str(p.participantId) ?? str(p.nickname);
    if (key !== undefined) out.set(key, str(p.nickname) ?? key);
  }
  return out;
}

/** The transcript of chat `chatId`, from every record naming it. */
export async function buildTranscript(session: CaptureSession, chatId: string): Promise<TranscriptResult> {
  const tracker = session.tracker;
  const messages: Array<Extract<TranscriptLine, { kind: 'message' }>> = [];
  const states: Array<Extract<TranscriptLine, { kind: 'state' }>> = [];
  let participants = new Map<string, string>();
  const seqs = Array.from(tracker.seqsOf('chat', chatId)).filter((seq) => tracker.entryAt(seq)?.rec === 'message');
  const records = await session.readRecords(seqs);
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i];
    const view = tracker.entryAt(seq)!;
    const record = records[i];
    if (record?.kind !== 'message' || !isObj(record.data)) continue;
    const data = record.data;
    if (data.messageType === 'MessageLogUpdated') {
      for (const e of Array.isArray(data.messages) ? data.messages : []) {
        const line = isObj(e) ? messageLine(seq, e) : undefined;
        if (line) messages.push(line);
      }
    } else if (isObj(data.chat)) {
      const now = participantKeys(data.chat);
      const joined = [...now].filter(([k]) => !participants.has(k)).map(([, name]) => name);
      const left = [...participants].filter(([k]) => !now.has(k)).map(([, name]) => name);
      participants = now;
      const line: Extract<TranscriptLine, { kind: 'state' }> = { kind: 'state', seq, at: view.at, joined, left };
      const state = str(data.chat.state);
      if (state !== undefined) line.state = state;
      if (view.notificationType !== undefined) line.notificationType = clip(view.notificationType);
      states.push(line);
    }
  }
  // Sort by index, first arrival wins a repeated index; then merge states in before the first later line.
  messages.sort((a, b) => a.index - b.index || a.seq - b.seq);
  const unique = messages.filter((m, i) => i === 0 || messages[i - 1].index !== m.index);
  const lines: TranscriptLine[] = [];
  let s = 0;
  for (const m of unique) {
    while (s < states.length && states[s].seq < m.seq) lines.push(states[s++]);
    lines.push(m);
  }
  while (s < states.length) lines.push(states[s++]);
  const truncated = lines.length > MAX_LINES;
  const result: TranscriptResult = { chatId: clip(chatId), lines: truncated ? lines.slice(-MAX_LINES) : lines, truncated };
  if (session.logLocalTimes) result.clock = 'log-local';
  return result;
}
