import { itemKey } from './deltaChanges';
import { normalize } from './stateDelta';

/**
 * The form of a state shown on either side of VS Code's text diff editor. That editor compares
 * lines, so a list received in another order would look like many changes where the timeline's
 * keyed diff (stateDelta + jsondiffpatch matching items by `itemKey`) sees one. Both documents
 * get the same normalization as that diff: capabilities as sorted sets (`normalize`), and lists
 * whose items all carry an identifying key (participants by participantId, ...) ordered by it.
 */

/** The first line of a normalized document, so the reader knows the order is not as received. */
export const DOCUMENT_FORM_NOTE =
  '// Normalized like the timeline\'s diff: capabilities sorted; participants and other keyed lists ordered by key (participantId, id, phoneNumber…). "Open Latest JSON" shows the state as received.';

/** `state` normalized for a line diff; the same input always gives the same text. */
export function documentForm(state: unknown): unknown {
  return orderKeyed(normalize(state));
}

/** The normalized document's text: the note line, then pretty JSON. */
export function documentText(state: unknown): string {
  return `${DOCUMENT_FORM_NOTE}\n${JSON.stringify(documentForm(state), null, 2)}\n`;
}

function orderKeyed(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map(orderKeyed);
    const keys = items.map(itemKey);
    if (items.length < 2 || keys.some((k) => k === undefined)) return items;
    return items
      .map((item, i) => ({ item, key: keys[i] as string, i }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
      .map((x) => x.item);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = orderKeyed(v);
  return out;
}
