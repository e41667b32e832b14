/**
 * The GWS simulator: one HTTP(S) server carrying the REST/auth endpoints, the real CometD server
 * and the control endpoints, plus the per-user scripted scenarios.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { assertReplayable } from '../replay/replaySteps';
import { AuthStore } from './auth';
import { NOTIFICATIONS_PATH, mountCometD } from './cometdMount';
import { handleControl } from './controlApi';
import { Delivery } from './delivery';
import { handleFaultApi } from './faults/faultApi';
import { FaultControl } from './faults/faultControl';
import { pathOf, sendJson } from './http';
import { handleRest } from './restApi';
import { ScenarioHost } from './scenarios/host';
import type { SimulatorHandle, SimulatorOptions, SimulatorStatus, SimulatorUser } from './simulatorTypes';
import { World } from './world';

/** Defaults applied to every option the caller leaves out. */
export const DEFAULTS = {
  port: 8090,
  host: '127.0.0.1',
  scenario: 'demo',
  seed: 1,
  speed: 1,
  rate: 100,
  count: 0,
  resources: 10,
  loop: false,
  users: ['agent1', 'agent2', 'supervisor1'].map((user): SimulatorUser => ({ user, password: 'secret' })),
} as const;

/** Starts a simulator and resolves once it listens; `port: 0` picks a free port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const scenario = options.scenario ?? (options.replay ? 'replay' : DEFAULTS.scenario);
  if (scenario === 'replay') {
    if (!options.replay) throw new Error('the replay scenario needs options.replay.file');
    assertReplayable(options.replay.file);
  }
  const users = options.users && options.users.length > 0 ? options.users : DEFAULTS.users;
  const auth = new AuthStore(users, options.tokens);
  const world = new World();
  let baseUrl = '';
  let host: ScenarioHost | undefined;
  const delivery = new Delivery(
    (user, _channel, sessionId) => host?.onSubscribe(user, sessionId),
    (sessionId) => host?.onSessionGone(sessionId),
  );
  host = new ScenarioHost(
    {
      scenario,
      replayFile: options.replay?.file,
      seed: options.seed ?? DEFAULTS.seed,
      speed: Math.max(0, options.speed ?? DEFAULTS.speed),
      loop: options.loop ?? DEFAULTS.loop,
      rate: Math.max(0, options.rate ?? DEFAULTS.rate),
      count: Math.max(0, options.count ?? DEFAULTS.count),
      resources: Math.max(1, options.resources ?? DEFAULTS.resources),
      users: users.map((u) => u.user),
    },
    () => baseUrl,
    delivery,
    world,
  );
  const scenarios = host;
  const mount = mountCometD(auth, delivery, options.csrfNotifications ?? false, new Set(options.denyHandshakeUsers ?? []));
  const status = (): SimulatorStatus => ({ sessions: delivery.sessionCount(), scenarios: scenarios.status() });
  const restDeps = { auth, world, users: users.map((u) => u.user), seed: options.seed ?? DEFAULTS.seed, baseUrl: () => baseUrl };
  const controlDeps = { delivery, knows: (u: string) => auth.knows(u), status };
  const faults = new FaultControl({ auth, delivery, cometd: mount.cometd });
  const faultDeps = { faults, auth, delivery, cometd: mount.cometd, baseUrl: () => baseUrl };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req);
    if (path === NOTIFICATIONS_PATH || path.startsWith(`${NOTIFICATIONS_PATH}/`)) return mount.handle(req, res);
    if (await handleRest(req, res, restDeps)) return;
    if (await handleFaultApi(req, res, faultDeps)) return;
    if (await handleControl(req, res, controlDeps)) return;
    sendJson(res, 404, { statusCode: 3, statusMessage: `No such resource: ${req.method} ${path}` });
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (options.verbose) res.on('finish', () => process.stderr.write(`[sim] ${req.method} ${pathOf(req)} ${res.statusCode}\n`));
    if (faults.intercept(req, res)) return;
    route(req, res).catch((e: unknown) => {
      // A handler failure must never take the simulator down; the message carries no request data.
      process.stderr.write(`[sim] internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (!res.headersSent) sendJson(res, 500, { statusCode: 4, statusMessage: 'Internal error' });
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // The CometD sweeper timer would otherwise keep the process alive.
    mount.cometd.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `${options.tls ? 'https' : 'http'}://${urlHost(options.host ?? DEFAULTS.host)}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    status,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        scenarios.stop();
        faults.close();
        mount.cometd.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** The host part of the announced URL: wildcard addresses become loopback, IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
