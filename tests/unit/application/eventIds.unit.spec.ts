import { describe, expect, it } from 'vitest';
import { eventIdFor, uuidV5 } from '../../../application/eventIds.js';

describe('deterministic event ids', () => {
  it('computes RFC 4122 version-5 uuids (the RFC example in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the same id for the same command and index, and different ids otherwise', () => {
    expect(eventIdFor('tg-42', 0)).toBe(eventIdFor('tg-42', 0));
    expect(
      new Set([eventIdFor('tg-42', 0), eventIdFor('tg-42', 1), eventIdFor('tg-43', 0), eventIdFor('tg-42', 'number')])
        .size,
    ).toBe(4);
  });
});
