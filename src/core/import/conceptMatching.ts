// Matches concepts of an attributes file to the fine labels of the imported samples
// (case-insensitively, on any fine label of a sample and on a concept's name or common
// name), so the summary can list what has no counterpart.
import type { NewConcept } from '../model';

export interface ConceptMatchReport {
  unmatchedConcepts: string[];
  unmatchedClasses: string[];
}

/** The distinct fine classes seen during an import; a class is keyed by its first fine label. */
export class FineClassIndex {
  private readonly classes = new Map<string, { label: string; keys: string[] }>();
  private readonly allKeys = new Set<string>();

  private readonly seenLabelSets = new Set<string>();

  addSample(fine: readonly string[]): void {
    const first = fine[0];
    if (first === undefined) return;
    // Most samples repeat a label set already seen: skip the case folding for those.
    const exact = fine.length === 1 ? first : fine.join('\u0000');
    if (this.seenLabelSets.has(exact)) return;
    this.seenLabelSets.add(exact);
    const classKey = first.toLowerCase();
    let entry = this.classes.get(classKey);
    if (!entry) {
      entry = { label: first, keys: [] };
      this.classes.set(classKey, entry);
    }
    for (const label of fine) {
      const key = label.toLowerCase();
      if (!entry.keys.includes(key)) entry.keys.push(key);
      this.allKeys.add(key);
    }
  }

  report(concepts: readonly NewConcept[]): ConceptMatchReport {
    const conceptKeys = new Set<string>();
    const unmatchedConcepts: string[] = [];
    for (const concept of concepts) {
      const keys = [concept.name, concept.commonName]
        .filter((k): k is string => k !== null)
        .map((k) => k.toLowerCase());
      keys.forEach((k) => conceptKeys.add(k));
      if (!keys.some((k) => this.allKeys.has(k))) unmatchedConcepts.push(concept.name);
    }
    const unmatchedClasses: string[] = [];
    for (const { label, keys } of this.classes.values()) {
      if (!keys.some((k) => conceptKeys.has(k))) unmatchedClasses.push(label);
    }
    return { unmatchedConcepts, unmatchedClasses };
  }
}
