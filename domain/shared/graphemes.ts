// Cutting text without breaking a character. Limits are counted in UTF-16 units (as Telegram and our schemas
// count them), but a cut may fall only between graphemes (what a reader sees as one character: an emoji with
// its skin tone or ZWJ family, a flag, a letter with its accents); half an emoji is a lone surrogate, which
// Telegram refuses. Pure: Intl.Segmenter is part of the language, not I/O.

const segmenter = new Intl.Segmenter('ru', { granularity: 'grapheme' });

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/**
 * The last place at or before `at` (a UTF-16 index) where `text` may be cut: a grapheme boundary. When the
 * grapheme that holds `at` starts at 0 (one grapheme longer than the whole limit), a code point boundary
 * instead, so the cut still moves forward and never splits a surrogate pair.
 */
export function cutPointAtOrBefore(text: string, at: number): number {
  if (at >= text.length) return text.length;
  if (at <= 0) return 0;
  const segment = segmenter.segment(text).containing(at);
  const start = segment?.index ?? at;
  if (start > 0) return start;
  return isHighSurrogate(text.charCodeAt(at - 1)) ? at - 1 : at;
}

/** The longest start of `text` of at most `max` UTF-16 units that ends between two graphemes. */
export function cutToUnits(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, cutPointAtOrBefore(text, max));
}

/** `text` cut to `max` units with "…" at the end when something was cut (the ellipsis counts in `max`). */
export function shortenTo(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutToUnits(text, max - 1).trimEnd()}…`;
}

/** The text's graphemes, in order. */
export const graphemesOf = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment);

/** Where the grapheme holding `at` starts and ends (`at` itself, twice, at the end of the text). */
export function graphemeAround(text: string, at: number): { start: number; end: number } {
  const segment = at < text.length ? segmenter.segment(text).containing(at) : undefined;
  return segment ? { start: segment.index, end: segment.index + segment.segment.length } : { start: at, end: at };
}
