// Properties of every cut the bot makes (titles, places, reasons, the split of long messages): a cut never
// leaves half a character — no lone surrogate, no grapheme broken — and never exceeds its limit in UTF-16
// units; splitting loses nothing but the spaces at the cuts, and an empty text is no message at all.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutToUnits, graphemesOf, shortenTo } from '../../domain/index.js';
import { splitText } from '../../adapters/telegram/splitText.js';

// Graphemes that are more than one UTF-16 unit, or more than one code point, beside plain ones.
const ATOMS = [
  'а', 'Ж', 'ё', 'й', // Cyrillic (й precomposed)
  'и\u0306', // и + combining breve: one grapheme, two units
  'e\u0301\u0323', // two combining marks
  '\u0301', // a lone mark: it joins whatever comes before, a space too
  'a', 'Z', '7', '.', ',', '—', '«', '»',
  '😀', '👍🏽', '👩‍👩‍👧‍👦', '👨🏿‍💻', '🏳️‍🌈', '🇷🇺', '🇺🇦', '🇯🇵', '❤️', '1️⃣', '𝔸',
  ' ', ' ', ' ', '\n', '\n\n', '\t',
];
const text = fc.array(fc.constantFrom(...ATOMS), { maxLength: 400 }).map((atoms) => atoms.join(''));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const longestGrapheme = (s: string) => Math.max(1, ...graphemesOf(s).map((g) => g.length));
/** Each grapheme of `part` is one of `whole`'s, in the same order: no grapheme was split or made up. */
const isRunOfGraphemes = (part: string, whole: string) => {
  const wholeGraphemes = graphemesOf(whole);
  const partGraphemes = graphemesOf(part);
  for (let start = 0; start + partGraphemes.length <= wholeGraphemes.length; start += 1) {
    if (partGraphemes.every((g, i) => wholeGraphemes[start + i] === g)) return true;
  }
  return false;
};
const visible = (s: string) => graphemesOf(s).filter((g) => !/^\s+$/.test(g));

describe('cuts on grapheme boundaries', () => {
  it('cutToUnits keeps a start of whole graphemes within the limit, as long as it can', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 300 }), (s, requested) => {
        const max = Math.max(requested, longestGrapheme(s));
        const cut = cutToUnits(s, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(s.startsWith(cut)).toBe(true);
        expect(LONE_SURROGATE.test(cut)).toBe(false);
        const graphemes = graphemesOf(s);
        const kept = graphemesOf(cut);
        expect(kept).toEqual(graphemes.slice(0, kept.length));
        // Nothing more would have fit.
        if (kept.length < graphemes.length) expect(cut.length + graphemes[kept.length]!.length).toBeGreaterThan(max);
      }),
      { numRuns: 1000 },
    );
  });

  it('shortenTo (titles) stays within the limit with its ellipsis and breaks no grapheme', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 120 }), (s, requested) => {
        const max = Math.max(requested, longestGrapheme(s) + 1);
        const short = shortenTo(s, max);
        expect(short.length).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(short)).toBe(false);
        if (short === s) return;
        expect(short.endsWith('…')).toBe(true);
        expect(isRunOfGraphemes(short.slice(0, -1), s)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('splitText: parts within the limit, no broken grapheme, no empty part, nothing lost but spaces', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 200 }), (s, requested) => {
        const limit = Math.max(requested, longestGrapheme(s));
        const parts = splitText(s, limit);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          expect(part.trim()).not.toBe('');
          expect(LONE_SURROGATE.test(part)).toBe(false);
          expect(isRunOfGraphemes(part, s)).toBe(true);
        }
        expect(parts.flatMap(visible)).toEqual(visible(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('splitText sends nothing for an empty or blank text', () => {
    expect(splitText('')).toEqual([]);
    expect(splitText('  \n\n ')).toEqual([]);
    expect(splitText('привет')).toEqual(['привет']);
  });

  it('a hard cut through a run of emoji keeps each whole (the 4,096 limit)', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 units
    const parts = splitText(family.repeat(1000));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(graphemesOf(part).every((g) => g === family)).toBe(true);
    }
  });
});
