// `npm run demo`: VS Code with the extension, connected to the embedded GWS simulator and subscribed.
// With the desktop `code` CLI on PATH it opens a VS Code window; otherwise it starts the same VS Code
// server the tests use and prints the URL to open in a browser. The demo workspace holds a
// `.gws-demo` marker: the extension activates on it and starts its demo simulator (in its own process).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './vscode/paths.mjs';

const workspace = join(PROJECT_ROOT, '.vscode-test', 'demo-workspace');
mkdirSync(workspace, { recursive: true });
writeFileSync(join(workspace, '.gws-demo'), JSON.stringify({ autoStart: true, note: 'Opening this folder starts the GWS demo simulator.' }, null, 2));

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  console.log('Opening VS Code with the extension; it starts the demo simulator and connects.');
  spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${PROJECT_ROOT}`, workspace], { stdio: 'inherit' });
  process.exit(0);
}

const { provision, checkSystemPackages } = await import('./vscode/provision.mjs');
const { startServer, serverDirs } = await import('./vscode/server.mjs');
checkSystemPackages({ forBuild: true });
await provision();
const root = mkdtempSync('/tmp/gws-demo-');
const server = await startServer({ dirs: serverDirs(root), trusted: true });
const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
const payload = [['extensionDevelopmentPath', remote(PROJECT_ROOT)], ['skipWelcome', 'true']];
const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`\nVS Code is ready (no desktop \`code\` CLI on PATH, so this is the bundled VS Code server). Open this URL in a browser on this machine:\n\n  ${url}\n`);
console.log('The GWS Notifications view connects to the demo simulator by itself. Ctrl-C to stop.');
if (process.env.GWS_DEMO_SMOKE) {
  // Used by CI-style checks: prove the server answers, then stop.
  const res = await fetch(`http://127.0.0.1:${server.port}/version`);
  console.log(`server answered ${res.status}`);
  await server.stop();
  process.exit(res.ok ? 0 : 1);
}
await new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await server.stop();
