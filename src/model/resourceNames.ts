/**
 * How a resource is named where space is short, shared by the tree and the timeline webview (pure,
 * no vscode, no DOM). GWS ids of one server share long prefixes (02ANOM…), so the tail is what
 * tells them apart; the phone number or nickname follows when known.
 */

// The one shortId is util/wording's (the CLI and the Markdown report use it too).
import { shortId } from '../util/wording';
export { shortId };

/** The short id plus the phone number or nickname, when there is one. */
export function shortName(r: { id: string; label?: string | undefined }): string {
  return r.label ? `${shortId(r.id)} ${r.label}` : shortId(r.id);
}
