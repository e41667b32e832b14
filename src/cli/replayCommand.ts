import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotACaptureError } from '../capture/journalReader';
import { prepareReplayFile } from '../replay/replaySource';
import { startSimulator } from '../simulator/server';
import { parseUsers } from './simCommand';
import { untilStopped } from './untilStopped';

/** Options of `gws-notify replay`. */
export interface ReplayCommandOptions {
  port: number;
  host: string;
  /** `1`, `10`, any positive number, or `max`. */
  speed: string;
  loop: boolean;
  users: string;
  version: string;
}

/** The runner's speed for `--speed`: `max` is 0 (no waiting); else a positive number. */
export function parseSpeed(text: string): number {
  if (text === 'max') return 0;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--speed must be a positive number or "max", got "${text}"`);
  return n;
}

/** `gws-notify replay FILE`: serves the capture as a live GWS endpoint until SIGINT/SIGTERM. */
export async function runReplay(file: string, o: ReplayCommandOptions): Promise<number> {
  let temp: string | undefined;
  let speed: number;
  let users: ReturnType<typeof parseUsers>;
  try {
    speed = parseSpeed(o.speed);
    users = parseUsers(o.users);
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const prepared = await prepareReplayFile(resolve(file), { toolVersion: o.version });
    if (prepared.temporary) temp = prepared.file;
    const sim = await startSimulator({ port: o.port, host: o.host, scenario: 'replay', replay: { file: prepared.file }, speed, loop: o.loop, users });
    process.stdout.write(`${sim.url}\n`);
    process.stderr.write(
      `Replaying ${file}${prepared.from === 'ndjson' ? '' : ` (converted from ${prepared.from})`} at ${o.speed === 'max' ? 'full speed' : `speed ${speed}`}${o.loop ? ', looping' : ''} on ${sim.url}; ` +
        `each user's replay starts at its first subscription. Users: ${users.map((u) => u.user).join(', ')}. Ctrl-C to stop.\n`,
    );
    await untilStopped();
    await sim.close();
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof NotACaptureError || (err as NodeJS.ErrnoException).code === 'ENOENT' ? 2 : 1;
  } finally {
    if (temp) rmSync(temp, { force: true });
  }
}
