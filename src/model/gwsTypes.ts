/**
 * The GWS notification vocabulary the debugger understands. Payloads are untrusted, so every
 * field is optional and the classifier checks types before it reads anything.
 */

/** The resource groups the tracker and the tree know. */
export type ResourceKind = 'call' | 'device' | 'chat' | 'error' | 'other';

export const RESOURCE_KINDS: readonly ResourceKind[] = ['chat', 'call', 'device', 'error', 'other'];

/** The GWS topics a user is offered, with a one-line description each. */
export const KNOWN_TOPICS: ReadonlyArray<{ channel: string; description: string }> = [
  { channel: '/v2/me/calls', description: 'Call state, participants and attached data (CallStateChangeMessage, ErrorMessage)' },
  { channel: '/v2/me/devices', description: 'Agent state, do-not-disturb, forwarding (DeviceStateChangeMessage, ErrorMessage)' },
  { channel: '/v2/me/chats', description: 'Chat state and transcript (ChatStateChangeMessage, MessageLogUpdated)' },
  { channel: '/v2/me/emails', description: 'Email interactions' },
  { channel: '/v2/me/workitems', description: 'Open Media work items' },
  { channel: '/v2/me/im-sessions', description: 'Instant messaging sessions' },
  { channel: '/v2/me/channels', description: 'Media channel (login) state' },
  { channel: '/v2/me/*', description: 'Every direct child topic of /v2/me' },
  { channel: '/v2/me/**', description: 'Every topic under /v2/me, at any depth' },
];

/** Topics recorded when the user names none. */
export const DEFAULT_TOPICS: readonly string[] = ['/v2/me/calls', '/v2/me/devices', '/v2/me/chats'];

/** Bayeux channel names: absolute, non-empty segments, wildcards only as the last segment. */
export function isValidChannelName(name: string): boolean {
  if (!/^\/[^\s/]+(\/[^\s/]+)*$/.test(name) || name.startsWith('/meta/') || name.startsWith('/service/')) return false;
  const segments = name.slice(1).split('/');
  return segments.every((s, i) => (s !== '*' && s !== '**') || i === segments.length - 1);
}

/** Call states GWS reports, in roughly their life order. */
export const CALL_STATES = ['Dialing', 'Ringing', 'Established', 'Held', 'Released'] as const;
/** Chat states GWS reports. */
export const CHAT_STATES = ['Invited', 'Chatting', 'Completed'] as const;
