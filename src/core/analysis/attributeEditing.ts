// Corrections of a concept's reference attributes: add, edit, remove, reorder, move between
// required and likely, replace, revert to the imported lists, and undo / redo. Every change is
// recorded with who, when and why; history is append-only, so undo and redo are recorded
// changes too (they name the change they undo / redo). Each call is durable on return.
import { StoreError } from '../errors';
import type { AttributeKind, Concept } from '../model';
import type { AttributeChange, AttributeChangeRequest, AttributeLists } from '../store/attributeQueries';
import { importedLists } from '../store/attributeQueries';
import type { FinerStore } from '../store/finerStore';

export const MAX_ATTRIBUTE_LENGTH = 500;

/** Who makes a change and why; the VS Code layer reads the actor from a setting or git config. */
export interface EditMeta {
  actor: string;
  reason?: string;
}

export type AttributeEditStore = Pick<FinerStore, 'getConcept' | 'applyAttributeChange' | 'attributeChanges'>;

export interface UndoState {
  /** The change undo would take back (most recent first). */
  undo: AttributeChange | undefined;
  redo: AttributeChange | undefined;
}

const otherKind = (kind: AttributeKind): AttributeKind => (kind === 'required' ? 'likely' : 'required');

/** Trimmed text, or StoreError 'invalid' when empty or too long. */
export function validateAttributeText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new StoreError('An attribute cannot be empty.', 'invalid');
  if (trimmed.length > MAX_ATTRIBUTE_LENGTH) {
    throw new StoreError(
      `An attribute can be at most ${MAX_ATTRIBUTE_LENGTH} characters (this one has ${trimmed.length}).`,
      'invalid',
    );
  }
  return trimmed;
}

/** StoreError 'invalid' when `text` is already in either list (case-insensitive), ignoring `skip`. */
function assertNotDuplicate(
  lists: AttributeLists,
  text: string,
  skip?: { kind: AttributeKind; index: number },
): void {
  const key = text.toLowerCase();
  for (const kind of ['required', 'likely'] as const) {
    lists[kind].forEach((existing, index) => {
      if (skip && skip.kind === kind && skip.index === index) return;
      if (existing.toLowerCase() === key) {
        throw new StoreError(`"${text}" is already in the ${kind} attributes.`, 'invalid');
      }
    });
  }
}

function assertIndex(list: readonly string[], index: number, kind: AttributeKind, allowEnd = false): void {
  const max = allowEnd ? list.length : list.length - 1;
  if (!Number.isInteger(index) || index < 0 || index > max) {
    throw new StoreError(`No ${kind} attribute at position ${index + 1}.`, 'invalid');
  }
}

/** The undo and redo stacks implied by a concept's history. */
export function undoStacks(history: readonly AttributeChange[]): {
  done: AttributeChange[];
  undone: AttributeChange[];
} {
  const done: AttributeChange[] = [];
  let undone: AttributeChange[] = [];
  const byId = new Map(history.map((c) => [c.changeId, c]));
  for (const change of history) {
    if (change.action === 'undo') {
      const i = done.findIndex((c) => c.changeId === change.targetChange);
      if (i !== -1) undone.push(...done.splice(i, 1));
    } else if (change.action === 'redo') {
      const i = undone.findIndex((c) => c.changeId === change.targetChange);
      const target = change.targetChange === null ? undefined : byId.get(change.targetChange);
      if (i !== -1) undone.splice(i, 1);
      if (target) done.push(target);
    } else {
      done.push(change);
      undone = [];
    }
  }
  return { done, undone };
}

export class AttributeEditor {
  constructor(private readonly store: AttributeEditStore) {}

  concept(conceptId: number): Concept {
    const concept = this.store.getConcept(conceptId);
    if (!concept) throw new StoreError(`Concept ${conceptId} does not exist.`, 'not-found');
    return concept;
  }

  history(conceptId: number): AttributeChange[] {
    return this.store.attributeChanges(conceptId);
  }

  /** Adds `text` to a list, at `position` (default: the end). */
  add(
    conceptId: number,
    kind: AttributeKind,
    text: string,
    meta: EditMeta,
    position?: number,
  ): AttributeChange {
    const value = validateAttributeText(text);
    return this.change(conceptId, meta, (lists) => {
      assertNotDuplicate(lists, value);
      const next = [...lists[kind]];
      const at = position ?? next.length;
      assertIndex(next, at, kind, true);
      next.splice(at, 0, value);
      return { action: 'add', after: { [kind]: next }, detail: `added "${value}" to ${kind}` };
    });
  }

  /** Replaces the text at `index`; `expected` (the text the user saw) guards against a concurrent edit. */
  edit(
    conceptId: number,
    kind: AttributeKind,
    index: number,
    text: string,
    meta: EditMeta,
    expected?: string,
  ): AttributeChange | undefined {
    const value = validateAttributeText(text);
    return this.changeOrNothing(conceptId, meta, (lists) => {
      assertIndex(lists[kind], index, kind);
      const old = lists[kind][index] ?? '';
      this.assertExpected(old, expected);
      if (old === value) return undefined;
      assertNotDuplicate(lists, value, { kind, index });
      const next = [...lists[kind]];
      next[index] = value;
      return { action: 'edit', after: { [kind]: next }, detail: `changed "${old}" to "${value}" in ${kind}` };
    });
  }

  remove(
    conceptId: number,
    kind: AttributeKind,
    index: number,
    meta: EditMeta,
    expected?: string,
  ): AttributeChange {
    return this.change(conceptId, meta, (lists) => {
      assertIndex(lists[kind], index, kind);
      const old = lists[kind][index] ?? '';
      this.assertExpected(old, expected);
      const next = lists[kind].filter((_, i) => i !== index);
      return { action: 'remove', after: { [kind]: next }, detail: `removed "${old}" from ${kind}` };
    });
  }

  /** Moves the item at `from` to position `to` of the same list. */
  reorder(
    conceptId: number,
    kind: AttributeKind,
    from: number,
    to: number,
    meta: EditMeta,
  ): AttributeChange | undefined {
    return this.changeOrNothing(conceptId, meta, (lists) => {
      assertIndex(lists[kind], from, kind);
      assertIndex(lists[kind], to, kind);
      if (from === to) return undefined;
      const next = [...lists[kind]];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item ?? '');
      return {
        action: 'reorder',
        after: { [kind]: next },
        detail: `moved "${item ?? ''}" from position ${from + 1} to ${to + 1} in ${kind}`,
      };
    });
  }

  /** Moves an item from one list to the other (at `position`, default the end). */
  move(
    conceptId: number,
    fromKind: AttributeKind,
    index: number,
    meta: EditMeta,
    position?: number,
  ): AttributeChange {
    const toKind = otherKind(fromKind);
    return this.change(conceptId, meta, (lists) => {
      assertIndex(lists[fromKind], index, fromKind);
      const item = lists[fromKind][index] ?? '';
      const source = lists[fromKind].filter((_, i) => i !== index);
      const target = [...lists[toKind]];
      const at = position ?? target.length;
      assertIndex(target, at, toKind, true);
      target.splice(at, 0, item);
      return {
        action: 'move',
        after: { [fromKind]: source, [toKind]: target },
        detail: `moved "${item}" from ${fromKind} to ${toKind}`,
      };
    });
  }

  /** Replaces whole lists (only the kinds given). */
  replace(conceptId: number, lists: Partial<AttributeLists>, meta: EditMeta): AttributeChange | undefined {
    const cleaned: Partial<AttributeLists> = {};
    for (const kind of ['required', 'likely'] as const) {
      const list = lists[kind];
      if (list === undefined) continue;
      const values = list.map(validateAttributeText);
      const seen = new Set<string>();
      for (const v of values) {
        if (seen.has(v.toLowerCase())) throw new StoreError(`"${v}" appears twice in ${kind}.`, 'invalid');
        seen.add(v.toLowerCase());
      }
      cleaned[kind] = values;
    }
    return this.changeOrNothing(conceptId, meta, () => ({
      action: 'replace',
      after: cleaned,
      detail: 'replaced the lists',
    }));
  }

  /** Back to the imported lists (itself a recorded change, so it can be undone). */
  revert(conceptId: number, meta: EditMeta): AttributeChange | undefined {
    return this.changeOrNothing(conceptId, meta, (lists, history) => ({
      action: 'revert',
      after: importedLists(lists, history),
      detail: 'reverted to the imported attributes',
    }));
  }

  importedLists(conceptId: number): AttributeLists {
    const concept = this.concept(conceptId);
    return importedLists(concept, this.history(conceptId));
  }

  undoState(conceptId: number): UndoState {
    const { done, undone } = undoStacks(this.history(conceptId));
    return { undo: done[done.length - 1], redo: undone[undone.length - 1] };
  }

  /** Takes back the latest change not yet undone; undefined when there is none. */
  undo(conceptId: number, meta: EditMeta): AttributeChange | undefined {
    return this.changeOrNothing(conceptId, meta, (_lists, history) => {
      const target = undoStacks(history).done.at(-1);
      if (target === undefined) return undefined;
      return {
        action: 'undo',
        after: target.before,
        targetChange: target.changeId,
        detail: `undid: ${target.detail ?? target.action}`,
      };
    });
  }

  /** Re-applies the latest undone change; undefined when there is none. */
  redo(conceptId: number, meta: EditMeta): AttributeChange | undefined {
    return this.changeOrNothing(conceptId, meta, (_lists, history) => {
      const target = undoStacks(history).undone.at(-1);
      if (target === undefined) return undefined;
      return {
        action: 'redo',
        after: target.after,
        targetChange: target.changeId,
        detail: `redid: ${target.detail ?? target.action}`,
      };
    });
  }

  private assertExpected(actual: string, expected: string | undefined): void {
    if (expected !== undefined && actual !== expected) {
      throw new StoreError(
        `The attribute changed meanwhile (now "${actual}", expected "${expected}"); reload and try again.`,
        'conflict',
      );
    }
  }

  private change(
    conceptId: number,
    meta: EditMeta,
    plan: (
      lists: AttributeLists,
      history: AttributeChange[],
    ) => Omit<AttributeChangeRequest, 'actor' | 'reason'>,
  ): AttributeChange {
    const change = this.changeOrNothing(conceptId, meta, plan);
    if (change === undefined)
      throw new StoreError('The change leaves the attributes as they were.', 'invalid');
    return change;
  }

  private changeOrNothing(
    conceptId: number,
    meta: EditMeta,
    plan: (
      lists: AttributeLists,
      history: AttributeChange[],
    ) => Omit<AttributeChangeRequest, 'actor' | 'reason'> | undefined,
  ): AttributeChange | undefined {
    const actor = meta.actor.trim() === '' ? 'unknown' : meta.actor.trim();
    const reason = meta.reason?.trim() ? meta.reason.trim() : undefined;
    return this.store.applyAttributeChange(conceptId, (lists, history) => {
      const request = plan(lists, history);
      return request === undefined ? undefined : { ...request, actor, ...(reason ? { reason } : {}) };
    });
  }
}
