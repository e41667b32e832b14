import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { configFromOptions, FindingsConfigError, parseDuration, parseRuleList, parseSetOption, parseSeverityOption, settingOf, severityOf } from '../../../src/findings/config';
import { RULE_IDS } from '../../../src/findings/ruleCatalog';

describe('findings config parsers', () => {
  test('durations take ms, s and m', () => {
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('1.5m'), 90_000);
    for (const bad of ['30', '30 sec', '-1s', '1h', '', 's', '1e3s', '0x10s', '99999999m']) assert.throws(() => parseDuration(bad), FindingsConfigError, bad);
  });

  test('--set, --severity and --rule, with clear errors', () => {
    assert.deepEqual(parseSetOption('stuck.ringing=45s'), ['stuck', 'ringing', 45_000]);
    assert.deepEqual(parseSeverityOption('error-message=warning'), ['error-message', 'warning']);
    assert.deepEqual([...parseRuleList('gap, drift')], ['gap', 'drift']);
    assert.throws(() => parseSetOption('stuck.ringing'), /--set takes <rule>.<setting>=<value>/);
    assert.throws(() => parseSetOption('stuck.bogus=1s'), /rule stuck has no setting "bogus"; its settings: dialing, ringing, held, chat/);
    assert.throws(() => parseSetOption('gap.window=1s'), /rule gap has no setting "window" \(it has none\)/);
    assert.throws(() => parseSetOption('stuck.__proto__=1s'), /no setting "__proto__"/);
    assert.throws(() => parseSeverityOption('nope=error'), /unknown rule "nope" in --severity; rules: no-effect, operation-failed, after-end, /);
    assert.throws(() => parseSeverityOption('gap=fatal'), /"fatal" is not one of error, warning, info, off/);
    assert.throws(() => parseRuleList(' , '), /at least one rule/);
    const config = configFromOptions({ rule: 'stuck,gap', set: ['stuck.held=1m', 'stuck.held=2m'], severity: ['gap=off'] });
    assert.equal(settingOf(config, 'stuck', 'held'), 120_000, 'the later --set wins');
    assert.equal(settingOf(config, 'stuck', 'ringing'), 30_000);
    assert.equal(severityOf(config, 'gap'), 'off');
    assert.equal(severityOf(config, 'drift'), 'off', 'not in --rule');
    assert.equal(severityOf(config, 'stuck'), 'warning');
  });

  test('fuzz: every parser either returns a valid value or throws FindingsConfigError, never anything else', () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[a-z-]{0,20}\.[a-z_]{0,10}=[0-9.]{0,6}(ms|s|m|h)?$/), fc.stringMatching(/^[0-9.]{0,8}(ms|s|m|)$/));
    fc.assert(
      fc.property(text, (s) => {
        for (const parse of [parseDuration, parseSetOption, parseSeverityOption, parseRuleList] as Array<(t: string) => unknown>) {
          try {
            const v = parse(s);
            if (parse === parseDuration) assert.ok(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 7 * 24 * 3600 * 1000);
            if (parse === parseSetOption) assert.ok(RULE_IDS.includes((v as [string])[0] as never));
          } catch (err) {
            assert.ok(err instanceof FindingsConfigError, `${String(err)} for ${JSON.stringify(s)}`);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('fuzz: a duration written back from its milliseconds parses to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 * 24 * 3600 * 1000 }), fc.constantFrom('ms', 's', 'm'), (ms, unit) => {
        const scale = { ms: 1, s: 1000, m: 60_000 }[unit];
        const written = `${ms / scale}${unit}`;
        if (/e/.test(written)) return;
        assert.equal(parseDuration(written), ms);
      }),
    );
  });
});
