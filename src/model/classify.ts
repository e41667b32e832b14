import type { Classification, ResourceRef } from './classification';
import type { SnapshotRecord } from '../capture/records';
import { isObject as isObj, own } from '../util/jsonObject';
import { shortId } from './resourceNames';
import { INDEX_FACTS, deviceOf, hashState, lastPathSegment, lastSet, stateFacts } from './indexFacts';
import { walked } from './stateHash';

export { lastPathSegment } from './indexFacts';

/**
 * Turns an untrusted, already-parsed notification payload into the compact facts the index needs.
 * Every read goes through `own()` so that `__proto__`/`constructor` keys and inherited members
 * can never be mistaken for payload fields, and nothing here throws.
 */

type Obj = Record<string, unknown>;

/** A non-empty string property. */
function ownString(obj: Obj, key: string): string | undefined {
  const v = own(obj, key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** An identifier: a non-empty string, or a finite number turned into one. */
const ownId = (obj: Obj, key: string): string | undefined => idOf(own(obj, key));
function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v !== '' ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The own property whose name equals `key` in any letter case (the docs spell `calluri` too). */
function ownAnyCase(obj: Obj, key: string): unknown {
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** The ref a call object describes, or undefined when it has no id. */
export function callRef(call: unknown, data?: Obj): ResourceRef | undefined {
  if (!isObj(call)) return undefined;
  const id = ownId(call, 'id');
  if (id === undefined) return undefined;
  const state = ownString(call, 'state');
  const label = callLabel(call) ?? (data ? ownString(data, 'dnis') ?? ownString(data, 'ani') : undefined);
  if (!INDEX_FACTS) return callBase(id, state, label);
  const hash = hashState(call);
  const capabilities = lastSet()?.canon;
  const uuid = idOf(walked.callUuid);
  // The id's own string when equal (GWS often sends the same), so the packer hashes one string.
  const callUuid = uuid === id ? id : uuid;
  const connId = idOf(walked.connId);
  const device = deviceOf(walked.deviceUri);
  // A call usually has every field: then one literal, allocated at its full size, rather than an
  // object whose property store grows key by key (most of what the facts allocated per message).
  if (state !== undefined && label !== undefined && capabilities !== undefined && callUuid !== undefined && connId !== undefined && device !== undefined) {
    return { kind: 'call', id, state, ended: state === 'Released', label, stateHash: hash, capabilities, callUuid, connId, device };
  }
  const ref = callBase(id, state, label);
  ref.stateHash = hash;
  if (capabilities !== undefined) ref.capabilities = capabilities;
  if (callUuid !== undefined) ref.callUuid = callUuid;
  if (connId !== undefined) ref.connId = connId;
  if (device !== undefined) ref.device = device;
  return ref;
}

/** A call's ref without the index facts. */
function callBase(id: string, state: string | undefined, label: string | undefined): ResourceRef {
  const ref: ResourceRef = { kind: 'call', id };
  if (state !== undefined) {
    ref.state = state;
    ref.ended = state === 'Released';
  }
  if (label !== undefined) ref.label = label;
  return ref;
}

/** First participant number, else the call's dnis/ani. */
function callLabel(call: Obj): string | undefined {
  const participants = own(call, 'participants');
  if (Array.isArray(participants)) {
    for (const p of participants) {
      if (!isObj(p)) continue;
      const n = ownString(p, 'phoneNumber') ?? ownString(p, 'digits') ?? ownString(p, 'e164Number');
      if (n !== undefined) return n;
    }
  }
  return ownString(call, 'dnis') ?? ownString(call, 'ani');
}

/** The ref a device object describes, or undefined when it has no id. */
export function deviceRef(device: unknown): ResourceRef | undefined {
  if (!isObj(device)) return undefined;
  const id = ownId(device, 'id');
  if (id === undefined) return undefined;
  const ref: ResourceRef = { kind: 'device', id };
  const userState = own(device, 'userState');
  const state = isObj(userState) ? ownString(userState, 'state') : undefined;
  if (state !== undefined) ref.state = state;
  const deviceState = ownString(device, 'deviceState');
  if (deviceState !== undefined) ref.deviceState = deviceState;
  const label = ownString(device, 'phoneNumber');
  if (label !== undefined) ref.label = label;
  if (INDEX_FACTS) stateFacts(ref, device);
  return ref;
}

/** The ref a chat object describes, or undefined when it has no id. */
export function chatRef(chat: unknown): ResourceRef | undefined {
  if (!isObj(chat)) return undefined;
  const id = ownId(chat, 'id');
  if (id === undefined) return undefined;
  const ref: ResourceRef = { kind: 'chat', id };
  const state = ownString(chat, 'state');
  if (state !== undefined) {
    ref.state = state;
    ref.ended = state === 'Completed';
  }
  const participants = own(chat, 'participants');
  if (Array.isArray(participants)) {
    const customer = participants.find((p) => isObj(p) && own(p, 'type') === 'Customer');
    const nick = isObj(customer) ? ownString(customer, 'nickname') : undefined;
    if (nick !== undefined) ref.label = nick;
  }
  if (INDEX_FACTS) stateFacts(ref, chat);
  return ref;
}

/** The catch-all resource for a payload we cannot place: its own id, else channel + type. */
function otherRef(channel: string, data: unknown, messageType: string | undefined): ResourceRef {
  const id = isObj(data) ? ownId(data, 'id') : undefined;
  return { kind: 'other', id: id ?? `${channel} ${messageType ?? '(none)'}` };
}

/** What a typed message yields: refs, or the reason its key field is missing. */
type Typed = { refs: ResourceRef[]; malformed?: string };

function classifyCall(data: Obj): Typed {
  const call = own(data, 'call');
  if (!isObj(call)) return { refs: [], malformed: 'CallStateChangeMessage without a call object' };
  const ref = callRef(call, data);
  return ref ? { refs: [ref] } : { refs: [], malformed: 'CallStateChangeMessage call without id' };
}

function classifyDevices(data: Obj): Typed {
  const devices = own(data, 'devices');
  if (!Array.isArray(devices)) return { refs: [], malformed: 'DeviceStateChangeMessage devices is not an array' };
  const refs: ResourceRef[] = [];
  let missing = -1;
  devices.forEach((d, i) => {
    const ref = deviceRef(d);
    if (ref) refs.push(ref);
    else if (missing < 0) missing = i;
  });
  if (missing >= 0) return { refs, malformed: `DeviceStateChangeMessage device without id at devices[${missing}]` };
  if (refs.length === 0) return { refs, malformed: 'DeviceStateChangeMessage with no devices' };
  return { refs };
}

function classifyChat(data: Obj): Typed {
  const chat = own(data, 'chat');
  if (!isObj(chat)) return { refs: [], malformed: 'ChatStateChangeMessage without a chat object' };
  const ref = chatRef(chat);
  return ref ? { refs: [ref] } : { refs: [], malformed: 'ChatStateChangeMessage chat without id' };
}

function classifyMessageLog(data: Obj): Typed {
  const id = lastPathSegment(own(data, 'chatUri')) ?? lastPathSegment(own(data, 'chatPath'));
  return id !== undefined ? { refs: [{ kind: 'chat', id }] } : { refs: [], malformed: 'MessageLogUpdated without chatUri' };
}

function classifyError(data: Obj): Typed {
  const links: NonNullable<ResourceRef['links']> = [];
  const device = lastPathSegment(ownAnyCase(data, 'deviceUri'));
  if (device !== undefined) links.push({ kind: 'device', id: device });
  const call = lastPathSegment(ownAnyCase(data, 'callUri'));
  if (call !== undefined) links.push({ kind: 'call', id: call });
  // The indexer replaces the empty id with the record's seq: every error is its own resource.
  const ref: ResourceRef = { kind: 'error', id: '', links, label: errorLabel(data, links) };
  return { refs: [ref] };
}

/** An error's name: its text, else its code, else what it is about (some hold only a deviceUri). */
function errorLabel(data: Obj, links: NonNullable<ResourceRef['links']>): string {
  const text = ownString(data, 'errorMessage');
  if (text !== undefined) return text;
  const code = ownId(data, 'errorCode');
  if (code !== undefined) return `errorCode ${code}`;
  const about = links[0];
  return about ? `ErrorMessage (no text) → ${about.kind} ${shortId(about.id)}` : 'ErrorMessage (no text)';
}

/** Refs and malformed reason by message type; undefined for types we do not know. */
function classifyTyped(messageType: string, data: Obj): Typed | undefined {
  switch (messageType) {
    case 'CallStateChangeMessage':
      return classifyCall(data);
    case 'DeviceStateChangeMessage':
      return classifyDevices(data);
    case 'ChatStateChangeMessage':
      return classifyChat(data);
    case 'MessageLogUpdated':
      return classifyMessageLog(data);
    case 'ErrorMessage':
      return classifyError(data);
    default:
      return undefined;
  }
}

/** Classifies one notification; never throws, whatever `data` is. Error refs carry id '' for the caller to fill. */
export function classifyMessage(channel: string, data: unknown): Classification {
  try {
    return classifyUnsafe(channel, data);
  } catch (err) {
    // Only exotic inputs (proxies, throwing getters) get here; parsed JSON never does.
    return { malformed: `unreadable payload: ${err instanceof Error ? err.message : String(err)}`, refs: [otherRef(channel, undefined, undefined)] };
  }
}

function classifyUnsafe(channel: string, data: unknown): Classification {
  if (!isObj(data)) {
    const what = data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data;
    return { malformed: `data is ${what}, not an object`, refs: [otherRef(channel, data, undefined)] };
  }
  const result: Classification = { refs: [] };
  const rawType = own(data, 'messageType');
  const messageType = typeof rawType === 'string' ? rawType : undefined;
  if (messageType !== undefined) result.messageType = messageType;
  const notificationType = own(data, 'notificationType');
  if (typeof notificationType === 'string') result.notificationType = notificationType;
  const referenceId = own(data, 'referenceId');
  if (typeof referenceId === 'string' || (typeof referenceId === 'number' && Number.isFinite(referenceId))) {
    result.referenceId = referenceId;
  }
  const reasons: string[] = [];
  if (isObj(own(data, 'data'))) reasons.push('nested data.data');
  if (rawType === undefined) reasons.push('no messageType');
  else if (messageType === undefined) reasons.push('messageType is not a string');
  const typed = messageType !== undefined ? classifyTyped(messageType, data) : undefined;
  if (typed?.malformed !== undefined) reasons.push(typed.malformed);
  result.refs = typed && typed.refs.length > 0 ? typed.refs : [otherRef(channel, data, messageType)];
  if (reasons.length > 0) result.malformed = reasons.join('; ');
  if (INDEX_FACTS) recordFacts(result, data, messageType);
  return result;
}

/** The message's GWS timing metrics, and a MessageLogUpdated's first and last transcript index. */
function recordFacts(result: Classification, data: Obj, messageType: string | undefined): void {
  const metrics = own(data, 'metrics');
  const timing = isObj(metrics) ? own(metrics, 'eventProcessing') : undefined;
  if (isObj(timing)) {
    const generated = finite(own(timing, 'serverGenerationTimestamp'));
    if (generated !== undefined) result.serverGenerationTimestamp = generated;
    const total = finite(own(timing, 'serverProcessingTimeTotalMs'));
    if (total !== undefined) result.serverProcessingTimeTotalMs = total;
  }
  const messages = messageType === 'MessageLogUpdated' ? own(data, 'messages') : undefined;
  if (!Array.isArray(messages)) return;
  const indexAt = (i: number): number | undefined => (isObj(messages[i]) ? finite(own(messages[i] as Obj, 'index')) : undefined);
  let first: number | undefined;
  let last: number | undefined;
  for (let i = 0; i < messages.length && first === undefined; i++) first = indexAt(i);
  for (let i = messages.length - 1; i >= 0 && last === undefined; i--) last = indexAt(i);
  if (first !== undefined && last !== undefined) Object.assign(result, { transcriptFirst: first, transcriptLast: last });
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The refs a REST snapshot lists, and the kinds it fully covers (fetched and not failed). */
export function classifySnapshot(rec: SnapshotRecord): { refs: ResourceRef[]; covers: Array<'call' | 'device' | 'chat'> } {
  const refs: ResourceRef[] = [];
  const covers: Array<'call' | 'device' | 'chat'> = [];
  const failed = isObj(rec.failed) ? rec.failed : {};
  const collections: Array<['call' | 'device' | 'chat', string, unknown, (item: unknown) => ResourceRef | undefined]> = [
    ['call', 'calls', rec.calls, (c) => callRef(c)],
    ['device', 'devices', rec.devices, deviceRef],
    ['chat', 'chats', rec.chats, chatRef],
  ];
  for (const [kind, key, list, toRef] of collections) {
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      const ref = toRef(item);
      if (ref) refs.push(ref);
    }
    if (!Object.hasOwn(failed, key)) covers.push(kind);
  }
  return { refs, covers };
}
