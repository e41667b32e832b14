import assert from 'node:assert/strict';
import Module from 'node:module';
import { test } from 'node:test';
import { ResourceTracker } from '../../../src/tracker/resourceTracker';
import { Emitter } from '../../../src/util/emitter';
import { call } from '../tracker/helpers';

/**
 * The tree's Pause View per session (src/extension/tree/gwsTreeProvider.ts) with a stand-in
 * `vscode` module: a paused session's changes refresh nothing and are counted; the others refresh.
 */
class EventEmitter<T> extends Emitter<T> {}
const fakeVscode = {
  EventEmitter,
  TreeItem: class {
    constructor(readonly label: string, readonly collapsibleState: number) {}
  },
  ThemeIcon: class {},
  ThemeColor: class {},
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  commands: { executeCommand: async () => undefined },
};
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve; _cache: Record<string, unknown> };
const FAKE = '/fake-vscode-for-tree-pause-test.js';

async function loadTree(): Promise<typeof import('../../../src/extension/tree/gwsTreeProvider')> {
  const resolve = loader._resolveFilename;
  loader._resolveFilename = (request, ...rest) => (request === 'vscode' ? FAKE : resolve(request, ...rest));
  loader._cache[FAKE] = { id: FAKE, filename: FAKE, loaded: true, exports: fakeVscode };
  try {
    return await import('../../../src/extension/tree/gwsTreeProvider');
  } finally {
    loader._resolveFilename = resolve;
  }
}

function fakeSession(id: string) {
  const tracker = new ResourceTracker();
  return { id, label: `${id}@h:1`, kind: 'live' as const, state: 'connected', stateDetail: undefined, user: id, topics: [], journalPath: `/tmp/${id}`, tracker };
}

test('Pause View pauses one session: its changes refresh nothing and are counted, the others refresh', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { GwsTreeProvider } = await loadTree();
  const a = fakeSession('live-1');
  const b = fakeSession('live-2');
  const sessionsChanged = new Emitter<void>();
  const sessionChanged = new Emitter<{ session: typeof a; change: { keys: Set<string>; records: number; topics: boolean; state: boolean; reset: boolean } }>();
  const manager = { all: [a, b], find: (id: string) => [a, b].find((s) => s.id === id), onDidChangeSessions: sessionsChanged.event, onDidChangeSession: sessionChanged.event };
  const tree = new GwsTreeProvider(manager as never, { list: async () => [] } as never);
  const roots = tree.getChildren();
  for (const r of roots) tree.getChildren(r);
  const fired: unknown[] = [];
  tree.onDidChangeTreeData((e) => fired.push(...(e === undefined ? ['ALL'] : Array.isArray(e) ? e : [e])));
  tree.setPaused(true, [a.id]);
  t.mock.timers.tick(300);
  fired.length = 0;
  const arrive = (s: typeof a, seq: number, id: string): void => {
    s.tracker.ingestBatch([call(seq, id, 'Ringing')]);
    sessionChanged.fire({ session: s, change: { keys: new Set([`call:${id}`]), records: 1, topics: false, state: false, reset: false } });
  };
  arrive(a, 1, 'A-1');
  arrive(b, 1, 'B-1');
  t.mock.timers.tick(300);
  const sessionsOf = fired.map((n) => (n === 'ALL' ? 'ALL' : (n as { session: { id: string } }).session.id));
  assert.deepEqual(sessionsOf, ['live-2']);
  assert.equal(tree.unseenCount, 1);
  assert.deepEqual(tree.pause.ids, ['live-1']);
  tree.setPaused(false, [a.id]);
  t.mock.timers.tick(300);
  assert.equal(fired.at(-1), 'ALL', 'resuming shows what was missed');
  assert.equal(tree.unseenCount, 0);
  tree.dispose();
});
