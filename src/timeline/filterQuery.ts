/**
 * The filter box's query language, parsed once here for every reader (the timeline's ViewRows, and
 * so the export of a view). Words separated by spaces must all match; double quotes keep a phrase
 * (`"on hold"`); `state:`, `type:` and `id:` narrow to a field and take a word or a quoted phrase.
 * Field terms match part of the field in any case; `is:` names a kind of row: `is:operation` (or
 * `is:request`, `is:response`) keeps the operations' request and response records, `is:finding`
 * the rows that trigger a finding. Every other word is searched in the record's
 * journal line. Pure and total: any string parses, an unclosed quote runs to the end.
 */

/** The fields a term can name. */
export const QUERY_FIELDS = ['state', 'type', 'id', 'is'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

/** A parsed filter: every list is ANDed; empty lists narrow nothing. */
export interface FilterQuery {
  /** Text searched in the journal line (words and phrases). */
  text: string[];
  /** The state of a resource the record names, after the record. */
  state: string[];
  /** The record's messageType or notificationType. */
  type: string[];
  /** The id of a resource the record names. */
  id: string[];
  /** Kinds of row: `operation` (requests and responses), `request`, `response`, `finding`. */
  is: Array<(typeof IS_VALUES)[number]>;
}

/** What `is:` takes; any other `is:` word is searched as text. */
export const IS_VALUES = ['operation', 'request', 'response', 'finding'] as const;

/** The syntax in one line, for the filter box's placeholder. */
export const QUERY_PLACEHOLDER = 'Filter: words (all must match), "a phrase", state:Held, type:Call, id:…, is:operation, is:finding  ( / )';
/** The syntax in full, for the filter box's tooltip. */
export const QUERY_HELP = [
  'Words separated by spaces must all match (AND), in any case.',
  'Double quotes keep a phrase: "Invalid Called Dn".',
  'state:Held: a resource the message names is in that state.',
  'type:Call: the messageType or notificationType contains it.',
  'id:000B3: a resource the message names has that in its id.',
  'is:operation: only the operations sent (their request and response rows); is:request, is:response.',
  'is:finding: records that trigger a finding (marked in the list; the text shows beside the diff).',
  'Other words are searched in the whole message (ids, states, types, payload).',
].join('\n');

const FIELD_SET: ReadonlySet<string> = new Set(QUERY_FIELDS);

/** Reads a word or a quoted phrase starting at `i`; returns it and where it ends. */
function readValue(text: string, i: number): { value: string; end: number; quoted: boolean } {
  if (text[i] === '"') {
    const close = text.indexOf('"', i + 1);
    const end = close < 0 ? text.length : close;
    return { value: text.slice(i + 1, end), end: close < 0 ? end : end + 1, quoted: true };
  }
  let end = i;
  while (end < text.length && !/\s/.test(text[end])) end++;
  return { value: text.slice(i, end), end, quoted: false };
}

/** Parses the filter box's text; see the module comment. */
export function parseQuery(input: string): FilterQuery {
  const query: FilterQuery = { text: [], state: [], type: [], id: [], is: [] };
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i])) {
      i++;
      continue;
    }
    const field = /^([A-Za-z]+):/.exec(input.slice(i, i + 8));
    const name = field?.[1].toLowerCase();
    if (field && name !== undefined && FIELD_SET.has(name) && i + field[0].length < input.length && !/\s/.test(input[i + field[0].length])) {
      const read = readValue(input, i + field[0].length);
      const value = read.value.trim();
      const isValue = IS_VALUES.find((v) => v === value.toLowerCase());
      if (name === 'is' && isValue === undefined) {
        if (value !== '') query.text.push(input.slice(i, read.end));
      } else if (name === 'is' && isValue !== undefined) query.is.push(isValue);
      else if (value !== '') query[name as Exclude<QueryField, 'is'>].push(value);
      i = read.end;
      continue;
    }
    // A word runs to the next space; a quote inside a word (`a"b`) is part of it.
    const read = readValue(input, i);
    const value = read.quoted ? read.value.trim() : read.value;
    if (value !== '') query.text.push(value);
    i = Math.max(read.end, i + 1);
  }
  return query;
}

/** True when the query narrows nothing. */
export function isEmptyQuery(q: FilterQuery): boolean {
  return q.text.length === 0 && q.state.length === 0 && q.type.length === 0 && q.id.length === 0 && q.is.length === 0;
}

/** True when `value` contains `term`, ignoring ASCII case (how field terms match). */
export function fieldMatches(value: string | undefined, term: string): boolean {
  return value !== undefined && value.toLowerCase().includes(term.toLowerCase());
}
