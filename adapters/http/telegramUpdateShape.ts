// The parts of a Telegram update the bot reads, checked at the boundary. Telegram's own updates always pass;
// one with a field of the wrong type (a proxy's mistake, a forged delivery that knows the secret) would throw
// deep inside a flow and be answered 500, and Telegram would then deliver it again forever. Unknown fields are
// kept: Telegram adds fields often and the bot ignores what it does not read.
import { z } from 'zod';

const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const chat = z.looseObject({ id: z.number().int(), type: z.string() });

const photoSize = z.looseObject({ file_id: z.string(), file_unique_id: z.string() });

const message = z.looseObject({
  message_id: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSize).optional(),
  media_group_id: z.string().optional(),
  message_thread_id: z.number().int().optional(),
  is_topic_message: z.boolean().optional(),
});

const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.looseObject({ message_id: z.number().int(), chat }).optional(),
});

const updateShape = z.looseObject({
  update_id: z.number().int(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: z.looseObject({ chat, from: user }).optional(),
});

export type UpdateCheck = { ok: true } | { ok: false; problems: string[] };

/** Whether the bot can read `update`; otherwise the paths of the fields that are wrong (never their values). */
export function checkUpdateShape(update: unknown): UpdateCheck {
  const parsed = updateShape.safeParse(update);
  if (parsed.success) return { ok: true };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(update)'}: ${issue.code}`) };
}
