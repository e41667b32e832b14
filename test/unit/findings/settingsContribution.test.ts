import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSetOption, parseSeverityOption } from '../../../src/findings/config';
import { RULES } from '../../../src/findings/ruleCatalog';
import { REPO } from '../../support/harness';

interface Schema {
  properties: Record<string, { pattern?: string; enum?: string[] }>;
}

/** The extension's findings settings (package.json) name every rule and setting of the catalogue, and what they accept the CLI's parsers accept. */
test('gwsNotifications.findings.severity and .settings match the rule catalogue and the lint parsers', () => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Schema> } } };
  const props = pkg.contributes.configuration.properties;
  const severity = props['gwsNotifications.findings.severity'];
  const settings = props['gwsNotifications.findings.settings'];
  assert.deepEqual(Object.keys(severity.properties), RULES.map((r) => r.id));
  assert.deepEqual(Object.keys(settings.properties), RULES.flatMap((r) => Object.keys(r.settings).map((s) => `${r.id}.${s}`)));
  for (const [rule, schema] of Object.entries(severity.properties)) for (const level of schema.enum!) assert.deepEqual(parseSeverityOption(`${rule}=${level}`), [rule, level]);
  for (const [key, schema] of Object.entries(settings.properties)) {
    const pattern = new RegExp(schema.pattern!);
    for (const value of ['30s', '250ms', '1.5m']) {
      assert.ok(pattern.test(value));
      assert.equal(parseSetOption(`${key}=${value}`)[0], key.split('.')[0]);
    }
    assert.ok(!pattern.test('30'), 'a bare number is refused by both');
    assert.throws(() => parseSetOption(`${key}=30`));
  }
});
