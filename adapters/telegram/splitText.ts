// Telegram refuses text over 4,096 characters and captions over 1,024: long text is cut into parts at a
// paragraph, line or word boundary (a hard cut only inside one overlong word), never inside a character
// (half an emoji is refused with a 400). Parts that would be empty or only spaces are not sent at all.
import { cutPointAtOrBefore, graphemeAround } from '../../domain/index.js';

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

const blank = /^\s*$/;

export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    // Prefer the last paragraph break, then line break, then space, in the second half of the window.
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > limit / 2);
    const point = cutPointAtOrBefore(rest, cut ?? limit);
    const at = point > 0 ? point : limit;
    parts.push(trimEndKeepingMarks(rest.slice(0, at)));
    rest = trimStartKeepingMarks(rest.slice(at));
  }
  parts.push(rest);
  return parts.filter((part) => !blank.test(part));
}

// Spaces are trimmed around a cut, but never a space that one grapheme shares with a mark after it (" \u0301").
function trimStartKeepingMarks(text: string): string {
  const spaces = /^\s*/.exec(text)![0].length;
  return text.slice(graphemeAround(text, spaces).start);
}

function trimEndKeepingMarks(text: string): string {
  const kept = text.trimEnd().length;
  // The grapheme holding the first trailing space may have begun before it (a prepended mark): keep it whole.
  const around = graphemeAround(text, kept);
  return text.slice(0, around.start < kept ? around.end : kept);
}
