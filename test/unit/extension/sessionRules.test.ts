import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseLabel, defaultSession, failureShort, plural, statusSummary, uniqueLabel } from '../../../src/extension/sessionRules';
import { resolveConnectionSet, ServerConfig } from '../../../src/extension/servers/serverEntry';

describe('session labels', () => {
  test('user@host:port; a second session of the same user on the same server is #2, then #3', () => {
    const base = baseLabel('http://127.0.0.1:8090', 'agent2');
    assert.equal(base, 'agent2@127.0.0.1:8090');
    assert.equal(uniqueLabel(base, []), base);
    assert.equal(uniqueLabel(base, ['agent1@127.0.0.1:8090']), base);
    assert.equal(uniqueLabel(base, [base]), `${base} #2`);
    assert.equal(uniqueLabel(base, [base, `${base} #2`]), `${base} #3`);
    assert.equal(uniqueLabel(base, [`${base} #2`]), base, 'the first free name');
    assert.equal(baseLabel('https://gws.example.com', undefined), 'gws.example.com');
  });
});

describe('which session a command acts on', () => {
  const [a, b, c] = ['a', 'b', 'c'];
  test('the node invoked on wins; then the tree selection, then the timeline; then the only candidate; else ask', () => {
    assert.equal(defaultSession([a, b], { invokedOn: b, selected: a, timeline: a, timelineActive: true }), b);
    assert.equal(defaultSession([a, b], { selected: a, timeline: b }), a);
    assert.equal(defaultSession([a, b], { timeline: b }), b);
    assert.equal(defaultSession([a], {}), a);
    assert.equal(defaultSession([a, b], {}), undefined, 'several and nothing to go by: ask');
    assert.equal(defaultSession([], { selected: a }), undefined);
  });

  test('a view of a session defaults to the one running session among stopped ones; other commands ask', () => {
    const running = (s: string) => s === b;
    assert.equal(defaultSession([a, b, c], {}, running), b);
    assert.equal(defaultSession([a, b, c], {}), undefined);
    assert.equal(defaultSession([a, b, c], {}, () => true), undefined, 'two running: ask');
    assert.equal(defaultSession([a, b, c], { selected: c }, running), c, 'the selection still wins');
  });

  test('an active timeline panel wins over a tree selection left behind', () => {
    assert.equal(defaultSession([a, b], { selected: a, timeline: b, timelineActive: true }), b);
  });

  test('only candidates count: a selected offline capture never receives a live-only command', () => {
    assert.equal(defaultSession([a, b], { selected: c, timeline: c, timelineActive: true }), undefined);
    assert.equal(defaultSession([a], { selected: c }), a);
  });
});

describe('status bar summary', () => {
  test('one session reads as before; several are summed with a line each on hover', () => {
    assert.equal(statusSummary([{ label: 'agent1@h', state: 'connected', messages: 42, rate: 1.5 }]).text, 'GWS 42 msgs · 1.5/s');
    const many = statusSummary([
      { label: 'agent1@h', state: 'connected', messages: 10, rate: 2 },
      { label: 'agent2@h', state: 'connected', messages: 1, rate: 0.5 },
      { label: 'supervisor1@h', state: 'error', messages: 0, rate: 9, detail: 'GWS rejected the credentials' },
      { label: 'old@h', state: 'disconnected', messages: 500, rate: 0 },
    ]);
    assert.equal(many.text, 'GWS 2/3 sessions (1 failed) · 11 msgs · 2.5/s');
    assert.equal(many.worst, 'error');
    assert.deepEqual(many.tooltip.split('\n'), [
      'agent1@h: connected · 10 messages · 2.0/s',
      'agent2@h: connected · 1 message · 0.5/s',
      'supervisor1@h: error — GWS rejected the credentials · 0 messages',
      'Click for connection actions',
    ]);
  });

  test('nothing connected', () => {
    assert.equal(statusSummary([]).text, 'GWS');
    assert.equal(statusSummary([{ label: 'x', state: 'disconnected', messages: 3, rate: 0 }]).text, 'GWS disconnected');
    assert.equal(plural(1, 'message'), '1 message');
    assert.equal(plural(1200, 'message'), '1,200 messages');
  });

  test('a failed session says why in a few words', () => {
    assert.equal(failureShort('auth-failed'), 'wrong user name or password');
    assert.equal(failureShort('unreachable'), 'unreachable');
    assert.equal(failureShort('subscribe-denied'), undefined);
  });
});

describe('connection sets', () => {
  const saved: ServerConfig[] = [
    { name: 'Agent 1', url: 'http://h:1', username: 'agent1', topics: ['/v2/me/calls'], auth: 'basic', source: 'user' },
    { name: 'Agent 2', url: 'http://h:1', username: 'agent2', topics: ['/v2/me/calls'], auth: 'basic', source: 'user' },
  ];
  test('names resolve to saved servers, entries are parsed, the rest is named as a problem', () => {
    const set = resolveConnectionSet({ name: ' Transfer test ', connections: ['Agent 1', { url: 'http://h:1', username: 'supervisor1' }, 'Nobody', 42] }, saved, 'user')!;
    assert.equal(set.name, 'Transfer test');
    assert.deepEqual(set.servers.map((s) => s.username), ['agent1', 'supervisor1']);
    assert.equal(set.servers[1].source, 'user');
    assert.equal(set.problems.length, 2);
    assert.match(set.problems[0], /no saved server is named "Nobody"/);
    assert.match(set.problems[1], /connection 4/);
  });

  test('a password in a set is refused, never used', () => {
    const set = resolveConnectionSet({ name: 'bad', connections: [{ url: 'http://h:1', username: 'agent1', password: 'hunter2' }] }, saved, 'workspace')!;
    assert.deepEqual(set.servers, []);
    assert.match(set.problems[0], /secret store/);
    assert.ok(!JSON.stringify(set).includes('hunter2'));
  });

  test('not a set at all', () => {
    assert.equal(resolveConnectionSet({ connections: [] }, saved, 'user'), undefined);
    assert.equal(resolveConnectionSet('x', saved, 'user'), undefined);
    assert.deepEqual(resolveConnectionSet({ name: 'empty' }, saved, 'user')!.problems, ['it lists no connections']);
  });
});
