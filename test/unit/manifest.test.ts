import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}
const extensionCode = sources(join(ROOT, 'src', 'extension')).join('\n');

/** Settings and commands stay true: manifest, code and README agree. */
describe('package.json manifest', () => {
  test('every contributed command is registered, and every registered command is contributed', () => {
    const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const registered = new Set([...extensionCode.matchAll(/(?:register|registerCommand)\(\s*'(gwsNotifications\.[\w.]+)'/g)].map((m) => m[1]));
    assert.ok(registered.size > 10, `found ${registered.size} registrations: the pattern must still match the code`);
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but not registered');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)), [], 'registered but not contributed');
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'GWS Notifications', c.command);
  });

  test('every setting the code reads is contributed', () => {
    const props = pkg.contributes.configuration.properties as Record<string, unknown>;
    const read = new Set<string>();
    for (const m of extensionCode.matchAll(/getConfiguration\('(gwsNotifications(?:\.[\w.]+)?)'\)\s*\.(?:get|inspect|update)(?:<[^>]*>)?\('([\w.]+)'/g)) read.add(`${m[1]}.${m[2]}`);
    for (const m of extensionCode.matchAll(/getConfiguration\(SECTION\)\s*\.(?:get|inspect|update)(?:<[^>]*>)?\('([\w.]+)'/g)) read.add(`gwsNotifications.${m[1]}`);
    assert.ok(read.size >= 2, `found ${[...read].join(', ')}: the pattern must still match the code`);
    assert.deepEqual([...read].filter((k) => !(k in props)), []);
  });

  test('every view, container and menu refers to something that exists', () => {
    const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, Array<{ command: string }>>)) {
      for (const item of items) assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
    }
    const containers = new Set(pkg.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id));
    for (const container of Object.keys(pkg.contributes.views)) assert.ok(containers.has(container));
  });

  test('the README command and settings tables match package.json', async () => {
    const { checkReadme } = (await import(join(ROOT, 'scripts', 'readme-tables.mjs'))) as { checkReadme: (r: string, m: unknown) => string[] };
    assert.deepEqual(checkReadme(readFileSync(join(ROOT, 'README.md'), 'utf8'), pkg), []);
  });

  test('engines and pins the real VS Code needs', () => {
    assert.equal(pkg.engines.vscode, '^1.95.0');
    assert.equal(pkg.devDependencies['@types/vscode'], '~1.95.0');
    assert.match(pkg.devDependencies['@vscode/test-electron'], /^2\.5\./);
    assert.match(pkg.devDependencies['@vscode/vsce'], /^3\./);
  });
});
