import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { missingTool } from '../support/missingTool';

const BUNDLE = join(process.cwd(), 'dist', 'simulator.js');
const skip = existsSync(BUNDLE) ? false : missingTool('dist/simulator.js', 'run `npm run build` first');

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** The first stdout line of a child, parsed as JSON. */
const firstLine = (child: ChildProcess) =>
  new Promise<Record<string, unknown>>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
    });
    child.once('exit', () => reject(new Error('exited before announcing')));
  });

describe('dist/simulator.js child process', { skip }, () => {
  test('announces its URL over IPC and on stdout, serves, and exits cleanly on SIGTERM', async () => {
    const child = fork(BUNDLE, [JSON.stringify({ port: 0, scenario: 'none' })], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const viaIpc = new Promise<Record<string, unknown>>((resolve) => child.once('message', (m) => resolve(m as Record<string, unknown>)));
    const [ipc, line] = await Promise.all([viaIpc, firstLine(child)]);
    assert.deepEqual(ipc, line);
    assert.match(String(ipc.url), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ipc.url, `http://127.0.0.1:${ipc.port}`);
    const status = await fetch(`${ipc.url}/sim/status`);
    assert.equal(status.status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
  });

  test('exits when its parent disconnects the IPC channel', async () => {
    const child = fork(BUNDLE, [JSON.stringify({ port: 0, scenario: 'none' })], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    await new Promise((resolve) => child.once('message', resolve));
    child.disconnect();
    assert.equal(await exited(child), 0);
  });

  test('works without an IPC channel and stops when told', async () => {
    const child = spawn(process.execPath, [BUNDLE, JSON.stringify({ port: 0, scenario: 'demo', speed: 0 })], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await firstLine(child);
    const res = await fetch(`${line.url}/api/v2/me`, { headers: { Authorization: `Basic ${Buffer.from('agent1:secret').toString('base64')}` } });
    assert.equal(res.status, 200);
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
  });

  test('exits with status 1 and a message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [BUNDLE, JSON.stringify({ port })], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      assert.equal(await exited(child), 1);
      assert.match(stderr, /simulator failed to start: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
