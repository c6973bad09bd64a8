// Ticket state and its fold. `evolve` only applies facts; every rule lives in decide.ts.
import { match } from 'ts-pattern';
import type { Category, Priority } from '../shared/values.js';
import type { TicketEvent } from './events.js';
import { roomOfPlace } from '../room/number.js';

export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed' | 'cancelled' | 'waiting';

/** An open question to the author (status `waiting`). */
export interface WaitingOnAuthor {
  readonly askedBy: string;
  readonly askedAt: string;
  readonly question: string;
  /** The status the ticket goes back to once answered. */
  readonly from: 'open' | 'in_progress';
  /** When the scheduler reminded the author, or null. */
  readonly remindedAt: string | null;
}

/** The rating of the current resolution: the first rating's moment bounds the day it may be changed in. */
export interface ResolutionRating {
  readonly resolvedAt: string;
  readonly rating: number;
  readonly firstRatedAt: string;
}

export interface Ticket {
  readonly status: TicketStatus;
  readonly number: number;
  readonly title: string;
  readonly category: Category;
  readonly priority: Priority;
  readonly authorId: string;
  readonly assigneeId: string | null;
  readonly openedAt: string;
  /** When the due clock last started: opening, or the last reopening. */
  readonly clockStartedAt: string;
  readonly dueAt: string;
  /** The first-response target (school time); meaningful while nobody is on the ticket. Null before 2026-12-03. */
  readonly respondBy: string | null;
  /** Escalations recorded, as `target@dueAt`: each at most once. */
  readonly escalations: readonly string[];
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly reopenCount: number;
  readonly commentCount: number;
  /** Who resolved it last (null until resolved, and after a reopening). */
  readonly resolvedBy: string | null;
  /** The question the author has not answered yet (status `waiting`), or null. */
  readonly waiting: WaitingOnAuthor | null;
  /** The author's rating of the resolution, or null (a reopening leaves it with the old resolution). */
  readonly rating: ResolutionRating | null;
  /** The room's number: given at opening (a poster), named by its place, or set later (TicketRoomSet); null when none. */
  readonly room: string | null;
  /** Who follows it (joined instead of opening a duplicate, or followed a ticket merged into it). */
  readonly followers: readonly string[];
  /** The survivor this ticket was merged into (it is closed), or null. */
  readonly mergedInto: number | null;
  /** The tickets merged into this one. */
  readonly absorbed: readonly number[];
}

export type EscalationTarget = 'first_response' | 'resolution';

/** How a recorded escalation is remembered: once per target and due moment. */
export const escalationKey = (target: EscalationTarget, dueAt: string): string => `${target}@${dueAt}`;

export type TicketState = { readonly status: 'none' } | Ticket;

export const initialTicketState: TicketState = { status: 'none' };

export const ticketExists = (state: TicketState): state is Ticket => state.status !== 'none';

const withFollowers = (followers: readonly string[], added: readonly string[]): readonly string[] => [
  ...followers,
  ...added.filter((id, i) => !followers.includes(id) && added.indexOf(id) === i),
];

export function evolveTicket(state: TicketState, event: TicketEvent): TicketState {
  if (event.type === 'TicketOpened') {
    const { data } = event;
    return {
      status: 'open',
      number: data.number,
      title: data.title,
      category: data.category,
      priority: data.priority,
      authorId: data.authorId,
      assigneeId: null,
      openedAt: data.openedAt,
      room: data.room ?? roomOfPlace(data.location),
      clockStartedAt: data.openedAt,
      dueAt: data.dueAt,
      respondBy: data.respondBy ?? null,
      escalations: [],
      resolvedAt: null,
      closedAt: null,
      reopenCount: 0,
      commentCount: 0,
      resolvedBy: null,
      waiting: null,
      rating: null,
      followers: [],
      mergedInto: null,
      absorbed: [],
    };
  }
  // Any other event before TicketOpened cannot come from our deciders; the fold leaves the state alone.
  if (!ticketExists(state)) return state;
  return match(event)
    .with({ type: 'TicketAssigned' }, ({ data }): Ticket => ({
      ...state,
      status: 'in_progress',
      assigneeId: data.assigneeId,
    }))
    .with({ type: 'TicketCommented' }, (): Ticket => ({ ...state, commentCount: state.commentCount + 1 }))
    .with({ type: 'TicketPriorityChanged' }, ({ data }): Ticket => ({
      ...state,
      priority: data.to,
      dueAt: data.dueAt,
      respondBy: data.respondBy ?? state.respondBy,
    }))
    .with({ type: 'TicketResolved' }, ({ data }): Ticket => ({
      ...state,
      status: 'resolved',
      resolvedAt: data.resolvedAt,
      resolvedBy: data.resolvedBy,
    }))
    .with({ type: 'TicketClosed' }, ({ data }): Ticket => ({ ...state, status: 'closed', closedAt: data.closedAt, waiting: null }))
    .with({ type: 'TicketReopened' }, ({ data }): Ticket => ({
      ...state,
      status: 'in_progress',
      assigneeId: data.assigneeId ?? state.assigneeId,
      clockStartedAt: data.reopenedAt,
      dueAt: data.dueAt,
      respondBy: data.respondBy ?? state.respondBy,
      resolvedAt: null,
      resolvedBy: null,
      closedAt: null,
      reopenCount: state.reopenCount + 1,
    }))
    .with({ type: 'TicketInfoRequested' }, ({ data }): Ticket => ({
      ...state,
      status: 'waiting',
      // A question to the author is a first response: no first-response target is pending any more.
      respondBy: null,
      waiting: {
        askedBy: data.askedBy,
        askedAt: data.askedAt,
        question: data.question,
        from: data.from ?? (state.status === 'open' ? 'open' : 'in_progress'),
        remindedAt: null,
      },
    }))
    .with({ type: 'TicketInfoProvided' }, ({ data }): Ticket => ({
      ...state,
      status: data.resumedTo ?? state.waiting?.from ?? (state.assigneeId ? 'in_progress' : 'open'),
      dueAt: data.dueAt,
      waiting: null,
    }))
    .with({ type: 'TicketRoomSet' }, ({ data }): Ticket => ({ ...state, room: data.room }))
    .with({ type: 'TicketInfoReminded' }, ({ data }): Ticket => ({
      ...state,
      waiting: state.waiting && { ...state.waiting, remindedAt: data.remindedAt },
    }))
    .with({ type: 'TicketRated' }, ({ data }): Ticket => ({
      ...state,
      rating: {
        resolvedAt: data.resolvedAt,
        rating: data.rating,
        // A replacement within the day keeps the first rating's moment: the day is counted from it.
        firstRatedAt: state.rating?.resolvedAt === data.resolvedAt ? state.rating.firstRatedAt : data.ratedAt,
      },
    }))
    .with({ type: 'TicketCancelled' }, (): Ticket => ({ ...state, status: 'cancelled' }))
    .with({ type: 'TicketFollowed' }, ({ data }): Ticket => ({ ...state, followers: withFollowers(state.followers, [data.followerId]) }))
    .with({ type: 'TicketMerged' }, ({ data }): Ticket => ({
      ...state,
      status: 'closed',
      closedAt: data.mergedAt,
      mergedInto: data.into,
      waiting: null,
    }))
    .with({ type: 'TicketAbsorbed' }, ({ data }): Ticket => ({
      ...state,
      followers: withFollowers(state.followers, data.followers),
      absorbed: [...state.absorbed, data.from],
    }))
    .with(
      // Stryker disable next-line ObjectLiteral: the last pattern of an exhaustive match; every other type matched above, so {} matches exactly the same
      { type: 'TicketEscalated' },
      ({ data }): Ticket => ({ ...state, escalations: [...state.escalations, escalationKey(data.target, data.dueAt)] }),
    )
    .exhaustive();
}

export const foldTicket = (events: readonly TicketEvent[]): TicketState =>
  events.reduce(evolveTicket, initialTicketState);
