// The one deterministic-id function: RFC 4122 version 5 (SHA-1, name-based). Event ids derive from the
// command id, and command ids from what they answer (a Telegram update, a missed deadline), so a retry
// produces the same ids and the event store stores its events once.
import { createHash } from 'node:crypto';

/** SchoolBot's own namespace for name-based ids (a fixed random uuid). */
export const SCHOOLBOT_NAMESPACE = '0b6c1f0e-8f5d-4c1a-9a59-3f1e2d6b7c40';

const bytesOf = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export function uuidV5(name: string, namespace: string = SCHOOLBOT_NAMESPACE): string {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the `index`-th event a command appends (or a named one, e.g. its number reservation). */
export const eventIdFor = (commandId: string, index: number | string): string => uuidV5(`${commandId}#${index}`);
