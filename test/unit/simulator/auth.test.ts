import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AuthStore, parseCookies } from '../../../src/simulator/auth';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const users = [{ user: 'agent1', password: 'secret' }, { user: 'agent2', password: 'p:w' }];

describe('parseCookies', () => {
  test('splits pairs, trims, keeps the first of duplicates and skips junk', () => {
    const c = parseCookies(' JSESSIONID=ABC ; BAYEUX_BROWSER=x=y; junk; JSESSIONID=other');
    assert.equal(c.get('JSESSIONID'), 'ABC');
    assert.equal(c.get('BAYEUX_BROWSER'), 'x=y');
    assert.equal(c.size, 2);
    assert.equal(parseCookies(undefined).size, 0);
  });
});

describe('AuthStore', () => {
  test('Basic auth accepts the right password only (passwords may contain colons)', () => {
    const auth = new AuthStore(users);
    assert.equal(auth.authenticate(basic('agent1', 'secret')), 'agent1');
    assert.equal(auth.authenticate(basic('agent2', 'p:w')), 'agent2');
    assert.equal(auth.authenticate(basic('agent1', 'wrong')), undefined);
    assert.equal(auth.authenticate(basic('nobody', 'secret')), undefined);
    assert.equal(auth.authenticate('Basic !!!'), undefined);
    assert.equal(auth.authenticate(undefined), undefined);
  });

  test('Bearer accepts token-<user> by default, or exactly the configured tokens', () => {
    const byDefault = new AuthStore(users);
    assert.equal(byDefault.authenticate('Bearer token-agent2'), 'agent2');
    assert.equal(byDefault.authenticate('Bearer token-nobody'), undefined);
    const custom = new AuthStore(users, { 'abc.def': 'agent1' });
    assert.equal(custom.authenticate('bearer abc.def'), 'agent1');
    assert.equal(custom.authenticate('Bearer token-agent1'), undefined);
  });

  test('a login is found again from its cookie and checks its own CSRF token', () => {
    const auth = new AuthStore(users);
    const a = auth.open('agent1');
    const b = auth.open('agent1');
    assert.notEqual(a.jsessionId, b.jsessionId);
    assert.equal(auth.fromCookie(`x=1; JSESSIONID=${a.jsessionId}`), a);
    assert.equal(auth.fromCookie('JSESSIONID=unknown'), undefined);
    assert.equal(auth.csrfValid(a, a.csrfToken), true);
    assert.equal(auth.csrfValid(a, b.csrfToken), false);
    assert.equal(auth.csrfValid(a, undefined), false);
    assert.equal(auth.csrfValid(undefined, a.csrfToken), false);
  });
});
