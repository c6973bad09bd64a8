// Telegram refuses text over 4,096 characters and captions over 1,024: long text is cut into parts at a
// paragraph, line or word boundary (a hard cut only inside one overlong word).

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    // Prefer the last paragraph break, then line break, then space, in the second half of the window.
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > limit / 2);
    const at = cut ?? limit;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^\s+/, '');
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts.filter((part, i) => part.length > 0 || i === 0);
}
