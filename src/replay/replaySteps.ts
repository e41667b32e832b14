import { closeSync, openSync, readSync } from 'node:fs';
import { JournalDecoder, type JournalLine } from '../capture/journalReader';
import type { SnapshotRecord } from '../capture/records';
import type { ScriptStep } from '../simulator/scenarios/script';
import type { OutgoingMessage } from '../simulator/delivery';
import type { World } from '../simulator/world';
import { isObject } from '../util/jsonObject';

/**
 * A capture as a simulator scenario: every message record becomes a scripted step due at its
 * receivedAt offset from the first message, so the runner keeps the original inter-message timing
 * (scaled by speed) and order. Gaps need nothing: no records, no messages. Events and unreadable
 * lines are not replayed; the simulator's own CometD server does the meta traffic.
 * The file is read lazily and synchronously (the runner pulls steps), never held in memory.
 */

/** A replayed message, carrying the REST snapshots recorded since the previous message. */
export interface ReplayStep extends ScriptStep {
  snapshots?: SnapshotRecord[];
}

const RESOURCE_MESSAGES = [
  ['calls', 'CallStateChangeMessage', 'call', 'Released'],
  ['chats', 'ChatStateChangeMessage', 'chat', 'Completed'],
] as const;

/**
 * The journal's lines read synchronously: the scenario runner pulls steps from a timer, in the
 * simulator's own process (never the extension host).
 */
function* journalLines(file: string, chunkSize = 2 * 1024 * 1024): Generator<JournalLine> {
  const decoder = new JournalDecoder(file, {});
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(chunkSize);
      const bytesRead = readSync(fd, buf, 0, chunkSize, null);
      if (bytesRead === 0) break;
      yield* decoder.push(buf.subarray(0, bytesRead));
    }
    yield* decoder.end();
  } finally {
    closeSync(fd);
  }
}

/** Throws NotACaptureError unless `file` is an NDJSON capture (read up to its header only). */
export function assertReplayable(file: string): void {
  for (const { record } of journalLines(file, 64 * 1024)) {
    if (record.kind === 'header') return;
  }
}

/** The capture's messages as scenario steps, in file order, `at` never decreasing. */
export function* replaySteps(file: string, onError: (err: Error) => void = () => undefined): Generator<ReplayStep> {
  let t0: number | undefined;
  let last = 0;
  let snapshots: SnapshotRecord[] = [];
  try {
    for (const { record } of journalLines(file)) {
      if (record.kind === 'snapshot') snapshots.push(record);
      if (record.kind !== 'message') continue;
      const ms = Date.parse(record.receivedAt);
      if (Number.isFinite(ms)) {
        t0 ??= ms;
        last = Math.max(last, ms - t0);
      }
      const step: ReplayStep = { channel: record.channel, data: record.data, at: last };
      if (record.data === undefined) step.omitData = true;
      if (snapshots.length > 0) {
        step.snapshots = snapshots;
        snapshots = [];
      }
      yield step;
    }
  } catch (err) {
    // The runner pulls steps from a timer: a damaged or vanished file ends the replay, never the server.
    onError(err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * Applies the snapshots a replayed message carries to `user`'s REST world before the message itself:
 * listed calls and chats replace their entries, the live ones a covering snapshot omits end, listed
 * devices are upserted. Does nothing for a message without snapshots.
 */
export function applyReplayState(world: World, user: string, step: OutgoingMessage): void {
  const snapshots = (step as ReplayStep).snapshots;
  if (!snapshots) return;
  for (const snap of snapshots) {
    const failed = isObject(snap.failed) ? snap.failed : {};
    for (const [collection, messageType, field, endState] of RESOURCE_MESSAGES) {
      const list = snap[collection];
      if (!Array.isArray(list)) continue;
      const listed = new Set(list.filter(isObject).map((r) => String(r.id)));
      if (!Object.hasOwn(failed, collection)) {
        for (const live of world.list(user, collection)) {
          if (!listed.has(String(live.id))) world.apply(user, { messageType, [field]: { ...live, state: endState } });
        }
      }
      for (const item of list) world.apply(user, { messageType, [field]: item });
    }
    if (Array.isArray(snap.devices)) world.apply(user, { messageType: 'DeviceStateChangeMessage', devices: snap.devices });
  }
}
