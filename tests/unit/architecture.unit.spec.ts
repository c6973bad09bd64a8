// Dependencies point inward. This reads every import in the source tree and checks each layer's rule,
// so a stray import fails the suite even if someone silences the linter.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  const absolute = join(root, folder);
  let entries: string[];
  try {
    entries = readdirSync(absolute);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(absolute, entry);
    if (statSync(path).isDirectory()) return sourceFiles(relative(root, path));
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const bare = [...text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return [...specifiers, ...dynamic, ...bare];
}

/** The top-level folder an import lands in (and the folder below it), or the package name for a bare import. */
function target(file: string, specifier: string): { layer?: string; folder?: string; pkg?: string } {
  if (!specifier.startsWith('.')) return { pkg: specifier.startsWith('node:') ? specifier : specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/') };
  const [layer, folder] = relative(root, resolve(dirname(file), specifier)).split(sep);
  return { layer, folder };
}

/** `adapters/telegram/flows/x.ts` → `telegram`: the adapter folder a file belongs to. */
const adapterOf = (file: string) => relative(join(root, 'adapters'), file).split(sep)[0];

const offencesIn = (layer: string, offends: (file: string, to: ReturnType<typeof target>) => boolean) =>
  sourceFiles(layer).flatMap((file) =>
    importsOf(file)
      .filter((specifier) => offends(file, target(file, specifier)))
      .map((specifier) => `${relative(root, file)} imports ${specifier}`),
  );

const ALLOWED_LAYERS: Record<string, readonly string[]> = {
  domain: ['domain'],
  application: ['domain', 'application'],
  projections: ['domain', 'application', 'projections'],
  adapters: ['domain', 'application', 'adapters'],
};

describe('architecture', () => {
  it('domain/ imports nothing but itself, zod and ts-pattern (domain/calendar/ also luxon, for time zones)', () => {
    const calendar = join(root, 'domain', 'calendar') + sep;
    const offences = sourceFiles('domain').flatMap((file) =>
      importsOf(file)
        .map((specifier) => ({ specifier, ...target(file, specifier) }))
        .filter(({ layer, pkg }) =>
          layer ? layer !== 'domain' : pkg !== 'zod' && pkg !== 'ts-pattern' && !(pkg === 'luxon' && file.startsWith(calendar)),
        )
        .map(({ specifier }) => `${relative(root, file)} imports ${specifier}`),
    );
    expect(offences).toEqual([]);
  });

  it('domain/ reads no clock and draws no randomness', () => {
    const offences = sourceFiles('domain').flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [/new Date\(\s*\)/, /Date\.now\(/, /Math\.random\(/, /randomUUID\(/, /process\./]
        .filter((pattern) => pattern.test(text))
        .map((pattern) => `${relative(root, file)} uses ${pattern.source}`);
    });
    expect(offences).toEqual([]);
  });

  it('each layer imports only the layers inside it', () => {
    const offences = Object.entries(ALLOWED_LAYERS).flatMap(([layer, allowed]) =>
      sourceFiles(layer).flatMap((file) =>
        importsOf(file)
          .map((specifier) => ({ specifier, ...target(file, specifier) }))
          .filter(({ layer: to }) => to !== undefined && !allowed.includes(to))
          .map(({ specifier }) => `${relative(root, file)} imports ${specifier}`),
      ),
    );
    expect(offences).toEqual([]);
  });

  it('an adapter imports no other adapter folder, and nothing from projections/ or infra/', () => {
    const offences = offencesIn(
      'adapters',
      (file, to) => to.layer === 'projections' || to.layer === 'infra' || (to.layer === 'adapters' && to.folder !== adapterOf(file)),
    );
    expect(offences).toEqual([]);
  });

  it('every port lives under application/: only the composition root (infra/) knows adapters and projections', () => {
    // With the rules above this leaves one place for a contract between layers: application/ (or domain/).
    const offences = ['domain', 'application', 'projections'].flatMap((layer) =>
      offencesIn(layer, (_file, to) => to.layer === 'adapters' || to.layer === 'infra'),
    );
    const projectionsImported = ['domain', 'application', 'adapters'].flatMap((layer) =>
      offencesIn(layer, (_file, to) => to.layer === 'projections'),
    );
    expect([...offences, ...projectionsImported]).toEqual([]);
    // The ports adapters implement are all declared there.
    const declared = sourceFiles('application/ports').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/export (?:interface|type) (\w+)/g)].map((m) => m[1]!),
    );
    for (const port of ['EventStore', 'ReadModels', 'SqlExecutor', 'CheckpointStore', 'OutboxWriter', 'OutboxQueue', 'LeaderLock', 'SharedRateLimit', 'ConversationState', 'Clock', 'IdGenerator']) {
      expect(declared, port).toContain(port);
    }
  });

  it('finds the imports it checks (the scanner itself works)', () => {
    expect(importsOf(join(root, 'infra/app.ts'))).toContain('../adapters/http/server.js');
  });
});
