// Every command the operator's guide and the README show must exist: each `schoolbot <command>` is a
// command of the CLI, each scripts/… file exists, and each script option shown is in the script's --help.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './support.js';

const documents = ['docs/operations.md', 'README.md'];

describe.each(documents)('%s', (document) => {
  let text: string;
  let cliHelp: string;
  beforeAll(async () => {
    text = await readFile(join(repoRoot, document), 'utf8');
    cliHelp = (await run('node', ['bin/schoolbot.js', '--help'], { timeoutMs: 60_000 })).stdout;
  });

  it('shows only schoolbot commands that exist', () => {
    // Commands are what appears in code: fenced blocks and `inline spans`; prose may say "schoolbot" freely.
    const code = [...text.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].map((match) => match[0]).join('\n');
    const commands = new Set([...code.matchAll(/\bschoolbot ([a-z][a-z-]*)/g)].map((match) => match[1]!));
    const known = [...cliHelp.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1]!);
    if (document === 'docs/operations.md') expect(commands.size).toBeGreaterThanOrEqual(3);
    for (const command of commands) expect(known, `schoolbot ${command}`).toContain(command);
  });

  it('shows only scripts that exist, with options their --help lists', async () => {
    const uses = [...text.matchAll(/scripts\/([a-z_]+\.sh)((?: (?:--?[a-z-]+|prod|staging|\d+))*)/g)];
    for (const [, script, options] of uses) {
      await access(join(repoRoot, 'scripts', script!));
      const help = (await run(join(repoRoot, 'scripts', script!), ['--help'], { env: { PATH: process.env.PATH } }))
        .stdout;
      for (const option of (options ?? '').split(' ').filter((word) => word.startsWith('-'))) {
        expect(help, `${script} ${option}`).toContain(option);
      }
    }
  });
});
