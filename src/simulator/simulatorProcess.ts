/**
 * Child-process entry (bundled to dist/simulator.js): reads SimulatorOptions as JSON from argv[2],
 * starts the simulator, announces `{"url","port"}` as one JSON line on stdout (and over IPC when
 * there is a channel), and closes on SIGTERM, SIGINT or when the parent disconnects.
 */
import { startSimulator } from './server';
import type { SimulatorOptions } from './simulatorTypes';

/** Parses the options argument; an absent argument means all defaults. */
export function parseOptions(arg: string | undefined): SimulatorOptions {
  if (arg === undefined || arg.trim() === '') return {};
  const value: unknown = JSON.parse(arg);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('options must be a JSON object');
  return value as SimulatorOptions;
}

async function main(): Promise<void> {
  const handle = await startSimulator(parseOptions(process.argv[2]));
  const announcement = { url: handle.url, port: handle.port };
  process.stdout.write(`${JSON.stringify(announcement)}\n`);
  process.send?.(announcement);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void handle.close().then(() => process.exit(0));
    // Never hang on a stuck socket.
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`simulator failed to start: ${message}\n`);
  process.send?.({ error: message });
  process.exitCode = 1;
  if (process.connected) process.disconnect();
});
