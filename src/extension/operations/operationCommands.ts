import * as vscode from 'vscode';
import type { OperationReply } from '../../connection/ipc';
import { formatTarget, OperationInputError, buildRequest, type OperationRequest } from '../../operations/operationRequest';
import { offeredOperations } from '../../operations/resourceCapabilities';
import type { ResourceKind } from '../../model/gwsTypes';
import type { CaptureSession } from '../../session/captureSession';
import type { LiveSession } from '../../session/liveSession';
import { redactSetting, type QuickPick } from '../commands/exchangeCommands';
import type { GwsLog } from '../log';
import type { SessionChoice } from '../sessionChoice';
import { shortId } from '../tree/presentation';
import type { TreeNode } from '../tree/treeNodes';
import { askBody, type Ask } from './operationInput';

/** A modal question with buttons; in test mode, TestPrompts answers it. */
export type Confirm = (message: string, detail: string, ...buttons: string[]) => Thenable<string | undefined>;

const SEND = 'Send';
const SEND_ALWAYS = 'Send, and Never Ask for This Server';
const CUSTOM = 'Custom Request…';
/** Operations the catalogue sends: the kinds of tree item that offer Send Operation…. */
const TARGET_KINDS: readonly ResourceKind[] = ['call', 'chat', 'device'];

/** What Send Operation… acts on: a call, chat or device of a live session. */
interface Target {
  session: LiveSession;
  kind: ResourceKind;
  id: string;
}

/**
 * Send Operation…: the one command that sends GWS operations from the extension. Explicit every
 * time; refused in untrusted workspaces; the first one in a session on a server that is not the
 * embedded simulator is confirmed (gwsNotifications.operations.skipConfirmation lists the servers
 * that are not); one on an ended resource is confirmed too. The session's connection process sends
 * it and journals the request and the response.
 */
export class OperationCommands {
  private readonly confirmed = new WeakSet<LiveSession>();

  constructor(
    private readonly choice: SessionChoice,
    private readonly log: GwsLog,
    private readonly selection: () => readonly TreeNode[],
    private readonly isEmbedded: (serverUrl: string) => boolean,
    private readonly pick: QuickPick,
    private readonly ask: Ask,
    private readonly confirm: Confirm,
  ) {}

  /** Sends one operation on the resource `arg` (a tree item), else the selected one, else one picked; resolves with the reply. */
  async send(arg?: unknown): Promise<OperationReply | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Operations are off in an untrusted workspace: trust the workspace to send GWS operations.');
      return undefined;
    }
    const target = await this.target(arg);
    if (!target) return undefined;
    const { session, kind, id } = target;
    const r = session.tracker.get(kind, id);
    const name = `${kind} ${shortId(id)}`;
    if (r?.ended) {
      const answer = await this.confirm(`${name} has ended (${r.endReason ?? r.state ?? 'ended'}). Send an operation to it anyway?`, 'GWS will most likely refuse it.', SEND);
      if (answer !== SEND) return undefined;
    }
    const offered = offeredOperations(session.tracker, kind, id);
    const items = [
      ...offered.map((o) => ({ label: o.entry.operation, description: o.target.kind === 'voice' ? 'voice channel' : undefined, detail: `expects ${o.entry.describe}`, offer: o })),
      { label: CUSTOM, description: 'any operation: edit the JSON body and the path', detail: undefined, offer: undefined },
    ];
    const picked = await this.pick(items, { title: `Send Operation: ${name} on ${session.label}`, placeHolder: offered.length ? 'Operations its current capabilities allow' : 'Its capabilities name no operation the catalogue knows' });
    if (!picked) return undefined;
    const request = await this.build(picked.offer?.entry.operation, picked.offer?.target ?? { kind: kind as 'call' | 'chat' | 'device', id });
    if (!request || !(await this.confirmFirst(session, request))) return undefined;
    return this.sendNow(session, request);
  }

  private async target(arg: unknown): Promise<Target | undefined> {
    const node = (arg ?? this.selection()[0]) as TreeNode | undefined;
    if (node?.type === 'resource' && TARGET_KINDS.includes(node.kind)) return this.live(node.session, node.kind, node.resourceId);
    const session = await this.choice.chooseActive('Send Operation', arg);
    if (!session) return undefined;
    const resources = TARGET_KINDS.flatMap((k) => session.tracker.resources(k)).sort((a, b) => Number(a.ended) - Number(b.ended));
    if (resources.length === 0) {
      void vscode.window.showInformationMessage(`Send Operation: ${session.label} has no call, chat or device yet.`);
      return undefined;
    }
    const picked = await this.pick(resources.map((r) => ({ label: `${r.kind} ${shortId(r.id)}`, description: [r.state, r.label, r.ended ? 'ended' : undefined].filter(Boolean).join(' · '), r })), { title: `Send Operation on ${session.label}: which resource?` });
    return picked ? this.live(session, picked.r.kind, picked.r.id) : undefined;
  }

  private live(session: CaptureSession, kind: ResourceKind, id: string): Target | undefined {
    const live = session.kind === 'live' ? (session as LiveSession) : undefined;
    if (!live || live.state !== 'connected') {
      void vscode.window.showInformationMessage(`Send Operation needs a connected session: ${session.label} is ${live ? live.state : 'a capture file'}.`);
      return undefined;
    }
    return { session: live, kind, id };
  }

  /** The request for a catalogue operation (its parameters asked one by one) or a Custom Request. */
  private async build(operation: string | undefined, target: OperationRequest['target']): Promise<OperationRequest | undefined> {
    const input = await askBody(this.ask, operation, target);
    if (!input) return undefined;
    try {
      return buildRequest(target, input.operation, input.body, input.path);
    } catch (err) {
      if (!(err instanceof OperationInputError)) throw err;
      void vscode.window.showErrorMessage(`Send Operation: ${err.message}`);
      return undefined;
    }
  }

  /** The first operation of a session on a real server (not the embedded simulator) is confirmed. */
  private async confirmFirst(session: LiveSession, request: OperationRequest): Promise<boolean> {
    if (this.confirmed.has(session) || this.isEmbedded(session.serverUrl)) return true;
    const origin = originOf(session.serverUrl);
    const skip = vscode.workspace.getConfiguration('gwsNotifications').get<unknown>('operations.skipConfirmation');
    if (Array.isArray(skip) && skip.includes(origin)) return true;
    const answer = await this.confirm(
      `Send ${request.operation} to ${formatTarget(request.target)} on ${session.label}?`,
      `This changes a real agent's state on ${origin}. Only this session's first operation asks.`,
      SEND,
      SEND_ALWAYS,
    );
    if (answer === SEND_ALWAYS) {
      const list = Array.isArray(skip) ? skip.filter((s): s is string => typeof s === 'string') : [];
      await vscode.workspace.getConfiguration('gwsNotifications').update('operations.skipConfirmation', [...list, origin], vscode.ConfigurationTarget.Global);
    }
    if (answer !== SEND && answer !== SEND_ALWAYS) return false;
    this.confirmed.add(session);
    return true;
  }

  private async sendNow(session: LiveSession, request: OperationRequest): Promise<OperationReply | undefined> {
    const what = `${request.operation} ${formatTarget(request.target)}`;
    try {
      const reply = await session.connection.sendOperation(request, { redact: redactSetting() });
      const answer = reply.error !== undefined ? `no answer: ${reply.error}` : `HTTP ${reply.status}${reply.statusCode !== undefined ? `, statusCode ${reply.statusCode}` : ''}${reply.statusMessage ? ` (${reply.statusMessage})` : ''}`;
      this.log.info(`[${session.label}] ${what} → ${answer} in ${reply.elapsedMs} ms (request #${reply.requestSeq})`);
      void this.reportOutcome(session, reply.requestSeq);
      return reply;
    } catch (err) {
      void vscode.window.showErrorMessage(`${what} could not be sent: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** Says the outcome once it is known (the window closes at the latest). */
  private async reportOutcome(session: LiveSession, requestSeq: number): Promise<void> {
    const until = Date.now() + session.operations.windowMs + 15_000;
    while (Date.now() < until) {
      const o = (await session.operations.fresh()).byRecord.get(requestSeq);
      if (o && o.outcome !== 'pending') {
        const line = session.operations.line(o);
        this.log.info(`[${session.label}] ${line}`);
        if (o.outcome === 'effect') void vscode.window.showInformationMessage(line);
        else void vscode.window.showWarningMessage(line);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
