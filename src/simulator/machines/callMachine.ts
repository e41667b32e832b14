/**
 * One voice call as GWS reports it: state, capabilities (derived from the state), participants and
 * attached data. Illegal transitions throw, so a scenario can never script an impossible call.
 */
import { cloneJson, type BayeuxMessage, type JsonObject } from '../bayeuxMessage';

/** States a GWS call goes through. */
export type CallState = 'Dialing' | 'Ringing' | 'Established' | 'Held' | 'Released';
/** GWS call types the simulator uses. */
export type CallType = 'Inbound' | 'Outbound' | 'Internal' | 'Consult';
/** `data.notificationType` values of CallStateChangeMessage. */
export type CallNotification =
  | 'StatusChange'
  | 'ParticipantsUpdated'
  | 'AttachedDataChanged'
  | 'DtmfSent'
  | 'CallRecordingStateChange'
  | 'MonitoredUserMutedStateChange';

/** A call participant as GWS lists it. */
export interface CallParticipant {
  e164Number: string;
  formattedPhoneNumber: string;
  phoneNumber: string;
  digits: string;
}

/** What a call needs to exist. */
export interface CallInit {
  id: string;
  /** The call's identity across parties (each party has its own id); defaults to `id`. */
  callUuid?: string;
  connId: string;
  callType: CallType;
  state: 'Dialing' | 'Ringing';
  /** Phone numbers of the other parties. */
  participants: string[];
  ani?: string;
  dnis?: string;
  userData?: JsonObject;
  /** Script time (ms) the call appeared at; durations count from here. */
  at: number;
}

/** The agent's device the call rings on. */
export interface DeviceRef {
  deviceUri: string;
  phoneNumber: string;
}

const TRANSITIONS: Record<CallState, readonly CallState[]> = {
  Dialing: ['Established', 'Released'],
  Ringing: ['Established', 'Released'],
  Established: ['Held', 'Released'],
  Held: ['Established', 'Released'],
  Released: [],
};

const DATA_CAPS = ['AttachUserData', 'UpdateUserData', 'DeleteUserData', 'DeleteUserDataPair'];

/** Whether GWS would let a call move from `from` to `to`. */
export function canTransition(from: CallState, to: CallState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The capabilities GWS advertises for a call in `state`. */
export function callCapabilities(state: CallState, callType: CallType): string[] {
  switch (state) {
    case 'Ringing':
      return ['Answer', 'Deflect', ...DATA_CAPS];
    case 'Dialing':
      return ['Hangup', ...DATA_CAPS];
    case 'Established': {
      const caps = ['UpdateUserData', 'SingleStepConference', 'DeleteUserData', 'Hangup', 'SendDtmf', 'Hold',
        'AttachUserData', 'SingleStepTransfer', 'InitiateConference', 'DeleteUserDataPair', 'InitiateTransfer'];
      return callType === 'Consult' ? [...caps, 'CompleteTransfer', 'CompleteConference'] : caps;
    }
    case 'Held':
      return ['Retrieve', 'Hangup', 'InitiateTransfer', 'InitiateConference', ...DATA_CAPS];
    case 'Released':
      return ['Complete', ...DATA_CAPS];
  }
}

/** A GWS participant entry for a phone number (internal extensions have no E.164 form). */
export function participant(number: string): CallParticipant {
  const external = /^\d{10}$/.test(number);
  return {
    e164Number: external ? `+1${number}` : '',
    formattedPhoneNumber: external ? `(${number.slice(0, 3)}) ${number.slice(3, 6)}-${number.slice(6)}` : number,
    phoneNumber: number,
    digits: number,
  };
}

/** A call's life, producing CallStateChangeMessage payloads as it changes. */
export class CallMachine {
  private current: CallState;
  private readonly parties: string[];
  private userData: JsonObject;
  private connId: string;
  private listenedIn = false;
  private monitoredMuted = false;

  constructor(
    private readonly baseUrl: string,
    private readonly device: DeviceRef,
    private readonly init: CallInit,
  ) {
    this.current = init.state;
    this.parties = [...init.participants];
    this.userData = cloneJson(init.userData ?? {});
    this.connId = init.connId;
  }

  /** The call id. */
  get id(): string {
    return this.init.id;
  }

  /** The current state. */
  get state(): CallState {
    return this.current;
  }

  /** The call's REST location. */
  get uri(): string {
    return `${this.baseUrl}/api/v2/me/calls/${this.init.id}`;
  }

  /** Moves to `to`; throws when GWS would not allow it. */
  to(to: CallState): this {
    if (!canTransition(this.current, to)) throw new Error(`call ${this.id}: illegal transition ${this.current} -> ${to}`);
    this.current = to;
    return this;
  }

  /** Adds a party (conference, consult). */
  join(number: string): this {
    if (!this.parties.includes(number)) this.parties.push(number);
    return this;
  }

  /** Removes a party. */
  leave(number: string): this {
    const i = this.parties.indexOf(number);
    if (i >= 0) this.parties.splice(i, 1);
    return this;
  }

  /** Takes another connId, as T-Server gives the call a transfer completes the main call's. */
  reconnect(connId: string): this {
    this.connId = connId;
    return this;
  }

  /** Sets `supervisorListeningIn`: a supervisor monitors this (the agent's) call. */
  listenedInBy(on: boolean): this {
    this.listenedIn = on;
    return this;
  }

  /** Sets `monitoredUserMuted` on a supervisor's monitoring call. */
  monitoredUserMuted(on: boolean): this {
    this.monitoredMuted = on;
    return this;
  }

  /** Merges keys into the attached data; a key set to `undefined` is deleted. */
  attach(patch: Record<string, unknown>): this {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete this.userData[k];
      else this.userData[k] = v;
    }
    return this;
  }

  /** The call resource as GWS serialises it at script time `at` (a fresh object every time). */
  snapshot(at: number): JsonObject {
    const { id, callType, ani, dnis } = this.init;
    return {
      id,
      state: this.current,
      callUuid: this.init.callUuid ?? id,
      connId: this.connId,
      deviceUri: this.device.deviceUri,
      participants: this.parties.map(participant),
      dnis: dnis ?? this.parties[0] ?? '',
      ...(ani !== undefined ? { ani } : {}),
      callType,
      capabilities: callCapabilities(this.current, callType),
      duration: String(Math.max(0, Math.floor((at - this.init.at) / 1000))),
      mute: 'Off',
      supervisorListeningIn: this.listenedIn,
      monitoredUserMuted: this.monitoredMuted,
      userData: cloneJson(this.userData),
      uri: this.uri,
      path: `/calls/${id}`,
    };
  }

  /** A CallStateChangeMessage about this call at script time `at`. */
  message(notificationType: CallNotification, at: number): BayeuxMessage {
    return {
      channel: '/v2/me/calls',
      data: {
        notificationType,
        call: this.snapshot(at),
        phoneNumber: this.device.phoneNumber,
        extensions: { WrapUpTime: 0, BusinessCall: 0 },
        messageType: 'CallStateChangeMessage',
      },
    };
  }
}
