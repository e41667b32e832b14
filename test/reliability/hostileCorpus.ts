/**
 * The hostile and malformed notification corpus, generated with fast-check from a fixed seed
 * (GWS_FUZZ_SEED overrides it): valid GWS-shaped messages, then the same shapes broken on purpose.
 * Each case says whether the classifier must flag it, from which key the mutation hit.
 */
import fc from 'fast-check';

/** One notification to send or import. `data` is absent when the message has no data key. */
export interface HostileCase {
  n: number;
  category: string;
  channel: string;
  hasData: boolean;
  data?: unknown;
  /** Whether the index must flag it malformed ('either': no expectation beyond "no crash"). */
  expect: 'valid' | 'malformed' | 'either';
}

/** The corpus seed. */
export const CORPUS_SEED = Number(process.env.GWS_FUZZ_SEED ?? 20240514);

/** Strings a renderer, a parser or a terminal may choke on. */
export const HOSTILE_STRINGS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<script>window.__pwned=2;alert(2)</script>',
  '"><svg onload="window.__pwned=3">',
  'javascript:window.__pwned=4',
  '{{constructor.constructor("window.__pwned=5")()}}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '\u202Eevil\u202C', 'zero\u200Bwidth\u200D', 'nul\u0000byte', 'Z\u0324\u0354\u0367\u0311a\u0308', '👩‍👩‍👧🇫🇷',
  '\uD800', '\uDFFF', 'a\uDC00b', '', ' ', '\n\r\t', '%s%n%x', '../../etc/passwd', '\u001b[31mred\u001b[0m',
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Any text: graphemes, raw UTF-16 units with lone surrogates, or a known-hostile string. */
export const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 3 }),
  fc.constantFrom(...HOSTILE_STRINGS),
);
const idArb = fc.oneof(fc.stringMatching(/^[0-9A-Z]{8,32}$/), textArb.filter((s) => s !== ''), fc.constantFrom('__proto__', 'constructor', 'prototype'));
const safeIdArb = fc.stringMatching(/^[0-9A-Za-z]{4,16}$/);
const stateArb = fc.oneof(fc.constantFrom('Ringing', 'Established', 'Held', 'Released', 'Dialing', 'Invited', 'Chatting', 'Completed', 'Ready', 'NotReady'), textArb);
const userDataArb = fc.dictionary(textArb, fc.oneof(textArb, fc.integer(), fc.boolean()), { maxKeys: 4 });
const participantArb = fc.record({ nickname: textArb, type: fc.constantFrom('Customer', 'Agent', 'Supervisor', 'Bot'), participantId: textArb, phoneNumber: textArb });

const callArb = fc.record({
  messageType: fc.constant('CallStateChangeMessage'),
  notificationType: fc.constantFrom('StatusChange', 'ParticipantsUpdated', 'AttachedDataChanged', 'DtmfSent', 'CallRecordingStateChange'),
  call: fc.record({ id: idArb, state: stateArb, callType: fc.constantFrom('Inbound', 'Outbound', 'Consult'), participants: fc.array(participantArb, { maxLength: 3 }), capabilities: fc.array(textArb, { maxLength: 4 }), userData: userDataArb }),
});
const deviceArb = fc.record({
  messageType: fc.constant('DeviceStateChangeMessage'),
  devices: fc.array(fc.record({ id: idArb, deviceState: fc.constantFrom('Active', 'Inactive'), userState: fc.record({ state: stateArb }), phoneNumber: textArb }), { minLength: 1, maxLength: 3 }),
});
const chatArb = fc.record({
  messageType: fc.constant('ChatStateChangeMessage'),
  notificationType: fc.constantFrom('StatusChange', 'ParticipantsUpdated', 'PropertiesUpdated'),
  chat: fc.record({ id: idArb, state: stateArb, participants: fc.array(participantArb, { maxLength: 3 }), userData: userDataArb }),
  referenceId: fc.integer(),
});
/** Transcript indexes out of order, duplicated, negative, huge or not numbers at all. */
const indexArb = fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constant(1e308), fc.constant('7'), fc.constant(null));
const chatLogArb = fc.record({
  messageType: fc.constant('MessageLogUpdated'),
  notificationType: fc.constant('NewMessages'),
  chatUri: safeIdArb.map((id) => `http://gws.example/api/v2/chats/${id}`),
  messages: fc.array(fc.record({ index: indexArb, type: fc.constantFrom('Text', 'TypingStarted', 'ParticipantJoined'), text: textArb, from: participantArb, timestampSeconds: fc.integer() }), { maxLength: 5 }),
});
const errorArb = fc.record({ messageType: fc.constant('ErrorMessage'), errorMessage: textArb, deviceUri: safeIdArb.map((id) => `http://gws.example/api/v2/devices/${id}`), calluri: safeIdArb.map((id) => `http://gws.example/api/v2/me/calls/${id}`) });

type Template = { channel: string; data: Record<string, unknown> };
const templateArb: fc.Arbitrary<Template> = fc.oneof(
  callArb.map((data) => ({ channel: '/v2/me/calls', data })),
  deviceArb.map((data) => ({ channel: '/v2/me/devices', data })),
  chatArb.map((data) => ({ channel: '/v2/me/chats', data })),
  chatLogArb.map((data) => ({ channel: '/v2/me/chats', data })),
  errorArb.map((data) => ({ channel: '/v2/me/calls', data })),
);

type Path = Array<string | number>;
/** Every path in a JSON value, the root ([]) included. */
function paths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) out.push(...paths((value as Record<string, unknown>)[k], [...prefix, k]));
  return out;
}

const typeClass = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const validId = (v: unknown): boolean => (typeof v === 'string' && v !== '') || (typeof v === 'number' && Number.isFinite(v));
const isObj = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether putting `value` at `path` (undefined: deleting it) breaks a key field of `template`. */
function breaksKey(template: Record<string, unknown>, path: Path, value: unknown): boolean {
  const [a, b, c] = path;
  if (path.length === 0) return !isObj(value);
  if (path.length === 1 && a === 'messageType') return typeof value !== 'string';
  switch (template.messageType) {
    case 'CallStateChangeMessage':
      return a === 'call' && ((path.length === 1 && !isObj(value)) || (path.length === 2 && b === 'id' && !validId(value)));
    case 'ChatStateChangeMessage':
      return a === 'chat' && ((path.length === 1 && !isObj(value)) || (path.length === 2 && b === 'id' && !validId(value)));
    case 'DeviceStateChangeMessage':
      if (a !== 'devices') return false;
      if (path.length === 1) return !Array.isArray(value) || value.length === 0;
      return (path.length === 2 && !isObj(value)) || (path.length === 3 && c === 'id' && !validId(value));
    case 'MessageLogUpdated':
      return path.length === 1 && a === 'chatUri';
    default:
      return false;
  }
}

/** A copy of `root` with `value` at `path` (deleted when `value` is undefined); the root itself for []. */
function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(root)) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

/** An own property, set so that `__proto__` stays a key and never becomes the prototype. */
function withOwn(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

type Draft = Omit<HostileCase, 'n'>;
const draft = (category: string, t: Template, data: unknown, expect: HostileCase['expect']): Draft => ({ category, channel: t.channel, hasData: true, data, expect });

const caseArb: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 3, arbitrary: templateArb.map((t) => draft('valid', t, t.data, 'valid')) },
  {
    weight: 5,
    arbitrary: fc.tuple(templateArb, fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([t, pick, replacement]) => {
      const all = paths(t.data);
      const path = all[pick % all.length]!;
      const old = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], t.data);
      const value = typeClass(replacement) === typeClass(old) ? (typeof old === 'string' ? 42 : 'wrong type') : replacement;
      return draft('wrong type', t, setAt(t.data, path, value), breaksKey(t.data, path, value) ? 'malformed' : 'valid');
    }),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(templateArb, fc.nat()).map(([t, pick]) => {
      const objectKeys = paths(t.data).filter((p) => p.length > 0 && typeof p[p.length - 1] === 'string');
      const path = objectKeys[pick % objectKeys.length]!;
      return draft('missing field', t, setAt(t.data, path, undefined), breaksKey(t.data, path, undefined) ? 'malformed' : 'valid');
    }),
  },
  { weight: 1, arbitrary: fc.tuple(templateArb, textArb).map(([t, type]) => draft('unknown messageType', t, { ...t.data, messageType: `X-${type}` }, 'valid')) },
  { weight: 1, arbitrary: fc.tuple(templateArb, textArb).map(([t, type]) => draft('unknown notificationType', t, { ...t.data, notificationType: type }, 'valid')) },
  { weight: 1, arbitrary: fc.tuple(templateArb, fc.dictionary(textArb, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 })).map(([t, inner]) => draft('nested data.data', t, { ...t.data, data: { data: inner } }, 'malformed')) },
  {
    weight: 2,
    arbitrary: fc.tuple(templateArb, fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.nat()).map(([t, key, pick]) => {
      const copy = JSON.parse(JSON.stringify(t.data)) as Record<string, unknown>;
      const objects = paths(copy).filter((p) => isObj(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy)));
      const target = objects[pick % objects.length]!.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string, unknown>;
      const payload = key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes', messageType: 'CallStateChangeMessage', call: { id: 'inherited', state: 'Released' } };
      withOwn(target, key, payload);
      return draft('prototype keys', t, copy, 'valid');
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).filter((v) => !isObj(v)).map((data) => ({ category: 'data not an object', channel: '/v2/me/calls', hasData: true, data, expect: 'malformed' as const })) },
);

/** Cases built by hand: sizes and shapes a generator would rarely reach. */
function fixedCases(): Draft[] {
  const call = (id: string, state: string, userData: Record<string, unknown> = {}) => ({ messageType: 'CallStateChangeMessage', notificationType: 'StatusChange', call: { id, state, userData } });
  let deep: unknown = 'bottom';
  // {channel, data:{call:{userData:{Deep: ...}}}}: the Bayeux message is 1,000 objects deep.
  for (let i = 0; i < 995; i++) deep = { d: deep };
  const out: Draft[] = [
    { category: 'no data', channel: '/v2/me/calls', hasData: false, expect: 'malformed' },
    { category: 'no data', channel: '/v2/me/chats', hasData: false, expect: 'malformed' },
    { category: 'deep 1,000 over the wire', channel: '/v2/me/calls', hasData: true, data: call('DEEP-1', 'Ringing', { Deep: deep }), expect: 'valid' },
    { category: '5 MB string', channel: '/v2/me/calls', hasData: true, data: call('BIG-1', 'Ringing', { Blob: 'x'.repeat(5 * 1024 * 1024) }), expect: 'valid' },
    { category: '5 MB string', channel: '/v2/me/calls', hasData: true, data: call('BIG-2', 'Ringing', { Blob: 'ж'.repeat(2.5 * 1024 * 1024) }), expect: 'valid' },
    { category: '5 MB string', channel: '/v2/me/chats', hasData: true, data: { messageType: 'MessageLogUpdated', chatUri: 'http://gws.example/api/v2/chats/BIGCHAT', messages: [{ index: 1, type: 'Text', text: '😈مالوري\u202E'.repeat(400_000) }] }, expect: 'valid' },
    { category: 'prototype keys', channel: '/v2/me/calls', hasData: true, data: withOwn({}, '__proto__', { messageType: 'CallStateChangeMessage', call: { id: 'inherited', state: 'Released' } }), expect: 'malformed' },
    { category: 'prototype keys', channel: '/v2/me/calls', hasData: true, data: { messageType: 'CallStateChangeMessage', call: withOwn({}, '__proto__', { id: 'inherited', state: 'Released' }) }, expect: 'malformed' },
    { category: 'prototype keys', channel: '/v2/me/calls', hasData: true, data: call('__proto__', 'Established', withOwn({ constructor: { prototype: { polluted: 'yes' } } }, '__proto__', { polluted: 'yes' })), expect: 'valid' },
  ];
  // The same ids, states in conflict, in quick succession: the last one received wins.
  for (let d = 0; d < 5; d++) {
    for (const state of ['Ringing', 'Established', 'Held', 'Established', 'Released', 'Ringing'].slice(0, 3 + d)) out.push({ category: 'duplicate ids', channel: '/v2/me/calls', hasData: true, data: call(`DUP-${d}`, state), expect: 'valid' });
  }
  return out;
}

/** At least `count` cases: the generated ones with the fixed ones spread among them. */
export function hostileCorpus(count = 1000, seed = CORPUS_SEED): HostileCase[] {
  const fixed = fixedCases();
  const generated = fc.sample(caseArb, { seed, numRuns: Math.max(0, count - fixed.length) });
  const all: Draft[] = [];
  const every = Math.max(1, Math.floor(generated.length / fixed.length));
  generated.forEach((c, i) => {
    if (i % every === 0 && fixed.length > 0) all.push(fixed.shift()!);
    all.push(c);
  });
  all.push(...fixed);
  return all.map((c, n) => ({ ...c, n }));
}

/** The state each DUP- call must end in: the last case's state, or Released once it was released. */
export function expectedFinalStates(cases: readonly HostileCase[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cases) {
    const call = (c.data as { call?: { id?: unknown; state?: unknown } } | undefined)?.call;
    // Released is final: a later message about the call is late and never changes its state.
    if (c.category === 'duplicate ids' && typeof call?.id === 'string' && typeof call.state === 'string' && out.get(call.id) !== 'Released') out.set(call.id, call.state);
  }
  return out;
}
