/**
 * The shape every scripted notification takes before it is handed to CometD, and the JSON values
 * it carries. Machines, scenarios and the world share it; it holds no state machine itself.
 */

/** A Bayeux message as the simulator emits it. */
export interface BayeuxMessage {
  channel: string;
  data: unknown;
}

/** A JSON object value (GWS resources and payloads). */
export type JsonObject = { [key: string]: unknown };

/** Deep copy of a JSON value, so a snapshot never changes after it was emitted. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}
