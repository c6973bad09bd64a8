// A position a store hands out for an event it read names that event: the store's own position, then
// "/<12 hex digits of a hash of the event id>-<when it was recorded, in ms>" (a hash: deterministic ids may
// share their first digits). Positions are opaque to callers
// and compared only by the store part, so nothing outside the stores sees the difference.
//
// Why: a file-copy restore of EventStoreDB rewinds $all, and the read models' database (where checkpoints
// live) is not restored with it. A checkpoint then points past the restored end, or, once new events have
// been written over the same byte offsets, into the middle of different events. A reader going on from it
// would skip the new events silently, then fail on a position inside a record. With the event named in the
// position, a read after it first checks that event is still there (PositionNotInLogError otherwise); the
// time tells which events of the rewound log were already in the log the checkpoint came from (recorded no
// later than the checkpointed event), so a consumer can resume right after them without skipping new ones.
// This holds for a restore done by hand as much as for restore.sh: the check is in every read. The memory
// store does the same, so the behaviour is tested without a server.

import { createHash } from 'node:crypto';

export interface PositionFingerprint {
  /** 12 hex digits of the SHA-256 of the event id (lower case). */
  idPrefix: string;
  recordedMs: number;
}

const SUFFIX = /^(.*)\/([0-9a-f]{12})-(\d{1,16})$/;

const idPrefixOf = (id: string) => createHash('sha256').update(id.toLowerCase()).digest('hex').slice(0, 12);

/** The store part of a position with the event it names appended. */
export function withFingerprint(base: string, event: { id: string; recordedAt: Date | string }): string {
  const ms = (typeof event.recordedAt === 'string' ? new Date(event.recordedAt) : event.recordedAt).getTime();
  return `${base}/${idPrefixOf(event.id)}-${Math.max(0, Math.trunc(ms))}`;
}

/** Splits a position into its store part and, when it has one, the event it names. */
export function splitFingerprint(position: string): { base: string; fingerprint?: PositionFingerprint } {
  const match = SUFFIX.exec(position);
  if (!match) return { base: position };
  return { base: match[1]!, fingerprint: { idPrefix: match[2]!, recordedMs: Number(match[3]) } };
}

/** True when `event` is the event the fingerprint names. */
export const namesEvent = (fingerprint: PositionFingerprint, event: { id: string }) =>
  idPrefixOf(event.id) === fingerprint.idPrefix;

/**
 * True when `event` was already in the log the fingerprinted position came from: recorded no later than the
 * named event (events written after a restore are recorded later). Without a fingerprint, any event counts.
 */
export const recordedBy = (fingerprint: PositionFingerprint | undefined, event: { recordedAt: Date | string }) =>
  fingerprint === undefined ||
  (typeof event.recordedAt === 'string' ? Date.parse(event.recordedAt) : event.recordedAt.getTime()) <= fingerprint.recordedMs;
