import { readFileSync } from 'node:fs';
import { startSimulator } from '../simulator/server';
import type { ScenarioName, SimulatorUser } from '../simulator/simulatorTypes';
import { untilStopped } from './untilStopped';

export interface SimCommandOptions {
  port: number;
  host: string;
  scenario: ScenarioName;
  rate: number;
  count: number;
  resources: number;
  seed: number;
  speed: number;
  loop: boolean;
  users: string;
  csrfNotifications: boolean;
  tlsCert?: string;
  tlsKey?: string;
}

/** Parses `user:password,user2:password2`. */
export function parseUsers(text: string): SimulatorUser[] {
  return text.split(',').map((pair) => {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new Error(`--users expects user:password pairs, got "${pair}"`);
    return { user: pair.slice(0, colon), password: pair.slice(colon + 1) };
  });
}

/** `gws-notify sim`: runs until SIGINT/SIGTERM. */
export async function runSim(o: SimCommandOptions): Promise<number> {
  if (Boolean(o.tlsCert) !== Boolean(o.tlsKey)) {
    process.stderr.write('error: --tls-cert and --tls-key go together\n');
    return 2;
  }
  const sim = await startSimulator({
    port: o.port,
    host: o.host,
    scenario: o.scenario,
    rate: o.rate,
    count: o.count,
    resources: o.resources,
    seed: o.seed,
    speed: o.speed,
    loop: o.loop,
    users: parseUsers(o.users),
    csrfNotifications: o.csrfNotifications,
    tls: o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert), key: readFileSync(o.tlsKey) } : undefined,
  });
  process.stdout.write(`${sim.url}\n`);
  process.stderr.write(`GWS simulator (${o.scenario}) listening on ${sim.url}; users: ${parseUsers(o.users).map((u) => u.user).join(', ')}. Ctrl-C to stop.\n`);
  await untilStopped();
  await sim.close();
  return 0;
}
