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
}

/** The compact facts extracted from one message, enough for the index, tree and summary. */
export interface Classification {
  messageType?: string;
  notificationType?: string;
  referenceId?: string | number;
  /** Set when the message is not a well-formed GWS notification; the reason says why. */
  malformed?: string;
  refs: ResourceRef[];
}
