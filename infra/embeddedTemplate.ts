// The embedded store's migrated template: a PGlite data directory with every migration applied, made at
// `npm run build` (the Docker image's build stage too) and copied into a new DATA_DIR, so a first start
// neither runs initdb nor the migrations. Named by a hash of the migrations: a new or changed migration
// names a new template, and until it is made a new DATA_DIR starts from initdb's template and migrates.
import { createHash } from 'node:crypto';
import { migrations } from '../adapters/postgres/migrations/index.js';
import { runMigrations } from '../adapters/postgres/migrations/runner.js';
import { createPgliteExecutor } from '../adapters/sql/pgliteExecutor.js';
import { ensureTemplate, templatePath } from '../adapters/sql/pgliteTemplate.js';

function schemaTemplateName(): string {
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.id}\n${migration.sql}\n`);
  return `schema-${hash.digest('hex').slice(0, 16)}`;
}

/** Where the template for the current migrations is (or would be). */
export const migratedTemplatePath = () => templatePath(schemaTemplateName());

/** Makes the migrated template unless it exists; its path, or undefined when it could not be made. */
export function prepareMigratedTemplate(): Promise<string | undefined> {
  return ensureTemplate(schemaTemplateName(), async (dir) => {
    const sql = await createPgliteExecutor({ dataDir: dir });
    try {
      await runMigrations(sql, migrations);
    } finally {
      await sql.close();
    }
  });
}
