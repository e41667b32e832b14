/**
 * The GWS operations the debugger knows: the one table of request path, body parameters, expected
 * effect and outcome rule. The sender, the correlator, the simulator and the CLI all read it here.
 * Paths are relative to the configured base URL: a `uri` inside a payload never chooses the host.
 */

/** What an operation acts on; `voice` is the agent's voice channel, `me` the user. */
export type TargetKind = 'call' | 'chat' | 'device' | 'voice' | 'me';

/** The resource an operation is sent for (`id` is '' for `voice` and `me`). */
export interface OperationTarget {
  kind: TargetKind;
  id: string;
}

/** A body parameter beyond `operationName`; `path` is dotted (`destination.phoneNumber`). */
export interface OperationParam {
  path: string;
  type: 'string' | 'object' | 'string[]';
  required: boolean;
}

/**
 * What shows that an operation took effect, read from the index facts alone:
 * - `state`: the target (a device for `voice`) reaches `state`;
 * - `notification`: a notification of that type about the target;
 * - `newCall`: another call appears Dialing on the target's device (the target device for Dial);
 * - `completes`: the target call Released, or ParticipantsUpdated on another call of its device;
 * - `messageType`: any notification of that message type (StartContactCenterSession);
 * - `next`: the next notification about the target (Custom Request);
 * - `none`: nothing is expected beyond the answer (a read, or an imported call with no operationName).
 */
export type ExpectedEffect =
  | { kind: 'state'; state: string }
  | { kind: 'notification'; notificationType: string }
  | { kind: 'newCall' }
  | { kind: 'completes' }
  | { kind: 'messageType'; messageType: string }
  | { kind: 'next' }
  | { kind: 'none' };

/** One row of the catalogue. */
export interface CatalogueEntry {
  operation: string;
  target: TargetKind;
  method: 'POST';
  /** At least one of these is required, beyond the `required` params (CompleteTransfer). */
  oneOf?: readonly string[];
  params: readonly OperationParam[];
  effect: ExpectedEffect;
  /** Chat operations: match by the response's referenceId first (the effect is the fallback). */
  byReference: boolean;
  /** The expected effect in words, for help texts and the one-line outcome. */
  describe: string;
}

const str = (path: string, required = true): OperationParam => ({ path, type: 'string', required });
const call = (operation: string, effect: ExpectedEffect, describe: string, params: OperationParam[] = [], oneOf?: string[]): CatalogueEntry => ({
  operation, target: 'call', method: 'POST', params, effect, byReference: false, describe, ...(oneOf ? { oneOf } : {}),
});
const chat = (operation: string, effect: ExpectedEffect, describe: string, params: OperationParam[] = []): CatalogueEntry => ({
  operation, target: 'chat', method: 'POST', params, effect, byReference: true, describe,
});
const userData: OperationParam = { path: 'userData', type: 'object', required: true };
const parent = [str('parentConnId', false), str('parentCallUri', false)];

/** The catalogue, in the order. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  call('Answer', { kind: 'state', state: 'Established' }, 'that call Established'),
  call('Hold', { kind: 'state', state: 'Held' }, 'that call Held'),
  call('Retrieve', { kind: 'state', state: 'Established' }, 'that call Established'),
  call('Hangup', { kind: 'state', state: 'Released' }, 'that call Released'),
  call('SendDtmf', { kind: 'notification', notificationType: 'DtmfSent' }, 'DtmfSent on that call', [str('dtmfDigits')]),
  call('AttachUserData', { kind: 'notification', notificationType: 'AttachedDataChanged' }, 'AttachedDataChanged on that call', [userData]),
  call('UpdateUserData', { kind: 'notification', notificationType: 'AttachedDataChanged' }, 'AttachedDataChanged on that call', [userData]),
  call('DeleteUserDataPair', { kind: 'notification', notificationType: 'AttachedDataChanged' }, 'AttachedDataChanged on that call', [str('key')]),
  call('InitiateTransfer', { kind: 'newCall' }, 'a new Consult call Dialing on the same device', [str('destination.phoneNumber')]),
  call('InitiateConference', { kind: 'newCall' }, 'a new Consult call Dialing on the same device', [str('destination.phoneNumber')]),
  call('CompleteTransfer', { kind: 'completes' }, 'the consult call Released / ParticipantsUpdated on the main call', parent, ['parentConnId', 'parentCallUri']),
  call('CompleteConference', { kind: 'completes' }, 'the consult call Released / ParticipantsUpdated on the main call', parent, ['parentConnId', 'parentCallUri']),
  call('SingleStepTransfer', { kind: 'state', state: 'Released' }, 'that call Released', [str('destination.phoneNumber')]),
  { operation: 'Dial', target: 'device', method: 'POST', params: [str('destination.phoneNumber')], effect: { kind: 'newCall' }, byReference: false, describe: 'a new call Dialing on that device' },
  { operation: 'Ready', target: 'voice', method: 'POST', params: [str('reasonCode', false)], effect: { kind: 'state', state: 'Ready' }, byReference: false, describe: "the device's userState.state Ready" },
  { operation: 'NotReady', target: 'voice', method: 'POST', params: [str('reasonCode', false)], effect: { kind: 'state', state: 'NotReady' }, byReference: false, describe: "the device's userState.state NotReady" },
  chat('Accept', { kind: 'state', state: 'Chatting' }, 'by referenceId, else the chat Chatting'),
  chat('Complete', { kind: 'state', state: 'Completed' }, 'by referenceId, else the chat Completed'),
  chat('Leave', { kind: 'state', state: 'Completed' }, 'by referenceId, else the chat Completed'),
  chat('SendMessage', { kind: 'notification', notificationType: 'NewMessages' }, 'by referenceId, else a MessageLogUpdated on that chat', [str('text')]),
  {
    operation: 'StartContactCenterSession', target: 'me', method: 'POST', params: [{ path: 'channels', type: 'string[]', required: true }],
    effect: { kind: 'messageType', messageType: 'DeviceStateChangeMessage' }, byReference: false,
    describe: 'a DeviceStateChangeMessage; statusCode 7 is an error naming the failed channels',
  },
];

const BY_NAME = new Map<string, CatalogueEntry>(CATALOGUE.map((e) => [e.operation, e]));

/** The rule of anything the catalogue does not know: sent as a Custom Request. */
export const CUSTOM_RULE = 'by referenceId, else the next notification about the target';

/** The catalogue row of `operation`, or undefined: then it is a Custom Request. */
export function catalogueEntry(operation: string): CatalogueEntry | undefined {
  return BY_NAME.get(operation);
}

/**
 * Imports (HAR, WWE log) name a call that sent no `operationName` by its HTTP method (`GET`, `PUT`...):
 * such a call, or one to a path no target kind covers, expects nothing but its answer.
 */
const HTTP_METHOD = /^(?:GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE)$/;

/** The rule of a call that expects nothing beyond its answer. */
export const ANSWER_ONLY_RULE = 'an answer only (no operationName: nothing else expected)';

/** The expected effect of `operation` on a `targetKind` (`next` for a Custom Request) and whether referenceId comes first. */
export function outcomeRule(operation: string, targetKind?: string): { effect: ExpectedEffect; byReference: boolean } {
  const entry = BY_NAME.get(operation);
  if (entry) return { effect: entry.effect, byReference: entry.byReference };
  if (HTTP_METHOD.test(operation) || targetKind === 'other') return { effect: { kind: 'none' }, byReference: false };
  return { effect: { kind: 'next' }, byReference: true };
}

/** The expected effect in words (for the outcome line). */
export function describeRule(operation: string, targetKind?: string): string {
  return BY_NAME.get(operation)?.describe ?? (outcomeRule(operation, targetKind).effect.kind === 'none' ? ANSWER_ONLY_RULE : CUSTOM_RULE);
}

/** The request path (relative to the base URL) of an operation on `target`. */
export function defaultPath(operation: string, target: OperationTarget): string {
  const id = encodeURIComponent(target.id);
  switch (target.kind) {
    case 'call':
      return `/api/v2/me/calls/${id}`;
    case 'chat':
      return `/api/v2/me/chats/${id}`;
    case 'device':
      return operation === 'Dial' ? `/api/v2/me/devices/${id}/calls` : `/api/v2/me/devices/${id}`;
    case 'voice':
      return '/api/v2/me/channels/voice';
    case 'me':
      return '/api/v2/me';
  }
}

/** Catalogue operations allowed by a resource's capabilities (the catalogue's own order). */
export function knownCapabilities(target: TargetKind, capabilities: readonly string[]): CatalogueEntry[] {
  const allowed = new Set(capabilities);
  return CATALOGUE.filter((e) => e.target === target && allowed.has(e.operation));
}
