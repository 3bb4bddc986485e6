// NABirds classes from classes.txt + hierarchy.txt: the FINER rule for fine and coarse labels
// and the parent chain of every class (kept as the sample's taxonomy).
import type { ImportIssueLog } from '../importIssueLog';
import type { IndexLine } from './indexFiles';
import type { NativeClass, TaxonNode } from './nativeTypes';

const PARENTHETICAL = /\s*\([^)]*\)/g;

/** "Bald Eagle (Adult, subadult)" -> { fine: "Bald Eagle", removed: true }. */
export function nabirdsFineLabel(name: string): { fine: string; removed: boolean } {
  const fine = name.replace(PARENTHETICAL, '').replace(/\s+/g, ' ').trim();
  return { fine: fine === '' ? name.trim() : fine, removed: fine !== name.trim() };
}

/** "Ducks, Geese, and Swans" -> ["Ducks", "Geese", "Swans"]. */
export function splitCoarseName(name: string): string[] {
  const parts = name
    .split(/,|\s+and\s+/)
    .map((p) => p.replace(/^\s*and\s+/, '').trim())
    .filter((p) => p !== '');
  return parts.length > 0 ? [...new Set(parts)] : [name.trim()];
}

/**
 * The coarse label of a leaf: its parent, or its grandparent when the parent's name is part of
 * the fine name (case-insensitive) or a parenthetical was removed from the class name.
 */
export function nabirdsCoarse(
  fine: string,
  removed: boolean,
  parent: string,
  grandparent?: string,
): string[] {
  const useGrandparent = removed || fine.toLowerCase().includes(parent.toLowerCase());
  return splitCoarseName(useGrandparent && grandparent !== undefined ? grandparent : parent);
}

export function nabirdsClasses(
  classLines: Map<string, IndexLine>,
  hierarchy: IndexLine[],
  where: { classesFile: string; hierarchyFile: string; log: ImportIssueLog },
): Map<string, NativeClass> {
  const { log } = where;
  const parentOf = new Map<string, string>();
  const hasChild = new Set<string>();
  for (const h of hierarchy) {
    if (!classLines.has(h.id)) {
      log.error(where.hierarchyFile, h.line, 'class_id', `class id ${h.id} is not in ${where.classesFile}`);
      continue;
    }
    if (!classLines.has(h.rest)) {
      log.error(
        where.hierarchyFile,
        h.line,
        'parent_id',
        `parent id ${h.rest} is not in ${where.classesFile}`,
      );
      continue;
    }
    if (parentOf.has(h.id)) {
      log.error(where.hierarchyFile, h.line, 'class_id', `class id ${h.id} has a second parent; ignored`);
      continue;
    }
    parentOf.set(h.id, h.rest);
    hasChild.add(h.rest);
  }
  const classes = new Map<string, NativeClass>();
  for (const [id, line] of classLines) {
    // The chain from the class up to the root (a loop is cut where it repeats).
    const chain: string[] = [id];
    for (let p = parentOf.get(id); p !== undefined && !chain.includes(p); p = parentOf.get(p)) chain.push(p);
    if (chain.length > 1 && parentOf.has(chain[chain.length - 1] as string)) {
      log.error(where.hierarchyFile, undefined, 'parent_id', `the hierarchy loops at class ${id}`);
    }
    const { fine, removed } = nabirdsFineLabel(line.rest);
    const name = (cid: string): string => classLines.get(cid)?.rest ?? cid;
    const parent = chain[1];
    const grandparent = chain[2];
    // Top-down path without the root node (the one class every chain ends at).
    const path = chain.slice(0, chain.length > 1 ? -1 : undefined).reverse();
    const taxonomy: TaxonNode[] = path.map((cid, i) => ({
      rank: `level ${i + 1}`,
      name: cid === id ? fine : name(cid),
      id: Number(cid),
    }));
    const cls: NativeClass = {
      key: id,
      fine: [fine],
      superordinate: 'Bird',
      taxonomy,
      source: {
        classId: Number(id),
        className: line.rest,
        parentId: parent === undefined ? null : Number(parent),
      },
    };
    if (parent !== undefined) {
      cls.coarse = nabirdsCoarse(
        fine,
        removed,
        name(parent),
        grandparent === undefined ? undefined : name(grandparent),
      );
    } else if (!hasChild.has(id)) {
      log.warning(
        where.classesFile,
        line.line,
        'class_id',
        `class ${id} (${line.rest}) has no parent in the hierarchy`,
      );
    }
    classes.set(id, cls);
  }
  return classes;
}
