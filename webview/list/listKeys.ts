/** The list's keyboard: where a key moves the selection, and the "/" shortcut to the filter. */

/** The row a key moves the selection to, 'open' for Enter, undefined for a key the list ignores. */
export function keyTarget(key: string, selected: number, firstVisible: number, pageSize: number, total: number): number | 'open' | undefined {
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageSize, PageUp: -pageSize };
  if (key in moves) return (selected < 0 ? firstVisible : selected) + moves[key];
  if (key === 'Home') return 0;
  if (key === 'End') return total - 1;
  return key === 'Enter' ? 'open' : undefined;
}

/** True for "/" typed outside a text field (it focuses the filter). */
export function isFilterShortcut(e: KeyboardEvent): boolean {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.composedPath()[0];
  return !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement);
}
