// What a test needs from the machine beyond Node: system tools (promtool, nginx, pg_dump…) and the
// PostgreSQL and Redis servers. A test whose tool is missing is skipped, with the reason in its title, and
// the run ends with one line naming each missing tool and the Debian package that brings it (printed by
// tests/support/globalSetup.ts). With SCHOOLBOT_REQUIRE_TOOLS=1 (set by .ci/run) a missing tool fails the
// test file instead, so CI always runs everything.
//
//   const missing = requireTools(['promtool', 'prometheus']);
//   describe.skipIf(missing !== undefined)(titled('Prometheus configuration', missing), () => { … });
import { accessSync, constants, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { inject } from 'vitest';

/** A tool and the Debian package that installs it. */
export type ToolRequirement = readonly [tool: string, debianPackage: string];

export interface MachineServices {
  /** undefined when reachable, else why not. */
  postgres?: string;
  redis?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where test files record what they missed, for the summary line (tests/support/globalSetup.ts). */
    schoolbotMissingDir: string;
    schoolbotServices: MachineServices;
  }
}

export const REQUIRE_TOOLS_VARIABLE = 'SCHOOLBOT_REQUIRE_TOOLS';

export function toolsAreRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[REQUIRE_TOOLS_VARIABLE]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false' && value !== 'no';
}

/** The full path of `tool` on PATH, or undefined. */
export function findOnPath(tool: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function record(name: string, installHint: string): void {
  let dir: string | undefined;
  try {
    dir = inject('schoolbotMissingDir');
  } catch {
    dir = undefined; // outside a vitest run with the global setup (e.g. a bench): nothing to summarise
  }
  if (!dir) return;
  // One file per missing thing: workers run in separate processes; the global setup reads the directory.
  writeFileSync(join(dir, encodeURIComponent(name)), installHint);
}

function missing(found: readonly (readonly [string, string])[]): string | undefined {
  if (found.length === 0) return undefined;
  const reason = `needs ${found.map(([name, hint]) => `${name} (${hint})`).join(', ')}`;
  if (toolsAreRequired()) {
    throw new Error(`${reason}, which this machine lacks; ${REQUIRE_TOOLS_VARIABLE}=1 makes a missing tool a failure instead of a skip`);
  }
  for (const [name, hint] of found) record(name, hint);
  return reason;
}

/**
 * undefined when every tool is on PATH; otherwise the skip reason ("needs promtool (apt install prometheus)"),
 * recorded for the run's summary. Throws instead when SCHOOLBOT_REQUIRE_TOOLS=1.
 */
export function requireTools(...tools: readonly ToolRequirement[]): string | undefined {
  return missing(tools.filter(([tool]) => findOnPath(tool) === undefined).map(([tool, pkg]) => [tool, `apt install ${pkg}`]));
}

export function requireTool(tool: string, debianPackage: string): string | undefined {
  return requireTools([tool, debianPackage]);
}

function services(): MachineServices {
  try {
    return inject('schoolbotServices') ?? {};
  } catch {
    return {};
  }
}

/** undefined when the test PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432) answers; else the skip reason. */
export function requirePostgres(): string | undefined {
  const why = services().postgres;
  return why === undefined ? undefined : missing([['PostgreSQL', `${why}; apt install postgresql, or set TEST_DATABASE_URL`]]);
}

/** undefined when the shared Redis (REDIS_URL, default 127.0.0.1:6379) answers; else the skip reason. */
export function requireRedis(): string | undefined {
  const why = services().redis;
  return why === undefined ? undefined : missing([['Redis', `${why}; apt install redis-server`]]);
}

/** The first reason among several requirements. */
export function firstMissing(...reasons: readonly (string | undefined)[]): string | undefined {
  return reasons.find((reason) => reason !== undefined);
}

/** A describe/it title with the skip reason appended, so the reporter shows why. */
export function titled(title: string, reason: string | undefined): string {
  return reason === undefined ? title : `${title} — skipped: ${reason}`;
}

/** The tools the tests use, each with the Debian package that brings it (.ci/run installs them all). */
export const TOOL = {
  promtool: ['promtool', 'prometheus'],
  prometheus: ['prometheus', 'prometheus'],
  amtool: ['amtool', 'prometheus-alertmanager'],
  alertmanager: ['prometheus-alertmanager', 'prometheus-alertmanager'],
  envsubst: ['envsubst', 'gettext-base'],
  shellcheck: ['shellcheck', 'shellcheck'],
  nginx: ['nginx', 'nginx-light'],
  dockerCompose: ['docker-compose', 'docker-compose'],
  pgDump: ['pg_dump', 'postgresql-client'],
  pgRestore: ['pg_restore', 'postgresql-client'],
  psql: ['psql', 'postgresql-client'],
  pgbench: ['pgbench', 'postgresql-client'],
  redisServer: ['redis-server', 'redis-server'],
  curl: ['curl', 'curl'],
  chromium: ['chromium', 'chromium'],
  pdftoppm: ['pdftoppm', 'poppler-utils'],
} as const satisfies Record<string, ToolRequirement>;
