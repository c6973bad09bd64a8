// A new embedded data directory is copied from a ready-made one (adapters/sql/pgliteTemplate.ts): made once,
// whole or not at all, and a copy never leaves a directory that looks initialised but is not.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteExecutor } from '../../../adapters/sql/pgliteExecutor.js';
import { copyTemplate, ensureTemplate, isDataDir, templatePath } from '../../../adapters/sql/pgliteTemplate.js';

const work = mkdtempSync(join(tmpdir(), 'sb-template-'));
const names: string[] = [];
const uniqueName = () => {
  const name = `test-${randomUUID().slice(0, 8)}`;
  names.push(name);
  return name;
};
/** A stand-in for initdb: a directory with PG_VERSION and one more file. */
const fakeCluster = async (dir: string) => {
  mkdirSync(join(dir, 'base'), { recursive: true });
  writeFileSync(join(dir, 'base', 'table'), 'rows');
  writeFileSync(join(dir, 'PG_VERSION'), '17');
};

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  for (const name of names) rmSync(templatePath(name), { recursive: true, force: true });
});

describe('ensureTemplate', () => {
  it('builds a template once and hands the same path to every caller, also to callers racing the first', async () => {
    const name = uniqueName();
    let builds = 0;
    const build = async (dir: string) => {
      builds += 1;
      await fakeCluster(dir);
    };
    const paths = await Promise.all([ensureTemplate(name, build), ensureTemplate(name, build)]);
    expect(paths).toEqual([templatePath(name), templatePath(name)]);
    expect(readFileSync(join(templatePath(name), 'base', 'table'), 'utf8')).toBe('rows');
    const racing = builds;
    expect(await ensureTemplate(name, build)).toBe(templatePath(name));
    expect(builds).toBe(racing);
    expect(readdirSync(join(templatePath(name), '..')).filter((file) => file.includes(`${name}.`))).toEqual([]);
  });

  it('gives nothing, and leaves nothing behind, when the build fails or makes no cluster', async () => {
    const failing = uniqueName();
    expect(await ensureTemplate(failing, () => Promise.reject(new Error('initdb failed')))).toBeUndefined();
    const empty = uniqueName();
    expect(await ensureTemplate(empty, async (dir) => void mkdirSync(dir, { recursive: true }))).toBeUndefined();
    const left = readdirSync(join(templatePath(failing), '..')).filter((file) => file.includes(failing) || file.includes(empty));
    expect(left).toEqual([]);
  });
});

describe('copyTemplate', () => {
  it('fills an empty data directory from the first template that exists', async () => {
    const template = join(work, 'template');
    await fakeCluster(template);
    const dataDir = join(work, 'data-empty');
    mkdirSync(dataDir);
    expect(copyTemplate([join(work, 'missing'), undefined, template], dataDir)).toBe(true);
    expect(isDataDir(dataDir)).toBe(true);
    expect(readFileSync(join(dataDir, 'base', 'table'), 'utf8')).toBe('rows');
    expect(existsSync(`${dataDir}.copying`)).toBe(false);
  });

  it('leaves a directory with files in it, and does nothing without a template', async () => {
    const template = join(work, 'template-2');
    await fakeCluster(template);
    const used = join(work, 'data-used');
    mkdirSync(used);
    writeFileSync(join(used, 'something'), 'x');
    expect(copyTemplate([template], used)).toBe(false);
    expect(readdirSync(used)).toEqual(['something']);
    expect(copyTemplate([join(work, 'missing')], join(work, 'data-none'))).toBe(false);
    expect(existsSync(join(work, 'data-none'))).toBe(false);
  });
});

describe('a new embedded data directory', () => {
  it('starts from the given template: what the template holds is there without running anything', async () => {
    const name = uniqueName();
    const template = await ensureTemplate(name, async (dir) => {
      const sql = await createPgliteExecutor({ dataDir: dir });
      try {
        await sql.query("CREATE TABLE made_in_template (note text); INSERT INTO made_in_template VALUES ('from the template')");
      } finally {
        await sql.close();
      }
    });
    expect(template).toBe(templatePath(name));
    // The template itself started from initdb's template, which the first open made.
    expect(isDataDir(templatePath('initdb'))).toBe(true);

    const sql = await createPgliteExecutor({ dataDir: join(work, 'fresh', 'pglite'), templates: [template] });
    try {
      const rows = await sql.query<{ note: string }>('SELECT note FROM made_in_template');
      expect(rows.rows).toEqual([{ note: 'from the template' }]);
      await sql.query("INSERT INTO made_in_template VALUES ('only here')");
    } finally {
      await sql.close();
    }
    // The copy is the data directory's own: the template is unchanged.
    const again = await createPgliteExecutor({ dataDir: join(work, 'fresh-2', 'pglite'), templates: [template] });
    try {
      expect((await again.query('SELECT note FROM made_in_template')).rowCount).toBe(1);
    } finally {
      await again.close();
    }
  }, 120_000);
});
