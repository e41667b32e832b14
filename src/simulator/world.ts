/**
 * Per-user world state, derived from the notifications the user was sent: what the REST
 * endpoints (/api/v2/me/calls, ...) list. Payloads are read defensively; malformed ones are ignored.
 */
import { callCapabilities, type CallType } from './machines/callMachine';
import type { BayeuxMessage, JsonObject } from './bayeuxMessage';
import { isObject } from '../util/jsonObject';

/** Resource collections the REST API lists. */
export type WorldKind = 'calls' | 'chats' | 'devices' | 'emails' | 'workitems';

/** Every collection, in REST path order. */
export const WORLD_KINDS: readonly WorldKind[] = ['calls', 'chats', 'devices', 'emails', 'workitems'];

/** For each message type: the collection it updates, the resource field, and the state that ends it. */
const RESOURCE_MESSAGES: Record<string, { kind: WorldKind; field: string; endState: string }> = {
  CallStateChangeMessage: { kind: 'calls', field: 'call', endState: 'Released' },
  ChatStateChangeMessage: { kind: 'chats', field: 'chat', endState: 'Completed' },
  EmailStateChangeMessage: { kind: 'emails', field: 'email', endState: 'Completed' },
  WorkitemStateChangeMessage: { kind: 'workitems', field: 'workitem', endState: 'Completed' },
};

/** The resources every user currently has. */
export class World {
  private readonly users = new Map<string, Map<WorldKind, Map<string, JsonObject>>>();

  /** Updates `user`'s state from one notification payload (anything; junk is ignored). */
  apply(user: string, data: unknown): void {
    if (!isObject(data) || typeof data.messageType !== 'string') return;
    if (data.messageType === 'DeviceStateChangeMessage') {
      if (!Array.isArray(data.devices)) return;
      for (const d of data.devices) if (isObject(d) && typeof d.id === 'string') this.table(user, 'devices').set(d.id, d);
      return;
    }
    const spec = RESOURCE_MESSAGES[data.messageType];
    const resource = spec ? data[spec.field] : undefined;
    if (!spec || !isObject(resource) || typeof resource.id !== 'string') return;
    if (resource.state === spec.endState) this.table(user, spec.kind).delete(resource.id);
    else this.table(user, spec.kind).set(resource.id, resource);
  }

  /** The user's live resources of one kind, in the order they first appeared. */
  list(user: string, kind: WorldKind): JsonObject[] {
    return [...(this.users.get(user)?.get(kind)?.values() ?? [])];
  }

  /** Notifications that end every live call, chat, email and work item (used before a loop restarts). */
  closingMessages(user: string): BayeuxMessage[] {
    const out: BayeuxMessage[] = [];
    for (const call of this.list(user, 'calls')) {
      const callType = (typeof call.callType === 'string' ? call.callType : 'Inbound') as CallType;
      const released = { ...call, state: 'Released', capabilities: callCapabilities('Released', callType) };
      out.push({
        channel: '/v2/me/calls',
        data: { notificationType: 'StatusChange', call: released, messageType: 'CallStateChangeMessage' },
      });
    }
    for (const chat of this.list(user, 'chats')) {
      out.push({
        channel: '/v2/me/chats',
        data: { notificationType: 'StatusChange', messageType: 'ChatStateChangeMessage', chat: { ...chat, state: 'Completed', capabilities: [] } },
      });
    }
    for (const [kind, field, messageType] of [
      ['emails', 'email', 'EmailStateChangeMessage'],
      ['workitems', 'workitem', 'WorkitemStateChangeMessage'],
    ] as const) {
      for (const item of this.list(user, kind)) {
        out.push({
          channel: `/v2/me/${kind}`,
          data: { notificationType: 'StatusChange', messageType, [field]: { ...item, state: 'Completed', capabilities: [] } },
        });
      }
    }
    return out;
  }

  private table(user: string, kind: WorldKind): Map<string, JsonObject> {
    let kinds = this.users.get(user);
    if (!kinds) this.users.set(user, (kinds = new Map()));
    let table = kinds.get(kind);
    if (!table) kinds.set(kind, (table = new Map()));
    return table;
  }
}
