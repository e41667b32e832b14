// The walk the VS Code suites run over the extension's exports must find what it is there to find.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findSecretReach } from '../../vscode/exportsWalk';

/** SecretStorage as VS Code hands it to an extension, and a store around it like ours. */
function secretStorage(): object {
  const map = new Map<string, string>([['gwsNotifications:http://h|agent1', 'hunter2']]);
  return { get: async (k: string) => map.get(k), store: async (k: string, v: string) => void map.set(k, v), delete: async (k: string) => void map.delete(k), onDidChange: () => ({ dispose() {} }) };
}
class Store {
  constructor(private readonly storage: object, readonly state: object) {}
  lookup(): object {
    return this.storage;
  }
}
class Controller {
  constructor(readonly store: Store) {}
}

describe('exports walk', () => {
  test('the old API shape is found: a credential store, its SecretStorage, names that say so', () => {
    const store = new Store(secretStorage(), { get: () => undefined, update: async () => undefined });
    const found = findSecretReach({ sessions: { live: undefined }, credentials: store, connection: new Controller(store) });
    const problems = found.map((f) => `${f.path}: ${f.problem}`).join('\n');
    assert.match(problems, /exports\.credentials: its name says/);
    assert.match(problems, /exports\.credentials\.storage: SecretStorage-shaped/);
    // Each object is reported once, on the first path that reaches it: the controller alone reaches it too.
    const viaController = findSecretReach({ connection: new Controller(store) }, { names: false });
    assert.ok(viaController.some((f) => f.path === 'exports.connection.store.storage' && /SecretStorage-shaped/.test(f.problem)), JSON.stringify(viaController));
  });

  test('an ExtensionContext is found even under an innocent name, behind a getter, a prototype or a Map', () => {
    const context = { subscriptions: [], extensionUri: {}, globalState: {}, secrets: secretStorage() };
    class Holder {
      get ctx(): object {
        return context;
      }
    }
    for (const root of [{ a: { b: context } }, new Holder(), { m: new Map([['k', context]]) }, Object.assign(() => 0, { hidden: context }), Object.create({ inherited: context })]) {
      const found = findSecretReach(root, { names: false });
      assert.ok(found.some((f) => /ExtensionContext-shaped/.test(f.problem)), JSON.stringify(found));
    }
  });

  test('forbidden classes are found by constructor name; cycles end', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    a.list = [a, { back: a }];
    a.ctl = new Controller(new Store({}, {}));
    const found = findSecretReach(a, { names: false, forbiddenClasses: ['Controller', 'Store'] });
    const at = (path: string) => found.find((f) => f.path === path)?.problem;
    assert.equal(at('exports.ctl'), 'reaches a Controller');
    assert.equal(at('exports.ctl.store'), 'reaches a Store');
    assert.ok(found.every((f) => /^reaches a (Controller|Store)$/.test(f.problem)), JSON.stringify(found));
  });

  test('nothing, or a read-only API of plain facts, passes', () => {
    assert.deepEqual(findSecretReach(undefined), []);
    const api = Object.freeze({ version: '0.1.0', sessionCount: () => 1, onDidChange: (_l: () => void) => ({ dispose() {} }), columns: new Uint32Array(1_000_000) });
    assert.deepEqual(findSecretReach(api), []);
  });

  test('getters are called on instances only: a lazy getter never writes to a shared prototype', () => {
    class Lazy {
      private cached: object | undefined;
      get value(): object {
        return (this.cached ??= {});
      }
    }
    findSecretReach({ one: new Lazy() });
    assert.equal(Object.getOwnPropertyNames(Lazy.prototype).includes('cached'), false);
    assert.notEqual(new Lazy().value, new Lazy().value);
  });

  test('a walk too large to finish is reported, not passed', () => {
    let node: Record<string, unknown> = {};
    const root = node;
    for (let i = 0; i < 50; i++) node = node.next = {};
    assert.match(findSecretReach(root, { maxObjects: 10 })[0]?.problem ?? '', /more than 10 objects/);
  });
});
