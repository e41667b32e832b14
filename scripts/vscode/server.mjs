// Starts and stops the VS Code server (code-server's bundled server-main.js under Node 24) for one run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { NODE_BIN, SERVER_MAIN } from './paths.mjs';

/** Process groups still running; killed when our process exits, however it exits. */
const liveGroups = new Set();
const killAll = () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
};
process.on('exit', killAll);
// The server runs in its own process group, so a Ctrl-C or CI cancel would not reach it: kill it, then
// let the signal do what it would have done.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/** Sends `signal` to the process group led by `pid` (the server and its extension host, watchers, ptys). */
function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The server's environment: ours plus `extra`, minus variables that would confuse a nested VS Code
 *  or a Node 24 child (a Node 20 NODE_OPTIONS such as `--import tsx`). */
function serverEnv(tmpDir, extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmpDir, ...extra };
}

/** The folders one server uses, all under `root` (kept short: unix socket paths must stay <= 107 bytes). */
export function serverDirs(root) {
  const dirs = { user: join(root, 'u'), server: join(root, 's'), extensions: join(root, 'e'), tmp: join(root, 't') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}

/** Common flags: data dirs and the switches that keep the server offline and quiet. */
function dirFlags(dirs) {
  return ['--user-data-dir', dirs.user, '--server-data-dir', dirs.server, '--extensions-dir', dirs.extensions];
}

/** Installs a .vsix into the run's extensions dir with the server's own CLI; throws with its output. */
export function installExtension(vsix, dirs) {
  const args = [SERVER_MAIN, ...dirFlags(dirs), '--accept-server-license-terms', '--install-extension', vsix, '--force'];
  const out = spawnSync(NODE_BIN, args, { env: serverEnv(dirs.tmp, {}), encoding: 'utf8', timeout: 120_000 });
  const text = `${out.stdout ?? ''}${out.stderr ?? ''}`.trim();
  if (out.status !== 0) throw new Error(`--install-extension ${vsix} exited ${out.status}: ${text}`);
  return text;
}

/** Polls the server's HTTP root until it answers, the process dies, or `timeoutMs` passes. */
async function waitUntilServing(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`VS Code server did not answer on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts the server on a free port with its folders under `dirs`; resolves once it answers HTTP.
 * `trusted: false` leaves workspace trust on (for restricted-mode runs). `env` reaches the extension host.
 * Returns { port, pid, output(), stop() }; stop() kills the whole process group.
 */
export async function startServer({ dirs, trusted = true, env = {}, onLine = () => {}, startTimeoutMs = 60_000 }) {
  const port = await freePort();
  const args = [
    SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry',
    ...(trusted ? ['--disable-workspace-trust'] : []), ...dirFlags(dirs),
  ];
  const child = spawn(NODE_BIN, args, { env: serverEnv(dirs.tmp, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  const lines = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 400) lines.shift();
      onLine(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const stop = async () => {
    if (!liveGroups.has(child.pid)) return;
    killGroup(child.pid, 'SIGTERM');
    const exited = new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    killGroup(child.pid, 'SIGKILL'); // the extension host and watchers may outlive the server
    liveGroups.delete(child.pid);
  };
  try {
    await waitUntilServing(port, child, startTimeoutMs);
  } catch (err) {
    await stop();
    throw new Error(`${err.message}\n--- server output ---\n${lines.join('\n')}`);
  }
  return { port, pid: child.pid, output: () => lines.join('\n'), stop };
}
