// What the corrections changed: per concept, the imported lists beside the current ones,
// as data (added / removed / moved / reordered) and as unified-diff-like text.
import type { AttributeKind, Concept } from '../model';
import type { AttributeChange, AttributeLists } from '../store/attributeQueries';
import { importedLists } from '../store/attributeQueries';

export interface KindChanges {
  added: string[];
  removed: string[];
  /** Same items, different order (items moved between lists aside). */
  reordered: boolean;
}

export interface ConceptAttributeDiff {
  conceptId: number;
  name: string;
  imported: AttributeLists;
  current: AttributeLists;
  required: KindChanges;
  likely: KindChanges;
  /** Items that left one list for the other. */
  moved: { text: string; from: AttributeKind; to: AttributeKind }[];
  changed: boolean;
}

const KINDS: readonly AttributeKind[] = ['required', 'likely'];

export function diffConceptAttributes(
  concept: Concept,
  history: readonly AttributeChange[],
): ConceptAttributeDiff {
  const current: AttributeLists = { required: [...concept.required], likely: [...concept.likely] };
  const imported = importedLists(current, history);
  const raw = Object.fromEntries(
    KINDS.map((kind) => {
      const before = new Set(imported[kind]);
      const after = new Set(current[kind]);
      return [
        kind,
        {
          added: current[kind].filter((t) => !before.has(t)),
          removed: imported[kind].filter((t) => !after.has(t)),
        },
      ];
    }),
  ) as Record<AttributeKind, { added: string[]; removed: string[] }>;
  const moved: ConceptAttributeDiff['moved'] = [];
  for (const from of KINDS) {
    const to: AttributeKind = from === 'required' ? 'likely' : 'required';
    for (const text of [...raw[from].removed]) {
      if (raw[to].added.includes(text)) {
        moved.push({ text, from, to });
        raw[from].removed = raw[from].removed.filter((t) => t !== text);
        raw[to].added = raw[to].added.filter((t) => t !== text);
      }
    }
  }
  const kindChanges = (kind: AttributeKind): KindChanges => {
    const kept = new Set(imported[kind].filter((t) => current[kind].includes(t)));
    const beforeOrder = imported[kind].filter((t) => kept.has(t));
    const afterOrder = current[kind].filter((t) => kept.has(t));
    return { ...raw[kind], reordered: JSON.stringify(beforeOrder) !== JSON.stringify(afterOrder) };
  };
  const required = kindChanges('required');
  const likely = kindChanges('likely');
  const changed =
    JSON.stringify(imported.required) !== JSON.stringify(current.required) ||
    JSON.stringify(imported.likely) !== JSON.stringify(current.likely);
  return { conceptId: concept.id, name: concept.name, imported, current, required, likely, moved, changed };
}

/** Line diff of two lists (longest common subsequence): ' ' kept, '-' removed, '+' added. */
export function listLineDiff(
  before: readonly string[],
  after: readonly string[],
): { op: ' ' | '-' | '+'; text: string }[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] =
        before[i] === after[j]
          ? (lcs[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: { op: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: ' ', text: before[i] ?? '' });
      i++;
      j++;
    } else if (i < n && (j === m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      // Removals before additions, as unified diffs print them.
      out.push({ op: '-', text: before[i] ?? '' });
      i++;
    } else {
      out.push({ op: '+', text: after[j] ?? '' });
      j++;
    }
  }
  return out;
}

/** Unified-diff-like text of the changed concepts ("--- imported" / "+++ current"). */
export function formatAttributeDiffText(diffs: readonly ConceptAttributeDiff[]): string {
  const lines: string[] = [];
  for (const diff of diffs) {
    if (!diff.changed) continue;
    lines.push(`--- imported: ${diff.name}`, `+++ current: ${diff.name}`);
    for (const kind of KINDS) {
      lines.push(`@@ ${kind} @@`);
      for (const { op, text } of listLineDiff(diff.imported[kind], diff.current[kind]))
        lines.push(`${op} ${text}`);
    }
    for (const m of diff.moved) lines.push(`# moved "${m.text}" from ${m.from} to ${m.to}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
