import { randomUUID } from 'node:crypto';

/** Fresh ids come from here; ids derived from a command (for idempotent retries) are computed, not drawn. */
export interface IdGenerator {
  uuid(): string;
}

export const randomIds: IdGenerator = { uuid: () => randomUUID() };
