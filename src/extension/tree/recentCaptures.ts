import type { CaptureDirectory } from '../../capture/captureDirectory';
import type { NodeCache, TreeNode } from './treeNodes';

/** Most recent captures listed under Recent Captures. */
const MAX_RECENT = 50;

/**
 * The children of Recent Captures: the capture folder's files not open as a session. The listing
 * is async; the last one is shown and `onChanged` asks for a refresh when a new one differs.
 */
export class RecentCaptures {
  private shown: TreeNode[] = [];
  private loading = false;
  private listed = false;

  constructor(private readonly captures: CaptureDirectory, private readonly cache: NodeCache, private readonly openPaths: () => Set<string>, private readonly onChanged: () => void) {}

  children(): TreeNode[] {
    if (!this.loading) {
      this.loading = true;
      void this.captures.list().then((files) => {
        this.loading = false;
        const first = !this.listed;
        this.listed = true;
        const open = this.openPaths();
        const next = files.filter((f) => !open.has(f.path)).slice(0, MAX_RECENT).map((file) => this.cache.get(`recent/${file.path}`, () => ({ type: 'captureFile' as const, id: `recent/${file.path}`, file })));
        const changed = first || next.length !== this.shown.length || next.some((n, i) => n !== this.shown[i]);
        this.shown = next;
        if (changed) this.onChanged();
      });
    }
    // Said only once the folder was listed: an empty list while it loads would be a false "none".
    if (this.listed && this.shown.length === 0) return [this.cache.get('recent/none', () => ({ type: 'note' as const, id: 'recent/none', text: 'No captures yet' }))];
    return this.shown;
  }
}
