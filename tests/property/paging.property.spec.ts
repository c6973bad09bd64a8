// Paging a list: whatever page a (possibly stale) button asks for, the page shown exists; walking the pages
// shows every line exactly once; the ◀ / ▶ buttons lead only to pages that exist and fit callback data.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCallback } from '../../adapters/telegram/callbackData.js';
import { loadPage, pageButtons, pageWindow } from '../../adapters/telegram/paging.js';

const total = fc.integer({ min: 0, max: 500 });
const size = fc.integer({ min: 1, max: 25 });
const requested = fc.oneof(fc.integer({ min: -5, max: 100 }), fc.constant(Number.NaN));

describe('paging', () => {
  it('shows a page that exists, whatever was asked', () => {
    fc.assert(
      fc.property(requested, total, size, (asked, length, perPage) => {
        const window = pageWindow(asked, length, perPage);
        expect(window.pages).toBe(Math.max(1, Math.ceil(length / perPage)));
        expect(window.page).toBeGreaterThanOrEqual(1);
        expect(window.page).toBeLessThanOrEqual(window.pages);
        expect(window.offset).toBe((window.page - 1) * perPage);
        if (length > 0) expect(window.offset).toBeLessThan(length);
      }),
    );
  });

  it('walking the pages shows every line once, and the buttons lead to the neighbours only', () => {
    fc.assert(
      fc.property(total, size, (length, perPage) => {
        const seen: number[] = [];
        const { pages } = pageWindow(1, length, perPage);
        for (let page = 1; page <= pages; page += 1) {
          const window = pageWindow(page, length, perPage);
          for (let i = window.offset; i < Math.min(length, window.offset + window.limit); i += 1) seen.push(i);
          const targets = pageButtons('q', window)
            .flat()
            .map((b) => {
              expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
              return Number(decodeCallback(b.data)?.args[1]);
            });
          expect(targets).toEqual([...(page > 1 ? [page - 1] : []), ...(page < pages ? [page + 1] : [])]);
        }
        expect(seen).toEqual(Array.from({ length }, (_, i) => i));
      }),
    );
  });

  it('loads the last page when the list shrank below the asked one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), total, async (asked, length) => {
        const offsets: number[] = [];
        const { window } = await loadPage(asked, (offset) => {
          offsets.push(offset);
          return Promise.resolve({ total: length });
        });
        expect(window.page).toBe(Math.min(asked, Math.max(1, Math.ceil(length / 10))));
        expect(offsets.at(-1)).toBe(window.offset);
      }),
    );
  });
});
