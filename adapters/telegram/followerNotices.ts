// The notices of issue 15, item 6, rendered apart from the others: to a follower, what happened to the ticket
// they joined instead of opening a duplicate; to the author and followers of a merged ticket, that it was
// merged and which ticket they follow now (docs/duplicates.md).
import type { PendingMessage } from '../../application/ports/outbox.js';
import { encodeCallback } from './callbackData.js';
import type { Rendered, RenderContext } from './notificationTexts.js';
import { texts } from './texts.js';
import { button } from './turn.js';

export const FOLLOWER_KINDS = ['ticket_follower_update', 'ticket_merged'] as const satisfies ReadonlyArray<PendingMessage['kind']>;

type FollowerKind = (typeof FOLLOWER_KINDS)[number];
export type FollowerNotice = Extract<PendingMessage, { kind: FollowerKind }>;

export const isFollowerNotice = (message: PendingMessage): message is FollowerNotice => (FOLLOWER_KINDS as readonly string[]).includes(message.kind);

const d = texts.dupes;
const openTicket = (number: number) => [[button(texts.lists.open(texts.notifications.ticketRef(number)), encodeCallback('showTicket', number))]];
const send = (text: string, number: number): Rendered => ({ kind: 'send', message: { text, keyboard: openTicket(number) } });

/** One case per kind; the `never` below makes a new one without its text fail the type check. */
export async function renderFollowerNotice(message: FollowerNotice, context: RenderContext): Promise<Rendered> {
  const { read, now } = context;
  switch (message.kind) {
    case 'ticket_follower_update': {
      const p = message.payload;
      const [ticket, names] = await Promise.all([read.ticketByNumber(p.number, now), read.staffNames([p.by])]);
      const title = ticket?.title ?? '';
      const who = names.get(p.by) ?? p.by;
      const text = p.text ?? '';
      const words = {
        taken: () => d.followerTaken(p.number, title, who),
        resolved: () => d.followerResolved(p.number, title, text),
        closed: () => d.followerClosed(p.number, title),
        reopened: () => d.followerReopened(p.number, title, text),
        cancelled: () => d.followerCancelled(p.number, title, text),
        commented: () => d.followerCommented(p.number, title, who, text),
      }[p.change]();
      return send(words, p.number);
    }
    case 'ticket_merged': {
      const p = message.payload;
      const survivor = await read.ticketByNumber(p.into, now);
      return send(d.mergedNotice(p.number, p.into, survivor?.title ?? ''), p.into);
    }
    default: {
      const withoutText: never = message;
      return withoutText;
    }
  }
}
