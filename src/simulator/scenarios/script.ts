/** Building blocks shared by the scenarios: timed steps, per-user profile, deterministic seeds. */
import type { OutgoingMessage } from '../delivery';
import type { BayeuxMessage } from '../bayeuxMessage';
import { createRng, hashString, uuidFrom } from '../rng';

/** One scripted message and the script time (ms from the scenario start, at speed 1) it is due at. */
export interface ScriptStep extends OutgoingMessage {
  at: number;
}

/** What a scenario knows about the user it plays for. */
export interface ScenarioContext {
  user: string;
  /** Position of the user in the configured accounts (gives each one its own extension). */
  userIndex: number;
  /** Base URL the resources' `uri` fields point to. */
  baseUrl: string;
  seed: number;
  /** 0 for the first run, then 1, 2... when looping. */
  iteration: number;
  /** Every configured account, in order (the `team` scenario casts its parties from them). */
  users?: readonly string[];
}

/** Stable facts about a user's agent desktop. */
export interface UserProfile {
  phoneNumber: string;
  deviceId: string;
  voiceEnvironmentId: string;
  userId: string;
}

/** The profile of a user: same user and seed, same device and ids. */
export function userProfile(user: string, userIndex: number, seed: number): UserProfile {
  const rng = createRng(hashString(`profile:${user}`) ^ seed);
  return {
    phoneNumber: String(5005 + userIndex),
    deviceId: uuidFrom(rng),
    voiceEnvironmentId: uuidFrom(rng),
    userId: uuidFrom(rng).replace(/-/g, ''),
  };
}

/** The seed a scenario run draws from: differs per user and per loop iteration. */
export function runSeed(ctx: ScenarioContext, salt: string): number {
  return (hashString(`${salt}:${ctx.user}`) ^ ctx.seed ^ Math.imul(ctx.iteration, 0x9e3779b1)) >>> 0;
}

/** Accumulates steps on a script clock. */
export class Script {
  readonly steps: ScriptStep[] = [];
  private t = 0;

  /** Script time of the last step. */
  get now(): number {
    return this.t;
  }

  /** Adds the message `build` makes, `ms` after the previous step (`build` sees the step's time). */
  after(ms: number, build: (at: number) => BayeuxMessage | OutgoingMessage): this {
    this.t += ms;
    this.steps.push({ ...build(this.t), at: this.t });
    return this;
  }
}
