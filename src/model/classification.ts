import type { ResourceKind } from './gwsTypes';

/**
 * What one record says about one resource. A DeviceStateChangeMessage with three devices yields
 * three refs; a snapshot yields one per listed resource.
 */
export interface ResourceRef {
  kind: ResourceKind;
  id: string;
  /** Current state after this record (`call.state`, `chat.state`, device `userState.state`). */
  state?: string;
  /** A device's `deviceState`, kept beside its user state. */
  deviceState?: string;
  /** Phone number or nickname, for labels. */
  label?: string;
  /** True when this record ends the resource (call Released, chat Completed). */
  ended?: boolean;
  /** For errors: the resources the error names (`deviceUri`, `callUri`). */
  links?: Array<{ kind: ResourceKind; id: string }>;
  /** Calls: `callUuid`, `connId`, and the device id (last path segment of `deviceUri`). */
  callUuid?: string;
  connId?: string;
  device?: string;
  /** Calls, devices, chats with a `capabilities` list: the set, in canonical form (see capabilitySet). */
  capabilities?: string;
  /** Calls, devices, chats: 32-bit hash of the state without `metrics`/`duration`, capabilities as a set; never 0. */
  stateHash?: number;
}

/** The compact facts extracted from one message, enough for the index, tree and summary. */
export interface Classification {
  messageType?: string;
  notificationType?: string;
  referenceId?: string | number;
  /** Set when the message is not a well-formed GWS notification; the reason says why. */
  malformed?: string;
  /** `metrics.eventProcessing` of the message, when finite numbers (-1 is kept: GWS sends it). */
  serverGenerationTimestamp?: number;
  serverProcessingTimeTotalMs?: number;
  /** MessageLogUpdated: `index` of the first and last transcript message that has a finite one. */
  transcriptFirst?: number;
  transcriptLast?: number;
  refs: ResourceRef[];
}
