// The KurrentDB file backup of backup.sh/restore.sh on a stand-in data directory (SCHOOLBOT_DRIVER=local),
// with the real tar and gzip: files are copied in the documented order (index checkpoints, the rest of
// index/, the database checkpoints, then the chunks), and a restore makes truncate.chk equal chaser.chk.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, run, scriptEnv } from './support.js';

const files: Record<string, string> = {
  'index/indexmap': 'map',
  'index/stream-existence/streamExistenceFilter.chk': 'filter-checkpoint',
  'index/stream-existence/streamExistenceFilter.dat': 'filter',
  'index/5f0c3b1e-ptable': 'ptable',
  'chaser.chk': 'chaser-1234',
  'epoch.chk': 'epoch',
  'truncate.chk': 'truncate-old',
  'writer.chk': 'writer-1234',
  'chunk-000000.000000': 'events 0',
  'chunk-000001.000000': 'events 1',
};

describe('EventStoreDB file backup', () => {
  let dir: string;
  let data: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'schoolbot-esdb-'));
    data = join(dir, 'kurrentdb');
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(data, path)), { recursive: true });
      await writeFile(join(data, path), content);
    }
    env = scriptEnv({
      SCHOOLBOT_DRIVER: 'local',
      EVENT_STORE: 'esdb',
      ESDB_DATA_DIR: data,
      BACKUP_DIR: join(dir, 'backups'),
    });
    return () => rm(dir, { recursive: true, force: true });
  });

  const archive = async () => {
    const names = (await readdir(join(dir, 'backups'))).filter((name) => name.endsWith('.tar.gz'));
    expect(names).toHaveLength(1);
    return join(dir, 'backups', names[0]!);
  };

  it('copies checkpoints before the data they describe, and validates the archive', async () => {
    const result = await run(join(repoRoot, 'scripts', 'backup.sh'), [], { env });
    expect(result.stderr).toContain('backup done');
    expect(result.code).toBe(0);
    const members = (await run('tar', ['-tzf', await archive()])).stdout.split('\n').filter(Boolean);
    expect(members).toEqual([
      'index/stream-existence/streamExistenceFilter.chk',
      'index/5f0c3b1e-ptable',
      'index/indexmap',
      'index/stream-existence/streamExistenceFilter.dat',
      'chaser.chk',
      'epoch.chk',
      'truncate.chk',
      'writer.chk',
      'chunk-000000.000000',
      'chunk-000001.000000',
    ]);
    expect(await readFile(`${await archive()}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} /);
  });

  it('refuses a directory that is not a KurrentDB node', async () => {
    await rm(join(data, 'writer.chk'));
    const result = await run(join(repoRoot, 'scripts', 'backup.sh'), [], { env });
    expect(result.code).toBe(1);
    expect(await readdir(join(dir, 'backups'))).toEqual([]);
  });

  it('restores onto the stopped node and copies chaser.chk over truncate.chk', async () => {
    expect((await run(join(repoRoot, 'scripts', 'backup.sh'), [], { env })).code).toBe(0);
    await rm(data, { recursive: true });
    await mkdir(data);
    await writeFile(join(data, 'chunk-000099.000000'), 'written after the backup');
    const marker = join(dir, 'stopped');
    const result = await run(join(repoRoot, 'scripts', 'restore.sh'), ['--yes', await archive()], {
      env: { ...env, STOP_CMD: `touch ${marker}`, SCHOOLBOT_CMD: 'true', HEALTH_URL: '' },
    });
    expect(result.stderr).toContain('done');
    expect(result.code).toBe(0);
    await expect(readFile(marker, 'utf8')).resolves.toBe('');
    expect(await readFile(join(data, 'truncate.chk'), 'utf8')).toBe('chaser-1234');
    expect(await readFile(join(data, 'chunk-000001.000000'), 'utf8')).toBe('events 1');
    await expect(readFile(join(data, 'chunk-000099.000000'))).rejects.toThrow();
  });
});
