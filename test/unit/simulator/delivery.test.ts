import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { channelMatches } from '../../../src/simulator/delivery';
import { isUserChannel } from '../../../src/simulator/cometdMount';

describe('channelMatches', () => {
  const cases: Array<[string, string, boolean]> = [
    ['/v2/me/calls', '/v2/me/calls', true],
    ['/v2/me/calls', '/v2/me/chats', false],
    ['/v2/me/calls', '/v2/me/calls/x', false],
    ['/v2/me/*', '/v2/me/calls', true],
    ['/v2/me/*', '/v2/me/calls/x', false],
    ['/v2/me/*', '/v2/me', false],
    ['/v2/me/*', '/v2/me/', false],
    ['/v2/me/**', '/v2/me/calls', true],
    ['/v2/me/**', '/v2/me/calls/x/y', true],
    ['/v2/me/**', '/v2/me', false],
    ['/v2/me/**', '/v2/mex/calls', false],
    ['/v2/*/calls', '/v2/me/calls', true],
    ['/v2/*/calls', '/v2/me/chats', false],
    ['/**', '/anything/at/all', true],
    ['/*', '/v2', true],
    ['/*', '/v2/me', false],
  ];
  for (const [pattern, channel, expected] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${channel}`, () => {
      assert.equal(channelMatches(pattern, channel), expected);
    });
  }
});

describe('isUserChannel', () => {
  test('accepts topics under /v2/me only', () => {
    for (const ok of ['/v2/me/calls', '/v2/me/*', '/v2/me/**', '/v2/me/calls/sub']) assert.equal(isUserChannel(ok), true, ok);
    for (const bad of ['/foo', '/v2/me', '/v2/me/', '/v2/mex/calls', '/v2/users/calls', '/meta/connect']) assert.equal(isUserChannel(bad), false, bad);
  });
});
