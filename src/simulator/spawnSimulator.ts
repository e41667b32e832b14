import { ChildProcess, fork } from 'node:child_process';
import type { SimulatorOptions } from './simulatorTypes';

/** A simulator running in its own process (dist/simulator.js). */
export interface SimulatorProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves when the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Forks the bundled simulator and waits for it to announce its URL. The simulator never runs on
 * the caller's thread: in VS Code that thread is the shared extension host.
 */
export function spawnSimulator(script: string, options: SimulatorOptions, timeoutMs = 15_000): Promise<SimulatorProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  const child = fork(script, [JSON.stringify(options)], { execPath: process.execPath, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'], execArgv: [] });
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the simulator did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited before it started (${signal ?? `exit code ${code}`})`));
    });
    child.on('message', (m: unknown) => {
      if (!m || typeof m !== 'object' || typeof (m as { url?: unknown }).url !== 'string') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { url, port } = m as { url: string; port: number };
      resolve({
        url,
        port,
        child,
        stop: (stopTimeout = 3000) => stopChild(child, stopTimeout),
      });
    });
  });
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
