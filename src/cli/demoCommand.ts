import { spawnSimulator } from '../simulator/spawnSimulator';
import { bundlePath } from '../util/bundles';
import { runRecord } from './recordCommand';

export interface DemoOptions {
  out?: string;
  speed: number;
  duration?: number;
  /** Play the script again and again; by default it plays once and the connection stays up, idle. */
  loop?: boolean;
  version: string;
}

const DEMO_USER = 'agent1';
const DEMO_PASSWORD = 'secret';

/** `gws-notify demo`: the simulator in its own process, recorded with the live view. */
export async function runDemo(o: DemoOptions): Promise<number> {
  const sim = await spawnSimulator(bundlePath('simulator'), { port: 0, scenario: 'demo', speed: o.speed, loop: o.loop === true, users: [{ user: DEMO_USER, password: DEMO_PASSWORD }] });
  process.stderr.write(`demo simulator on ${sim.url} (user ${DEMO_USER}, password ${DEMO_PASSWORD}); recording. Ctrl-C to stop.\n`);
  // The demo password is public; it still travels the same path as a real one (never argv).
  process.env.GWS_DEMO_PASSWORD = DEMO_PASSWORD;
  try {
    return await runRecord({
      url: sim.url,
      user: DEMO_USER,
      auth: 'basic',
      passwordEnv: 'GWS_DEMO_PASSWORD',
      topics: '/v2/me/calls,/v2/me/devices,/v2/me/chats,/v2/me/emails,/v2/me/workitems',
      out: o.out,
      duration: o.duration,
      lines: true,
      summary: true,
      version: o.version,
    });
  } finally {
    await sim.stop();
  }
}
