/**
 * Starts each user's scenario at that user's first successful subscription (after a short settle
 * delay so the client's batch of subscribes lands first) and reports every user's progress.
 */
import { applyReplayState, replaySteps } from '../../replay/replaySteps';
import type { Delivery } from '../delivery';
import type { ScenarioName, ScenarioStatus } from '../simulatorTypes';
import type { World } from '../world';
import { hashString } from '../rng';
import { ServerMetrics } from '../serverMetrics';
import { anomalySteps } from './anomalies';
import { Desk } from '../interactive/desk';
import type { Desks } from '../interactive/operationsApi';
import { demoSteps } from './demo';
import { faultSteps } from './faults';
import { loadSteps, type LoadOptions } from './load';
import { ScenarioRunner } from './runner';
import { teamSteps } from './team';
import type { ScenarioContext, ScriptStep } from './script';

/** Real-time delay between a user's first subscription and the first scripted message. */
export const SETTLE_MS = 150;

/** What the host needs to know to play scenarios. */
export interface HostOptions extends LoadOptions {
  scenario: ScenarioName;
  seed: number;
  speed: number;
  loop: boolean;
  users: readonly string[];
  /** `replay`: the NDJSON capture to play. */
  replayFile?: string;
}

/** The steps of `scenario` for one user and iteration (empty for `none`). */
export function scenarioSteps(scenario: ScenarioName, ctx: ScenarioContext, load: LoadOptions, replayFile?: string): Iterable<ScriptStep> {
  switch (scenario) {
    case 'demo':
      return demoSteps(ctx);
    case 'faults':
      return faultSteps(ctx);
    case 'team':
      return teamSteps(ctx);
    case 'anomalies':
      return anomalySteps(ctx);
    case 'load':
      return loadSteps(ctx, load);
    case 'none':
    case 'interactive':
      return [];
    case 'replay':
      return replayFile ? replaySteps(replayFile, (e) => process.stderr.write(`[sim] replay of ${replayFile} stopped: ${e.message}\n`)) : [];
  }
}

/**
 * Owns one runner per user, except for `replay`, where each client session gets its own replay
 * from its first subscription (two clients pointed at one replay both see it from the start).
 */
export class ScenarioHost {
  private readonly runners = new Map<string, ScenarioRunner>();
  /** Replay runners by session id, and the user's latest one (for status). */
  private readonly sessionRunners = new Map<string, ScenarioRunner>();
  private readonly latestOfUser = new Map<string, ScenarioRunner>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: HostOptions,
    private readonly baseUrl: () => string,
    private readonly delivery: Delivery,
    private readonly world: World,
    private readonly desks: Desks = new Map(),
  ) {}

  /** Called on every successful subscription; the first one per user (per session for replay) arms a scenario. */
  onSubscribe(user: string, sessionId?: string): void {
    if (this.options.scenario === 'replay' && sessionId !== undefined) {
      if (this.sessionRunners.has(sessionId)) return;
      const runner = this.createRunner(user, sessionId);
      this.sessionRunners.set(sessionId, runner);
      this.latestOfUser.set(user, runner);
      this.arm(runner);
      return;
    }
    if (this.options.scenario === 'interactive') {
      if (!this.desks.has(user)) this.openDesk(user);
      return;
    }
    if (this.runners.has(user)) return;
    const runner = this.createRunner(user);
    this.runners.set(user, runner);
    this.arm(runner);
  }

  /** A session went away: its own replay stops. */
  onSessionGone(sessionId: string): void {
    this.sessionRunners.get(sessionId)?.stop();
    this.sessionRunners.delete(sessionId);
  }

  /** The interactive desk of `user`: it starts (device, ringing call, invited chat) after the settle delay. */
  private openDesk(user: string): void {
    const userIndex = Math.max(0, this.options.users.indexOf(user));
    const ctx = { user, userIndex, baseUrl: this.baseUrl(), seed: this.options.seed, iteration: 0 };
    const metrics = new ServerMetrics(hashString(user) ^ this.options.seed);
    const desk = new Desk(ctx, this.options.speed, (messages) => {
      for (const m of messages) this.world.apply(user, m.data);
      this.delivery.deliverMany(user, messages.map((m) => metrics.stamp(m)));
    });
    this.desks.set(user, desk);
    this.arm(desk);
  }

  private arm(runner: { start(): void }): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      runner.start();
    }, SETTLE_MS);
    this.timers.add(timer);
  }

  /** Per-user progress, one entry per configured account. */
  status(): ScenarioStatus[] {
    return this.options.users.map((user) => {
      const r = this.runners.get(user) ?? this.latestOfUser.get(user) ?? this.desks.get(user);
      return { user, scenario: this.options.scenario, started: r?.started ?? false, done: r?.done ?? false, delivered: r?.delivered ?? 0 };
    });
  }

  /** Stops every runner and pending start. */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const r of this.runners.values()) r.stop();
    for (const r of this.sessionRunners.values()) r.stop();
    for (const d of this.desks.values()) d.stop();
  }

  private createRunner(user: string, sessionId?: string): ScenarioRunner {
    const { scenario, seed, speed, loop, rate, count, resources } = this.options;
    const userIndex = Math.max(0, this.options.users.indexOf(user));
    const isLoad = scenario === 'load';
    // A replay carries its capture's own metrics; `load` stays the bare stream the ingest benches measure.
    const metrics = isLoad || scenario === 'replay' ? undefined : new ServerMetrics(hashString(user) ^ seed);
    return new ScenarioRunner(
      { speed: isLoad ? (rate > 0 ? 1 : 0) : speed, loop: loop && scenario !== 'none', holdWithoutSubscriber: isLoad },
      (iteration) => scenarioSteps(scenario, { user, userIndex, baseUrl: this.baseUrl(), seed, iteration, users: this.options.users }, { rate, count, resources }, this.options.replayFile),
      {
        deliver: (scripted) => {
          const messages = metrics ? scripted.map((m) => metrics.stamp(m)) : scripted;
          for (const m of messages) {
            applyReplayState(this.world, user, m);
            if (!m.omitData) this.world.apply(user, m.data);
          }
          if (sessionId !== undefined) this.delivery.deliverToSession(sessionId, messages);
          else this.delivery.deliverMany(user, messages);
        },
        pending: () => (sessionId !== undefined ? this.delivery.pendingIn(sessionId) : this.delivery.pending(user)),
        hasSubscriber: (channel) => (sessionId !== undefined ? this.delivery.sessionHasSubscriber(sessionId, channel) : this.delivery.hasSubscriber(user, channel)),
        onChange: (fn) => this.delivery.once(user, fn),
        closing: () => this.world.closingMessages(user),
      },
    );
  }
}
