/**
 * The `interactive` scenario: one agent's desk that only operations change. A call rings every
 * 20 s (scaled by speed) and is abandoned when nobody answers it within 60 s; one chat is invited
 * at the start. Everything else happens because an operation asked for it (deskOperations.ts).
 */
import { CallMachine, type CallType, type DeviceRef } from '../machines/callMachine';
import { ChatMachine, type ChatParticipant } from '../machines/chatMachine';
import { DeviceMachine } from '../machines/deviceMachine';
import type { BayeuxMessage } from '../bayeuxMessage';
import { callIdFrom, chatIdFrom, connIdFrom, createRng, participantIdFrom, type Rng } from '../rng';
import { runSeed, userProfile, type ScenarioContext } from '../scenarios/script';

/** Real-time intervals at speed 1. */
export const RING_EVERY_MS = 20_000;
export const ABANDON_AFTER_MS = 60_000;
/** How long after the REST answer GWS publishes an operation's effect (0.1–0.3 s in real traffic). */
export const EFFECT_DELAY_MS = 100;

/** A call on the desk, and the call it consults from. */
export interface DeskCall {
  machine: CallMachine;
  type: CallType;
  parent?: string;
  abandon?: NodeJS.Timeout;
}

/** One user's desk; `publish` hands notifications to the user's sessions and REST world. */
export class Desk {
  readonly device: DeviceMachine;
  readonly deviceRef: DeviceRef;
  readonly calls = new Map<string, DeskCall>();
  readonly chats = new Map<string, ChatMachine>();
  readonly agent: ChatParticipant;
  delivered = 0;
  started = false;
  /** Never done: the desk runs until the simulator stops. */
  readonly done = false;
  private readonly rng: Rng;
  private readonly timers = new Set<NodeJS.Timeout>();
  private ringer: NodeJS.Timeout | undefined;
  private readonly startedAt = performance.now();
  private nextReference = 1;
  private stopped = false;

  constructor(
    private readonly ctx: ScenarioContext,
    private readonly speed: number,
    private readonly publishTo: (messages: readonly BayeuxMessage[]) => void,
  ) {
    this.rng = createRng(runSeed(ctx, 'interactive'));
    const p = userProfile(ctx.user, ctx.userIndex, ctx.seed);
    this.device = new DeviceMachine(ctx.baseUrl, { id: p.deviceId, phoneNumber: p.phoneNumber, voiceEnvironmentId: p.voiceEnvironmentId });
    this.device.setAgentState('NotReady');
    this.deviceRef = { deviceUri: this.device.uri, phoneNumber: p.phoneNumber };
    this.agent = { nickname: ctx.user, type: 'Agent', participantId: participantIdFrom(this.rng) };
  }

  /** Real milliseconds for `ms` at speed 1 (speed 0 counts as 1: nothing here is a burst). */
  scaled(ms: number): number {
    return ms / (this.speed > 0 ? this.speed : 1);
  }

  /** Script time now (ms since the desk was made), for call durations. */
  get now(): number {
    return performance.now() - this.startedAt;
  }

  /** Publishes the device, one ringing call and one invited chat, then rings on a timer. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.publish([this.device.message()]);
    this.ring();
    this.invite();
    this.ringer = setInterval(() => this.ring(), this.scaled(RING_EVERY_MS));
  }

  /** Stops every timer for good. */
  stop(): void {
    this.stopped = true;
    if (this.ringer) clearInterval(this.ringer);
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.calls.values()) if (c.abandon) clearTimeout(c.abandon);
    this.timers.clear();
  }

  /** Hands messages to the user's sessions now. */
  publish(messages: readonly BayeuxMessage[]): void {
    if (this.stopped || messages.length === 0) return;
    this.delivered += messages.length;
    this.publishTo(messages);
  }

  /** Publishes what `build` makes after the effect delay (the REST answer goes first). */
  later(build: () => BayeuxMessage[], delayMs = EFFECT_DELAY_MS): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) return;
      // The resource may have moved since the answer (abandoned, answered twice): then nothing happens.
      let messages: BayeuxMessage[];
      try {
        messages = build();
      } catch {
        return;
      }
      this.publish(messages);
    }, this.scaled(delayMs));
    this.timers.add(t);
  }

  /** The next referenceId chat operations return (a positive integer, per desk). */
  reference(): number {
    return this.nextReference++;
  }

  /** Adds a call in `state` and returns it; Ringing calls are abandoned if nobody answers. */
  addCall(type: CallType, state: 'Ringing' | 'Dialing', party: string, parent?: string): DeskCall {
    const machine = new CallMachine(this.ctx.baseUrl, this.deviceRef, {
      id: callIdFrom(this.rng), connId: connIdFrom(this.rng), callType: type, state, participants: [party], at: this.now,
      ...(type === 'Inbound' ? { ani: party, dnis: this.deviceRef.phoneNumber } : {}),
    });
    const call: DeskCall = { machine, type, ...(parent !== undefined ? { parent } : {}) };
    this.calls.set(machine.id, call);
    if (state === 'Ringing') {
      call.abandon = setTimeout(() => {
        if (machine.state !== 'Ringing') return;
        this.publish([this.release(call)]);
      }, this.scaled(ABANDON_AFTER_MS));
    }
    return call;
  }

  /** Releases a call and forgets it; returns its StatusChange. */
  release(call: DeskCall): BayeuxMessage {
    if (call.abandon) clearTimeout(call.abandon);
    this.calls.delete(call.machine.id);
    return call.machine.to('Released').message('StatusChange', this.now);
  }

  private ring(): void {
    const caller = String(5550000000 + Math.floor(this.rng.next() * 9_999_999));
    const call = this.addCall('Inbound', 'Ringing', caller);
    this.publish([call.machine.message('StatusChange', this.now)]);
  }

  private invite(): void {
    const customer: ChatParticipant = { nickname: 'Customer', type: 'Customer', participantId: participantIdFrom(this.rng) };
    const chat = new ChatMachine(this.ctx.baseUrl, chatIdFrom(this.rng), [customer, this.agent]);
    this.chats.set(chat.id, chat);
    this.publish([chat.stateMessage('StatusChange', 0)]);
  }
}
