import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');

test('every production dependency is reviewed in docs/DEPENDENCIES.md with its exact pin', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const doc = readFileSync(join(ROOT, 'docs', 'DEPENDENCIES.md'), 'utf8');
  const rows = new Map([...doc.matchAll(/^\| `([^`]+)` \| ([^ |]+) \|/gm)].map((m) => [m[1], m[2]]));
  assert.ok(rows.size > 0, 'the table parses');
  for (const [name, version] of Object.entries(pkg.dependencies)) {
    assert.ok(rows.has(name), `${name} is a production dependency but docs/DEPENDENCIES.md does not list it`);
    assert.equal(rows.get(name), version, `${name}: package.json pins ${version}, the doc says ${rows.get(name)}`);
    assert.match(version, /^\d+\.\d+\.\d+$/, `${name} must be pinned exactly`);
  }
  for (const name of rows.keys()) assert.ok(name in pkg.dependencies, `${name} is listed but no longer a dependency`);
});
