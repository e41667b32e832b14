import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BadLineRecord, MessageRecord, SnapshotRecord } from '../../../src/capture/records';
import { CREDENTIAL_KEYS, DEFAULT_REDACT_KEYS, keyMatcher, Redactor, SCRUBBED, scrubText } from '../../../src/exchange/redaction';

const SECRET = Buffer.alloc(32, 7);

function call(): MessageRecord {
  return {
    kind: 'message',
    seq: 1,
    receivedAt: '2024-05-01T10:00:00.000Z',
    channel: '/v2/me/calls',
    data: {
      messageType: 'CallStateChangeMessage',
      call: {
        id: 'C1',
        state: 'Ringing',
        ani: '5551234567',
        dnis: 7001,
        participants: [{ e164Number: '+15551234567', formattedPhoneNumber: '(555) 123-4567', phoneNumber: '5551234567', digits: '5551234567' }],
        userData: { Segment: 'Gold', Nested: { Account: 'ACC-1', list: ['a', 2, true] } },
        capabilities: ['Answer'],
      },
      phoneNumber: '',
    },
  };
}

describe('keyMatcher', () => {
  test('matches exact names case-insensitively and simple globs', () => {
    const m = keyMatcher(['phoneNumber', '*Number', 'x-csrf-*']);
    assert.ok(m('PHONENUMBER'));
    assert.ok(m('e164Number'));
    assert.ok(m('X-CSRF-Token'));
    assert.ok(!m('phone'));
    assert.ok(!m('numbers'));
  });
  test('glob metacharacters other than * are literal', () => {
    const m = keyMatcher(['a.b*']);
    assert.ok(m('a.bc'));
    assert.ok(!m('axbc'));
  });
});

describe('Redactor', () => {
  test('default keys cover phone numbers, nicknames, chat text and userData', () => {
    assert.deepEqual([...DEFAULT_REDACT_KEYS].sort(), ['ani', 'digits', 'dnis', 'e164Number', 'formattedPhoneNumber', 'nickname', 'phoneNumber', 'text', 'userData'].sort());
    assert.ok(CREDENTIAL_KEYS.includes('authorization'));
  });

  test('masks the values under masked keys, keeps keys, ids, states and empty strings, and is consistent', () => {
    const r = new Redactor({ enabled: true }, SECRET);
    const out = r.record(call());
    const c = (out.data as { call: Record<string, unknown> }).call;
    const p = (c.participants as Array<Record<string, string>>)[0];
    assert.equal(c.id, 'C1');
    assert.equal(c.state, 'Ringing');
    assert.deepEqual(c.capabilities, ['Answer']);
    assert.match(String(c.ani), /^«masked:[0-9a-f]{8}»$/);
    assert.equal(p.phoneNumber, c.ani, 'same value, same token');
    assert.equal(p.digits, c.ani);
    assert.notEqual(p.e164Number, c.ani);
    assert.match(String(c.dnis), /^«masked:/, 'numbers are masked too');
    const ud = c.userData as { Segment: string; Nested: { Account: string; list: unknown[] } };
    assert.deepEqual(Object.keys(ud), ['Segment', 'Nested']);
    assert.match(ud.Segment, /^«masked:/);
    assert.match(ud.Nested.Account, /^«masked:/);
    assert.equal(ud.Nested.list[2], true, 'booleans carry no personal data');
    assert.equal((out.data as { phoneNumber: string }).phoneNumber, '', 'empty strings stay empty');
    assert.doesNotMatch(JSON.stringify(out), /5551234567|Gold|ACC-1/);
  });

  test('a new Redactor (new key) gives different tokens; the same key gives the same', () => {
    const a = new Redactor({ enabled: true });
    const b = new Redactor({ enabled: true });
    assert.notEqual(a.token('5551234567'), b.token('5551234567'));
    assert.equal(new Redactor({ enabled: true }, SECRET).token('x'), new Redactor({ enabled: true }, SECRET).token('x'));
  });

  test('custom keys replace the defaults', () => {
    const r = new Redactor({ enabled: true, keys: ['state'] }, SECRET);
    const c = (r.record(call()).data as { call: Record<string, unknown> }).call;
    assert.match(String(c.state), /^«masked:/);
    assert.equal(c.ani, '5551234567');
  });

  test('credentials are scrubbed with masking off, including HAR-style name/value headers', () => {
    const r = new Redactor({ enabled: false });
    const data = { headers: [{ name: 'Cookie', value: 'JSESSIONID=abc' }, { name: 'Accept', value: 'json' }], Authorization: 'Basic Zm9v', nested: { 'X-CSRF-TOKEN': 't0k3n', 'set-cookie': ['a=b'] }, text: 'hello' };
    const out = r.value(data) as typeof data;
    assert.equal(out.headers[0].value, SCRUBBED);
    assert.equal(out.headers[1].value, 'json');
    assert.equal(out.Authorization, SCRUBBED);
    assert.equal(out.nested['X-CSRF-TOKEN'], SCRUBBED);
    assert.equal(out.nested['set-cookie'] as unknown, SCRUBBED);
    assert.equal(out.text, 'hello', 'masking off leaves personal data');
  });

  test('snapshots are masked; bad lines are hidden whole when masking, scrubbed otherwise', () => {
    const r = new Redactor({ enabled: true }, SECRET);
    const snap: SnapshotRecord = { kind: 'snapshot', seq: 2, at: '2024-05-01T10:00:00.000Z', calls: [{ id: 'C1', ani: '555' }], failed: { chats: 'HTTP 503' } };
    const s = r.record(snap);
    assert.match(String((s.calls![0] as { ani: string }).ani), /^«masked:/);
    assert.deepEqual(s.failed, { chats: 'HTTP 503' });
    const bad: BadLineRecord = { kind: 'bad-line', seq: 3, line: 4, reason: 'not JSON', raw: '{"phoneNumber":"555","Cookie":"JSESSIONID=x"' };
    assert.match(r.record(bad).raw, /^«masked:[0-9a-f]{8}»$/);
    const plain = new Redactor({ enabled: false }).record(bad).raw;
    assert.equal(plain, `{"phoneNumber":"555","Cookie":"${SCRUBBED}"`);
  });

  test('does not mutate its input and keeps an own __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__":{"text":"hi"},"text":"hello"}') as Record<string, unknown>;
    const copy = JSON.stringify(input);
    const out = new Redactor({ enabled: true }, SECRET).value(input) as Record<string, unknown>;
    assert.equal(JSON.stringify(input), copy);
    assert.ok(Object.hasOwn(out, '__proto__'));
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });
});

describe('scrubText', () => {
  test('replaces credential values in free text and leaves other text alone', () => {
    assert.equal(scrubText('Authorization: Basic Zm9v and more'), `Authorization: ${SCRUBBED} and more`);
    assert.equal(scrubText('"x-csrf-token":"abc","a":1'), `"x-csrf-token":"${SCRUBBED}","a":1`);
    assert.equal(scrubText('nothing here'), 'nothing here');
  });
});
