/**
 * The agent's phone device as GWS reports it on /v2/me/devices: agent state, do-not-disturb and
 * call forwarding, with capabilities derived from them.
 */
import type { BayeuxMessage, JsonObject } from '../bayeuxMessage';

/** Agent states carried in `userState.state`. */
export type AgentState = 'LoggedOut' | 'NotReady' | 'Ready';

/** Agent-state definitions as GWS names them (ids are the configured state ids). */
const USER_STATES: Record<AgentState, { id: string; displayName: string }> = {
  LoggedOut: { id: '3A5C3D5E-7F0B-4C1D-9E2F-0A1B2C3D4E5F', displayName: 'Logged Out' },
  NotReady: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready' },
  Ready: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready' },
};

/** The capabilities GWS advertises for a device in this state. */
export function deviceCapabilities(state: AgentState, doNotDisturb: boolean, forwardedTo: string | undefined): string[] {
  const agent = state === 'LoggedOut' ? ['LogIn'] : [state === 'Ready' ? 'NotReady' : 'Ready', 'LogOut', 'Dial'];
  return [
    ...agent,
    doNotDisturb ? 'DoNotDisturbOff' : 'DoNotDisturbOn',
    forwardedTo === undefined ? 'ForwardCallsOn' : 'ForwardCallsOff',
    'ListenIn',
    'Coach',
    'BargeIn',
  ];
}

/** What a device needs to exist. */
export interface DeviceInit {
  id: string;
  phoneNumber: string;
  voiceEnvironmentId: string;
}

/** A device's life, producing DeviceStateChangeMessage payloads as it changes. */
export class DeviceMachine {
  private agentState: AgentState = 'LoggedOut';
  private workMode: string | undefined;
  private dnd = false;
  private forwardedTo: string | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly init: DeviceInit,
  ) {}

  /** The device id (a UUID). */
  get id(): string {
    return this.init.id;
  }

  /** The device's REST location (what calls and errors refer to as deviceUri). */
  get uri(): string {
    return `${this.baseUrl}/api/v2/devices/${this.init.id}`;
  }

  /** The current agent state. */
  get state(): AgentState {
    return this.agentState;
  }

  /** Changes the agent state; `workMode` qualifies NotReady (e.g. AfterCallWork). */
  setAgentState(state: AgentState, workMode?: string): this {
    this.agentState = state;
    this.workMode = state === 'NotReady' ? workMode : undefined;
    return this;
  }

  /** Turns do-not-disturb on or off. */
  setDoNotDisturb(on: boolean): this {
    this.dnd = on;
    return this;
  }

  /** Forwards calls to `number`, or stops forwarding when undefined. */
  setForwarding(number: string | undefined): this {
    this.forwardedTo = number;
    return this;
  }

  /** The device resource as GWS serialises it (a fresh object every time). */
  snapshot(): JsonObject {
    const userState = {
      ...USER_STATES[this.agentState],
      state: this.agentState,
      ...(this.workMode !== undefined ? { workMode: this.workMode } : {}),
    };
    return {
      id: this.init.id,
      deviceState: 'Active',
      userState,
      phoneNumber: this.init.phoneNumber,
      e164Number: this.init.phoneNumber,
      telephonyNetwork: 'Private',
      doNotDisturb: this.dnd ? 'On' : 'Off',
      voiceEnvironmentUri: `${this.baseUrl}/api/v2/voice-environments/${this.init.voiceEnvironmentId}`,
      capabilities: deviceCapabilities(this.agentState, this.dnd, this.forwardedTo),
      ...(this.forwardedTo !== undefined ? { callForwarding: this.forwardedTo } : {}),
    };
  }

  /** A DeviceStateChangeMessage carrying this device. */
  message(): BayeuxMessage {
    return { channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices: [this.snapshot()] } };
  }

  /** An ErrorMessage about this device, optionally about one of its calls. */
  error(errorMessage: string, callUri?: string): BayeuxMessage {
    return {
      channel: callUri === undefined ? '/v2/me/devices' : '/v2/me/calls',
      data: { messageType: 'ErrorMessage', deviceUri: this.uri, ...(callUri !== undefined ? { callUri } : {}), errorMessage },
    };
  }
}
