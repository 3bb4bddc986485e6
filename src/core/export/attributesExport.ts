// Writes corrected concept attributes back in the FINER parsed-attributes format
// (`[{id, name, [common_name], attr_binomial: {required, likely}}]`, "none" for an empty
// list, as FINER does) plus a report of what changed, who changed it, when and why.
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { diffConceptAttributes } from '../analysis/attributeEditingDiff';
import type { ConceptAttributeDiff } from '../analysis/attributeEditingDiff';
import { StoreError } from '../errors';
import type { Concept } from '../model';
import type { AttributeChange } from '../store/attributeQueries';
import type { FinerStore } from '../store/finerStore';

export type AttributesExportStore = Pick<
  FinerStore,
  'getDataset' | 'listConcepts' | 'datasetAttributeChanges'
>;

export interface FinerAttributeEntry {
  id: number;
  name: string;
  common_name?: string;
  attr_binomial: { required: string[]; likely: string[] };
}

export interface ConceptChangeReport {
  conceptId: number;
  sourceId: number | null;
  name: string;
  diff: ConceptAttributeDiff;
  changes: {
    action: string;
    detail: string | null;
    actor: string;
    reason: string | null;
    createdAt: string;
  }[];
}

export interface AttributeChangesReport {
  dataset: string;
  generatedAt: string;
  conceptsTotal: number;
  conceptsChanged: number;
  concepts: ConceptChangeReport[];
}

const noneIfEmpty = (list: readonly string[]): string[] => (list.length === 0 ? ['none'] : [...list]);

/** Entries in the FINER format; concepts without a source id get ids after the largest one. */
export function finerAttributeEntries(concepts: readonly Concept[]): FinerAttributeEntry[] {
  const ordered = [...concepts].sort(
    (a, b) =>
      (a.sourceId ?? Number.MAX_SAFE_INTEGER) - (b.sourceId ?? Number.MAX_SAFE_INTEGER) ||
      a.name.localeCompare(b.name),
  );
  let nextId = Math.max(-1, ...concepts.map((c) => c.sourceId ?? -1)) + 1;
  return ordered.map((c) => ({
    id: c.sourceId ?? nextId++,
    name: c.name,
    ...(c.commonName !== null ? { common_name: c.commonName } : {}),
    attr_binomial: { required: noneIfEmpty(c.required), likely: noneIfEmpty(c.likely) },
  }));
}

function groupByConcept(changes: readonly AttributeChange[]): Map<number, AttributeChange[]> {
  const out = new Map<number, AttributeChange[]>();
  for (const change of changes) {
    const list = out.get(change.conceptId) ?? [];
    list.push(change);
    out.set(change.conceptId, list);
  }
  return out;
}

export function buildAttributeChangesReport(
  store: AttributesExportStore,
  datasetId: number,
  now: Date = new Date(),
): AttributeChangesReport {
  const dataset = store.getDataset(datasetId);
  if (!dataset) throw new StoreError(`Dataset ${datasetId} does not exist.`, 'not-found');
  const concepts = store.listConcepts(datasetId);
  const history = groupByConcept(store.datasetAttributeChanges(datasetId));
  const reports: ConceptChangeReport[] = [];
  for (const concept of concepts) {
    const changes = history.get(concept.id) ?? [];
    if (changes.length === 0) continue;
    reports.push({
      conceptId: concept.id,
      sourceId: concept.sourceId,
      name: concept.name,
      diff: diffConceptAttributes(concept, changes),
      changes: changes.map((c) => ({
        action: c.action,
        detail: c.detail,
        actor: c.actor,
        reason: c.reason,
        createdAt: c.createdAt,
      })),
    });
  }
  return {
    dataset: dataset.name,
    generatedAt: now.toISOString(),
    conceptsTotal: concepts.length,
    conceptsChanged: reports.filter((r) => r.diff.changed).length,
    concepts: reports,
  };
}

/** Markdown version of the report; user text is escaped so it cannot break the layout. */
export function formatChangesReportMarkdown(report: AttributeChangesReport): string {
  const esc = (s: string): string => s.replace(/([\\`*_[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ');
  const lines = [
    `# Attribute changes: ${esc(report.dataset)}`,
    '',
    `Generated ${report.generatedAt}. ${report.conceptsChanged} of ${report.conceptsTotal} concepts differ from the imported attributes.`,
  ];
  for (const concept of report.concepts) {
    const { diff } = concept;
    lines.push(
      '',
      `## ${esc(concept.name)}${concept.sourceId === null ? '' : ` (id ${concept.sourceId})`}`,
      '',
    );
    if (!diff.changed) lines.push('Edited, but now the same as imported.', '');
    for (const kind of ['required', 'likely'] as const) {
      const k = diff[kind];
      for (const t of k.added) lines.push(`- ${kind}: added "${esc(t)}"`);
      for (const t of k.removed) lines.push(`- ${kind}: removed "${esc(t)}"`);
      if (k.reordered) lines.push(`- ${kind}: reordered`);
    }
    for (const m of diff.moved) lines.push(`- moved "${esc(m.text)}" from ${m.from} to ${m.to}`);
    lines.push('', '| When | Who | Change | Reason |', '| --- | --- | --- | --- |');
    for (const c of concept.changes) {
      lines.push(
        `| ${c.createdAt} | ${esc(c.actor)} | ${esc(c.detail ?? c.action)} | ${esc(c.reason ?? '')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface AttributesExportResult {
  concepts: number;
  conceptsChanged: number;
  outFile: string;
  reportFile?: string;
}

/** Writes the FINER file and, when asked, the report (JSON for a .json name, else markdown). */
export async function exportFinerAttributes(
  store: AttributesExportStore,
  datasetId: number,
  outFile: string,
  reportFile?: string,
): Promise<AttributesExportResult> {
  const report = buildAttributeChangesReport(store, datasetId);
  const entries = finerAttributeEntries(store.listConcepts(datasetId));
  await writeFile(outFile, `${JSON.stringify(entries, null, 2)}\n`, 'utf8');
  if (reportFile !== undefined) {
    const text =
      extname(reportFile).toLowerCase() === '.json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : formatChangesReportMarkdown(report);
    await writeFile(reportFile, text, 'utf8');
  }
  return {
    concepts: entries.length,
    conceptsChanged: report.conceptsChanged,
    outFile,
    ...(reportFile !== undefined ? { reportFile } : {}),
  };
}
