import { Growable } from '../util/growable';
import { InternMemo, type Interner } from '../util/interner';
import type { ResourceRef } from '../model/classification';

/**
 * What each record says about each resource it names, one row per ref in ingest order (a device
 * message naming three devices has three): the resource, and the facts classify() extracted from
 * that resource's object, as string ids in the record columns' interner.
 */

/** The facts of one ref, as a record view lists them. */
export interface RefView {
  /** Index of the resource in the tracker's list. */
  resource: number;
  /** A call's device id (last path segment of its `deviceUri`). */
  device?: string;
  /** The canonical capability set (see model/indexFacts.ts capabilitySet). */
  capabilities?: string;
  /** Hash of the resource's state without metrics and duration, capabilities as a set; never 0. */
  stateHash?: number;
  /** The state this record gives the resource (`call.state`, `chat.state`, device `userState.state`). */
  state?: string;
}

/** String facts addFacts() interns per ref: device, capabilities, state. */
const FACTS = 3;

export class RefColumns {
  readonly resource = new Growable((n) => new Int32Array(n));
  /** Per ref: the state hash, 0 when absent. */
  readonly stateHash = new Growable((n) => new Uint32Array(n));
  /** String ids, 0 = absent, written only where a ref has one (Growable.put): read with `.get(j, 0)`. (A call's callUuid and connId are kept by the call: TrackedResource.callUuids.) */
  readonly device = new Growable((n) => new Uint32Array(n), 0);
  readonly capabilities = new Growable((n) => new Uint32Array(n), 0);
  /** The state the ref carries (string id, 0 = none): rules read a resource's state at any record from here. */
  readonly state = new Growable((n) => new Uint32Array(n), 0);

  private readonly memo: InternMemo;

  constructor(private readonly strings: Interner) {
    this.memo = new InternMemo(strings);
  }

  /** Refs held. */
  get count(): number {
    return this.resource.length;
  }

  /** Appends one ref; the string facts are already interned (0 = absent). */
  add(resource: number, device: number, capabilities: number, stateHash: number, state = 0): void {
    const j = this.resource.length;
    if (j === this.resource.data.length) {
      this.resource.reserve(j + 1);
      this.stateHash.reserve(j + 1);
    }
    this.resource.data[j] = resource;
    this.stateHash.data[j] = stateHash;
    this.resource.length = this.stateHash.length = j + 1;
    if (device !== 0) this.device.put(j, device, 0);
    if (capabilities !== 0) this.capabilities.put(j, capabilities, 0);
    if (state !== 0) this.state.put(j, state, 0);
  }

  /** Appends the ref `ref` of resource `resource`, interning its strings in slots of that resource (a resource repeats them message after message). */
  addFacts(resource: number, ref: Pick<ResourceRef, 'device' | 'capabilities' | 'stateHash' | 'state'>): void {
    const k = resource * FACTS;
    const m = this.memo;
    this.add(resource, m.id(k, ref.device), m.id(k + 1, ref.capabilities), ref.stateHash ?? 0, m.id(k + 2, ref.state));
  }

  /** Ref `j` with its strings. */
  view(j: number): RefView {
    const v: RefView = { resource: this.resource.data[j] };
    const str = (col: Growable<Uint32Array>): string | undefined => this.strings.value(col.get(j, 0));
    const facts = { device: str(this.device), capabilities: str(this.capabilities), state: str(this.state) };
    for (const [key, value] of Object.entries(facts)) if (value !== undefined) v[key as keyof typeof facts] = value;
    if (this.stateHash.data[j] !== 0) v.stateHash = this.stateHash.data[j];
    return v;
  }

  get byteSize(): number {
    return [this.resource, this.stateHash, this.device, this.capabilities, this.state].reduce((sum, c) => sum + c.byteSize, 0);
  }
}
