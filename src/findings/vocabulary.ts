import { CALL_STATES, CHAT_STATES } from '../model/gwsTypes';

/**
 * The vocabulary the GWS reference pages list (docs/gws): message types, notification types per
 * message type, and states. Values outside it are what `unknown-value` reports, for information:
 * real servers send some (a device `userState.state` of `LoggedIn`).
 */

export const MESSAGE_TYPES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['CallStateChangeMessage', new Set(['StatusChange', 'ParticipantsUpdated', 'AttachedDataChanged', 'DtmfSent', 'CallRecordingStateChange', 'MonitoredUserMutedStateChange'])],
  ['DeviceStateChangeMessage', new Set<string>()],
  ['ErrorMessage', new Set<string>()],
  ['ChatStateChangeMessage', new Set(['StatusChange', 'ParticipantsUpdated', 'PropertiesUpdated', 'Error'])],
  ['MessageLogUpdated', new Set(['NewMessages'])],
]);

/** States by resource kind; a device's is `userState.state`. */
export const STATES: Readonly<Record<'call' | 'chat' | 'device', ReadonlySet<string>>> = {
  call: new Set(CALL_STATES),
  chat: new Set(CHAT_STATES),
  device: new Set(['Ready', 'NotReady']),
};
