// Steps the end-to-end tests share: a person registered and approved behind the scenes (through the command
// service, projected before the test goes on), and a press or a message that must be answered with a pattern.
import { expect } from 'vitest';
import type { Role } from '../../domain/index.js';
import { ADMIN, type Harness } from './botHarness.js';

/** Registers `id` and has the admin approve them with `role` (and categories), then waits until projected. */
export async function approved(h: Harness, id: string, fullName: string, role: Role, categories: string[] = []): Promise<void> {
  expect((await h.commands.register(await h.as(id), { fullName }, {})).ok).toBe(true);
  expect((await h.commands.approveStaff(await h.as(ADMIN), { telegramId: id, role, categories }, {})).ok).toBe(true);
  await h.eventually(async () => (await h.read.staffById(id))?.status === 'active', `${fullName} projected`);
}

/** Presses a button and returns the first later message to `userId` matching `pattern`. */
export async function press(h: Harness, userId: string, data: string, pattern: RegExp): Promise<string> {
  const seen = h.fake.textsTo(userId).length;
  await h.press(userId, data);
  return h.expectText(userId, pattern, { after: seen });
}

/** Says `text` and returns the first later message to `userId` matching `pattern`. */
export async function ask(h: Harness, userId: string, text: string, pattern: RegExp): Promise<string> {
  const seen = h.fake.textsTo(userId).length;
  await h.say(userId, text);
  return h.expectText(userId, pattern, { after: seen });
}
