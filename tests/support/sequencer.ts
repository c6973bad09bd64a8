// Runs the longest test files first, so the workers finish at about the same time instead of one of them
// starting a minute-long file (the browser test, the drills) when the others have nothing left. The durations
// come from tests/support/durations.json, measured on a whole run and committed, so the order is the same on
// a fresh clone (vitest's own cache of durations lives in node_modules, which CI installs anew). A file not
// listed yet runs first (it may be long; if it is short it costs nothing there). Refresh the list with
// `npx tsx tests/support/durations.ts` right after a whole `npx vitest run`.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = resolve(import.meta.dirname, '../..');

function knownDurations(): Map<string, number> {
  try {
    const listed = JSON.parse(readFileSync(resolve(import.meta.dirname, 'durations.json'), 'utf8')) as Record<string, number>;
    return new Map(Object.entries(listed));
  } catch {
    return new Map();
  }
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = knownDurations();
    const duration = (spec: TestSpecification) => durations.get(relative(root, spec.moduleId).split('\\').join('/')) ?? Number.POSITIVE_INFINITY;
    // Ties (and two unknown files) by path, so the order is the same on every run.
    return [...files].sort((a, b) => duration(b) - duration(a) || (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0));
  }
}
