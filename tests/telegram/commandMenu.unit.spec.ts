// The command menus keep Telegram's rules (a command is 1–32 of a-z, 0-9, _; a description 1–256 characters)
// and say nothing /help does not: each command of a role's menu is on that role's /help.
import { describe, expect, it } from 'vitest';
import { commandMenuFor, defaultCommandMenu } from '../../adapters/telegram/commandMenu.js';
import { texts } from '../../adapters/telegram/texts.js';
import { ROLES, type Role } from '../../domain/index.js';

/** What /help shows each role (adapters/telegram/flows/start.ts helpFor): the common lines and their role's. */
const helpOf = (role: Role): string => {
  const h = texts.help;
  const lines = [...h.common];
  if (role === 'technician' || role === 'admin') lines.push(...h.technician);
  if (role === 'deputy' || role === 'director' || role === 'admin') lines.push(...h.manager);
  if (role !== 'teacher' && role !== 'auditor') lines.push(...h.merge);
  if (role === 'auditor') lines.push(...h.auditor);
  if (role === 'admin') lines.push(...h.admin);
  return lines.join('\n');
};

describe('command menus', () => {
  it('keep Telegram’s rules for commands and descriptions, in Russian', () => {
    for (const menu of [defaultCommandMenu(), commandMenuFor(null), ...ROLES.map((role) => commandMenuFor(role))]) {
      expect(new Set(menu.map((c) => c.command)).size).toBe(menu.length);
      for (const { command, description } of menu) {
        expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(description.length).toBeGreaterThan(0);
        expect(description.length).toBeLessThanOrEqual(256);
        expect(description).toMatch(/^[А-ЯЁ]/);
      }
    }
  });

  it.each(ROLES)('%s: every command of the menu is on /help, and every command /help lists is in the menu', (role) => {
    const menu = commandMenuFor(role).map((c) => c.command);
    const help = helpOf(role);
    for (const command of menu.filter((c) => c !== 'help')) expect(help).toMatch(new RegExp(`^/${command}\\b`, 'm'));
    const listed = [...help.matchAll(/^\/([a-z_]+)/gm)].map((m) => m[1]!);
    for (const command of listed) expect(menu).toContain(command);
  });

  it('gives a switched-off person only /start and /help', () => {
    expect(commandMenuFor(null).map((c) => c.command)).toEqual(['start', 'help']);
  });
});
