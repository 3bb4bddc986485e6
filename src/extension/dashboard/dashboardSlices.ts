// The host's half of the SliceRef scheme: the analysis goes to the page with every ReviewSlice
// replaced by a small number, and the slices stay here, so a click can only open a slice the
// host itself computed (the page cannot make one up) and big slices (a 10k-class "(other)"
// cell) never cross the wire. A new analysis starts a new generation; refs of an older one are
// refused with a message instead of opening the wrong samples.
import type { ReviewSlice } from '../../core/model';
import { isObject } from '../../shared/guards';
import type { SliceRef } from '../../shared/dashboardProtocol';

/** T with every ReviewSlice inside it (at any depth) replaced by a SliceRef. */
export type WithSliceRefs<T> = T extends ReviewSlice
  ? SliceRef
  : T extends readonly (infer U)[]
    ? WithSliceRefs<U>[]
    : T extends object
      ? { [K in keyof T]: WithSliceRefs<T[K]> }
      : T;

/** The shape of a ReviewSlice (the core computed it; this only tells it apart from other objects). */
export function looksLikeSlice(v: unknown): v is ReviewSlice {
  return (
    isObject(v) &&
    typeof v.datasetId === 'number' &&
    Array.isArray(v.conditions) &&
    Object.keys(v).length === 2
  );
}

export class SliceRegistry {
  private slices: ReviewSlice[] = [];
  private current = 0;

  get generation(): number {
    return this.current;
  }

  /** Forgets every ref; the next ones belong to a new generation. */
  nextGeneration(): number {
    this.slices = [];
    return ++this.current;
  }

  ref(slice: ReviewSlice): SliceRef {
    this.slices.push(slice);
    return this.slices.length - 1;
  }

  /** The slice behind a ref, or a reason it cannot be opened. */
  resolve(generation: number, ref: SliceRef): ReviewSlice | string {
    if (generation !== this.current) return 'The dashboard has been updated since; click the number again.';
    const slice = this.slices[ref];
    return slice ?? 'Those samples are no longer known to the dashboard; click the number again.';
  }

  get size(): number {
    return this.slices.length;
  }

  /** A deep copy of `value` with every slice registered and replaced by its ref. */
  withRefs<T>(value: T): WithSliceRefs<T> {
    return this.convert(value) as WithSliceRefs<T>;
  }

  private convert(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.convert(v));
    if (!isObject(value)) return value;
    if (looksLikeSlice(value)) return this.ref(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.convert(v);
    return out;
  }
}
