// Following and merging tickets (issue 15, item 6: "Об этом уже сообщили"). Joining a ticket makes the
// person a follower of it instead of the author of a duplicate; a technician merges a duplicate into the
// ticket that stays (the survivor).
//
// A merge writes to two streams: TicketMerged on the merged ticket, then TicketAbsorbed on the survivor. The
// second append's command id derives from the merge itself (absorbCommandId), so whoever completes it after a
// crash between the two appends — Telegram redelivering the same update (same command id: the merge is found
// already recorded), or someone repeating the merge (/merge 125 124 again) — appends it once; and the
// survivor's decider records each merged ticket once.
import type { CommandMetadata, TicketCommand, TicketEvent } from '../../domain/index.js';
import { ticketStreamName } from '../../domain/index.js';
import { ticketAggregate } from '../aggregates.js';
import { uuidV5 } from '../eventIds.js';
import type { Person, Scheduler } from '../people.js';
import { loadStream } from '../streamLoader.js';
import type { CommandContext, NumberedResult, RequestMeta, Who } from './context.js';
import { withNumber } from './context.js';
import type { TicketRef } from './tickets.js';

type Result = Promise<NumberedResult<TicketEvent>>;

/** The survivor's half of merging `from` into `into`: one id, whoever appends it. */
export const absorbCommandId = (from: number, into: number): string => uuidV5(`AbsorbTicket:${from}:${into}`);

/** What the survivor's half needs from the merged ticket's TicketMerged. */
export interface MergeFacts {
  readonly number: number;
  readonly into: number;
  readonly parties: { readonly authorId: string };
  readonly followers: readonly string[];
}

export function followerCommands(ctx: CommandContext) {
  const aggregate = ticketAggregate(ctx.policy);

  const handleOn = async (who: Who, number: number, request: RequestMeta, build: (metadata: CommandMetadata) => TicketCommand): Result => {
    const prepared = ctx.acting(who, request);
    if (!prepared.ok) return prepared.result;
    return withNumber(await ctx.handle(aggregate, ticketStreamName(number), build(prepared.metadata)), number);
  };

  /** The survivor's side of a recorded merge (the merger right after it, or the reaction after a crash). */
  const absorb = (who: Who, merged: MergeFacts, request: RequestMeta): Result =>
    handleOn(who, merged.into, { ...request, commandId: absorbCommandId(merged.number, merged.into) }, (metadata) => ({
      type: 'AbsorbTicket',
      data: { from: merged.number, followers: [merged.parties.authorId, ...merged.followers] },
      metadata,
    }));

  /**
   * The same merge asked again (after a crash between the two appends): its first half is recorded already,
   * so only the survivor's half is completed (a no-op when it was recorded too). Undefined for any other case.
   */
  async function completeRecordedMerge(who: Person, number: number, into: number, request: RequestMeta): Promise<NumberedResult<TicketEvent> | undefined> {
    const merged = await loadStream(ctx.store, ticketStreamName(number), aggregate);
    if (merged.state.status === 'none' || merged.state.mergedInto !== into) return undefined;
    const fact = merged.events.find((event) => event.event.type === 'TicketMerged');
    if (!fact || fact.event.type !== 'TicketMerged') return undefined;
    const done = await absorb(who, fact.event.data, { ...request, causationId: fact.id });
    return done.ok ? { ...done, number, replayed: true } : done;
  }

  return {
    /** Joins the ticket instead of opening a duplicate: told of its every change from now on. */
    followTicket: (who: Person, { number }: TicketRef, request: RequestMeta): Result =>
      handleOn(who, number, request, (metadata) => ({ type: 'FollowTicket', data: {}, metadata })),
    /**
     * Merges ticket `number` into `into`: the merged one closes with a pointer, the survivor takes over its
     * author and followers. The survivor's status is read from its own stream just before deciding.
     */
    async mergeTicket(who: Person, { number, into }: TicketRef & { into: number }, request: RequestMeta): Result {
      const recorded = await completeRecordedMerge(who, number, into, request);
      if (recorded) return recorded;
      const survivor = await loadStream(ctx.store, ticketStreamName(into), aggregate);
      if (survivor.state.status === 'none') {
        return { ok: false, refusal: { code: 'not_found', message: `ticket ${into} not found`, details: { number: into } } };
      }
      const merged = await handleOn(who, number, request, (metadata) => ({
        type: 'MergeTicket',
        data: { into: { number: into, status: survivor.state.status } },
        metadata,
      }));
      if (!merged.ok) return merged;
      const fact = merged.events.find((event) => event.type === 'TicketMerged');
      if (fact) {
        const done = await absorb(who, fact.data as MergeFacts, { ...request, causationId: fact.id });
        if (!done.ok) return done;
      }
      return merged;
    },
    /** The survivor's half of a recorded merge, for a tool or a sweep that finds one never completed. */
    completeMerge: (who: Scheduler, merged: MergeFacts, request: RequestMeta): Result => absorb(who, merged, request),
  };
}

export type FollowerCommands = ReturnType<typeof followerCommands>;
