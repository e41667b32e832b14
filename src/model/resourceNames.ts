/**
 * How a resource is named where space is short, shared by the tree and the timeline webview (pure,
 * no vscode, no DOM). GWS ids of one server share long prefixes (02ANOM…), so the tail is what
 * tells them apart; the phone number or nickname follows when known.
 */

/** Long GWS ids shortened to their distinctive tail: 013V08JRL498H10I04000VTAES000015 → …TAES000015. */
export function shortId(id: string): string {
  return id.length > 14 ? `…${id.slice(-10)}` : id;
}

/** The short id plus the phone number or nickname, when there is one. */
export function shortName(r: { id: string; label?: string | undefined }): string {
  return r.label ? `${shortId(r.id)} ${r.label}` : shortId(r.id);
}
