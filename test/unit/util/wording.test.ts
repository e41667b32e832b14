import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { plural } from '../../../src/util/wording';

describe('wording', () => {
  test('plural forms: 1 message, 0 and 2 messages, irregular forms given', () => {
    assert.equal(plural(1, 'message'), '1 message');
    assert.equal(plural(0, 'message'), '0 messages');
    assert.equal(plural(2, 'message'), '2 messages');
    assert.equal(plural(12_345, 'record'), '12,345 records');
    assert.equal(plural(1, 'entry', 'entries'), '1 entry');
    assert.equal(plural(3, 'entry', 'entries'), '3 entries');
  });
});
