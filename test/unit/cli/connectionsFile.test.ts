import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConnectionsFileError, parseConnectionsFile, type ConnectionEntry } from '../../../src/cli/connectionsFile';

const good = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ url: 'http://127.0.0.1:8090', user: 'agent1', passwordEnv: 'PW_AGENT1', out: 'agent1.ndjson', ...over });
const parse = (doc: unknown): ConnectionEntry[] => parseConnectionsFile(JSON.stringify(doc));
const refusal = (doc: unknown): string => {
  try {
    parse(doc);
  } catch (err) {
    assert.ok(err instanceof ConnectionsFileError, `a ConnectionsFileError, not ${String(err)}`);
    return err.message;
  }
  assert.fail('accepted');
};

test('a valid file gives one entry per connection, topics only when given', () => {
  const entries = parse({ connections: [good(), good({ user: 'agent2', passwordEnv: 'PW2', out: 'b.ndjson', topics: ['/v2/me/calls', '/v2/me/**'] })] });
  assert.deepEqual(entries, [
    { url: 'http://127.0.0.1:8090', user: 'agent1', passwordEnv: 'PW_AGENT1', out: 'agent1.ndjson' },
    { url: 'http://127.0.0.1:8090', user: 'agent2', passwordEnv: 'PW2', out: 'b.ndjson', topics: ['/v2/me/calls', '/v2/me/**'] },
  ]);
});

test('a password field is refused with a message that says where the password goes', () => {
  for (const key of ['password', 'Password', 'pass_word', 'secret', 'token', 'pwd']) {
    const message = refusal({ connections: [good(), good({ [key]: 'hunter2', out: 'x.ndjson' })] });
    assert.match(message, new RegExp(`connections\\[1\\]\\.${key}: a password field is refused`));
    assert.match(message, /passwordEnv/);
    assert.doesNotMatch(message, /hunter2/, 'the secret is never echoed');
  }
  assert.match(refusal({ connections: [good({ url: 'http://agent1:hunter2@gws.example.com' })] }), /credentials in the URL are refused/);
});

test('each mistake is named by its field', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /"connections" must be a non-empty list/],
    [{ connections: [] }, /non-empty list/],
    [{ connections: [good()], extra: 1 }, /extra: unknown field/],
    [{ connections: [good({ usr: 'x' })] }, /connections\[0\]\.usr: unknown field/],
    [{ connections: [good({ url: 'gws.example.com' })] }, /connections\[0\]\.url is not a URL/],
    [{ connections: [good({ url: 'ftp://gws.example.com' })] }, /must be http or https/],
    [{ connections: [good({ user: '' })] }, /connections\[0\]\.user must be a non-empty string/],
    [{ connections: [good({ passwordEnv: 'MY VAR' })] }, /passwordEnv must name an environment variable/],
    [{ connections: [good({ topics: ['calls'] })] }, /topics\[0\] is not a valid Bayeux channel name/],
    [{ connections: [good({ topics: [] })] }, /topics must be a non-empty list/],
    [{ connections: [good(), good({ user: 'agent2' })] }, /connections\[1\]\.out: connections\[0\] writes the same file/],
    [[good()], /expected an object/],
  ];
  for (const [doc, pattern] of cases) assert.match(refusal(doc), pattern);
  assert.throws(() => parseConnectionsFile('{"connections": ['), (e) => e instanceof ConnectionsFileError && /not JSON/.test(e.message));
});

const field = fc.oneof(fc.constantFrom('url', 'user', 'passwordEnv', 'topics', 'out', 'password', '__proto__', 'constructor'), fc.string());
const value = fc.oneof(fc.string(), fc.constantFrom('http://h:1', '/v2/me/calls', 'PW', 'a.ndjson'), fc.array(fc.oneof(fc.string(), fc.constant('/v2/me/chats'))), fc.integer(), fc.constant(null));
const entryArb = fc.oneof(fc.dictionary(field, value), fc.record({ url: value, user: value, passwordEnv: value, out: value }, { requiredKeys: [] }), fc.constant(good()));

test('fuzz: any text is either refused with a ConnectionsFileError or gives entries that keep every rule', () => {
  const check = (text: string): void => {
    let entries: ConnectionEntry[];
    try {
      entries = parseConnectionsFile(text);
    } catch (err) {
      assert.ok(err instanceof ConnectionsFileError, `only ConnectionsFileError escapes, got ${String(err)}`);
      return;
    }
    const doc = JSON.parse(text) as { connections: Array<Record<string, unknown>> };
    assert.equal(entries.length, doc.connections.length);
    assert.equal(new Set(entries.map((e) => e.out)).size, entries.length);
    for (const [i, e] of entries.entries()) {
      assert.deepEqual(Object.keys(doc.connections[i]).filter((k) => /pass(word)?$|secret|token/i.test(k)), []);
      for (const key of ['url', 'user', 'passwordEnv', 'out'] as const) assert.ok(typeof e[key] === 'string' && e[key].trim() !== '');
      assert.ok(['http:', 'https:'].includes(new URL(e.url).protocol));
      assert.ok(e.topics === undefined || (e.topics.length > 0 && e.topics.every((t) => t.startsWith('/'))));
    }
  };
  fc.assert(fc.property(fc.string(), (text) => check(text)), { numRuns: 300 });
  fc.assert(fc.property(fc.jsonValue(), (doc) => check(JSON.stringify(doc))), { numRuns: 300 });
  fc.assert(fc.property(fc.array(entryArb, { maxLength: 5 }), (list) => check(JSON.stringify({ connections: list }))), { numRuns: 500 });
});
