/** Helpers of the reliability suite: the simulator's fault control and logs, journal reading, figures. */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal } from '../../src/capture/journalReader';
import type { CaptureLine } from '../../src/capture/records';
import type { DeliveredMessage, RequestLogEntry } from '../../src/simulator/faults/deliveryLog';
import { REPO } from '../support/harness';

/** Soak variants (10× restart and the like) run their full size only with GWS_SOAK=1. */
export const SOAK = process.env.GWS_SOAK === '1';

/** POST /sim/fault; throws when the simulator refuses the fault. */
export async function fault(url: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/sim/fault`, { method: 'POST', body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`fault ${JSON.stringify(body)} refused: ${JSON.stringify(json)}`);
  return json;
}

/** POST /sim/emit of one raw message; `data` left out sends a message without data. Returns sessions reached. */
export async function emit(url: string, channel: string, data?: unknown, omitData = false): Promise<number> {
  const body = omitData ? `{"user":"agent1","channel":${JSON.stringify(channel)}}` : JSON.stringify({ user: 'agent1', channel, data });
  const res = await fetch(`${url}/sim/emit`, { method: 'POST', body });
  if (res.status !== 200) throw new Error(`emit refused: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { delivered: number }).delivered;
}

/** GET /sim/deliveries for agent1. */
export async function deliveries(url: string, user = 'agent1'): Promise<DeliveredMessage[]> {
  const res = await fetch(`${url}/sim/deliveries?user=${encodeURIComponent(user)}`);
  return ((await res.json()) as { messages: DeliveredMessage[] }).messages;
}

/** GET /sim/requests. */
export async function requests(url: string): Promise<RequestLogEntry[]> {
  const res = await fetch(`${url}/sim/requests`);
  return ((await res.json()) as { requests: RequestLogEntry[] }).requests;
}

/** Every record of a journal, in file order (header left out). */
export async function journalRecords(path: string): Promise<Exclude<CaptureLine, { kind: 'header' }>[]> {
  const out: Exclude<CaptureLine, { kind: 'header' }>[] = [];
  for await (const line of readJournal(path)) if (line.record.kind !== 'header') out.push(line.record);
  return out;
}

/** The LoadSequence a load or huge-batch message carries, or undefined. */
export function loadSeq(data: unknown): number | undefined {
  const v = (data as { call?: { userData?: { LoadSequence?: unknown } } } | null)?.call?.userData?.LoadSequence;
  return typeof v === 'number' ? v : undefined;
}

/** Prints a figure for docs/RELIABILITY.md and appends it to test-results/reliability.txt. */
export function figure(name: string, value: unknown): void {
  const line = `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
  console.log(`figure ${line}`);
  try {
    appendFileSync(join(REPO, 'test-results', 'reliability.txt'), `${new Date().toISOString()} ${line}\n`);
  } catch {
    // The figures file is a convenience; the console line is the record.
  }
}

/** Sleeps `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
