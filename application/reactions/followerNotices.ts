// What the followers of a ticket hear (issue 15, item 6): every change its author would be told of — taken,
// resolved, closed, reopened, cancelled, a comment — and, for a merged ticket, that it was merged (to its
// author too: both follow the survivor from now on). Who follows is recorded in the event itself (the ticket
// decider adds `followers`), so no read model that may lag is asked. Nobody hears of their own action.
import type { TicketEvent } from '../../domain/index.js';
import type { Notification, NotificationOf } from '../notifications/kinds.js';

export interface FollowerNotice {
  recipient: string;
  notification: Notification;
}

type Change = NotificationOf<'ticket_follower_update'>['payload']['change'];

/** The follower's notice of one event, or undefined for an event they do not hear of. */
function changeOf(event: TicketEvent): { change: Change; text?: string } | undefined {
  switch (event.type) {
    case 'TicketAssigned':
      return { change: 'taken' };
    case 'TicketResolved':
      return { change: 'resolved', text: event.data.resolution };
    case 'TicketClosed':
      return { change: 'closed' };
    case 'TicketReopened':
      return { change: 'reopened', text: event.data.reason };
    case 'TicketCancelled':
      return { change: 'cancelled', text: event.data.reason };
    case 'TicketCommented':
      return { change: 'commented', text: event.data.text };
    default:
      return undefined;
  }
}

export function followerNotices(event: TicketEvent, actorId: string): FollowerNotice[] {
  if (event.type === 'TicketMerged') {
    const { number, into, parties, followers } = event.data;
    const told = new Set([parties.authorId, ...followers].filter((id) => id !== actorId));
    return [...told].map((recipient) => ({ recipient, notification: { kind: 'ticket_merged', payload: { number, into } } }));
  }
  const followers = 'followers' in event.data ? (event.data.followers ?? []) : [];
  const change = followers.length > 0 ? changeOf(event) : undefined;
  if (!change) return [];
  // Who did it: the assignee for a taking (a manager's assignment names the technician who has it now).
  const by = event.type === 'TicketAssigned' ? event.data.assigneeId : actorId;
  return followers
    .filter((id) => id !== actorId)
    .map((recipient) => ({
      recipient,
      notification: { kind: 'ticket_follower_update', payload: { number: event.data.number, change: change.change, by, ...(change.text === undefined ? {} : { text: change.text }) } },
    }));
}
