/**
 * Hostile webview messages for the timeline service, generated with fast-check from the corpus
 * seed: real message types with fields of the wrong type, out of range, too long or prototype
 * keys; unknown types; broken envelopes (no messageId, a reply the webview never sends). The
 * webview renders untrusted payloads, so what it posts is untrusted too.
 */
import fc from 'fast-check';
import { MAX_TEXT, WEBVIEW_EVENT_TYPES } from '../../src/timelineProtocol';
import { CORPUS_SEED, HOSTILE_STRINGS, textArb } from './hostileCorpus';

const TYPES = ['webview/ready', 'view/filter/set', 'view/scope/set', 'rows/get', 'rows/locate', 'record/get', 'diff/get', 'resource/get', 'transcript/get', ...WEBVIEW_EVENT_TYPES];

const junk = fc.oneof(
  textArb,
  fc.constant('x'.repeat(MAX_TEXT + 1)),
  fc.constantFrom(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, null, true, [], {}),
  fc.anything({ maxDepth: 2 }),
  fc.constant(JSON.parse('{"__proto__":{"polluted":1},"kind":"all","text":"x"}') as unknown),
);

/** A body of a real type with one to three fields replaced by junk, or of a hostile type. */
const bodyArb = fc.oneof(
  fc.record({ type: fc.constantFrom(...TYPES), fields: fc.dictionary(fc.constantFrom('seq', 'start', 'count', 'generation', 'filter', 'scope', 'kind', 'id', 'chatId', 'resource', 'message', 'selectedSeq', 'sessionId', 'session', 'selectedSession'), junk, { minKeys: 1, maxKeys: 3 }) }).map(({ type, fields }) => ({ type, ...fields })),
  fc.record({ type: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), textArb) }),
);

/** One raw message as the service receives it. */
export interface HostileMessage {
  raw: unknown;
  /** The messageId a reply must name, when the envelope carries a usable one and is not an event. */
  answerTo?: number;
}

/** `count` hostile messages with ids from `firstId` (some deliberately unusable). */
export function hostileRequests(count: number, firstId: number, seed = CORPUS_SEED): HostileMessage[] {
  const bodies = fc.sample(bodyArb, { seed, numRuns: count });
  return bodies.map((body, i) => {
    const messageId = firstId + i;
    const event = (WEBVIEW_EVENT_TYPES as readonly unknown[]).includes(body.type);
    switch (i % 10) {
      case 7:
        return { raw: { body } };
      case 8:
        return { raw: { messageId: -messageId, body } };
      case 9:
        return { raw: { messageId, inReplyTo: 1, body }, answerTo: event ? undefined : messageId };
      default:
        return { raw: { messageId, body }, answerTo: event ? undefined : messageId };
    }
  });
}
