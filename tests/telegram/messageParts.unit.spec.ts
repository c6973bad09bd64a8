// How one outgoing message becomes API calls when it carries photos: a caption when the words fit, the photo
// then the text when they do not, albums of at most ten (then the words with their buttons), caption edits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALBUM_MAX, albumsOf, partsOf, partWeight } from '../../adapters/telegram/messageParts.js';
import { SendQueue, type OutgoingPart } from '../../adapters/telegram/sendQueue.js';
import { CAPTION_LIMIT, TEXT_LIMIT } from '../../adapters/telegram/splitText.js';

const keyboard = [[{ text: 'Взять', data: 'tt:1' }]];
const photos = (count: number) => Array.from({ length: count }, (_, i) => ({ fileId: `f${i + 1}` }));
const words = (length: number) => 'слово '.repeat(Math.ceil(length / 6)).slice(0, length).trimEnd();

describe('one photo', () => {
  it('carries the text as its caption with the buttons when the text fits', () => {
    expect(partsOf({ chatId: '7', threadId: 11, text: 'Новая заявка №1', keyboard, photos: photos(1) })).toEqual([
      { chatId: '7', threadId: 11, text: 'Новая заявка №1', photo: { fileId: 'f1' }, keyboard },
    ]);
  });

  it('is sent first and the text after it, with the buttons, when the text is longer than a caption', () => {
    const text = words(CAPTION_LIMIT + 1);
    const parts = partsOf({ chatId: '7', text, keyboard, photos: photos(1) });
    expect(parts).toEqual([
      { chatId: '7', text: '', photo: { fileId: 'f1' } },
      { chatId: '7', text, keyboard },
    ]);
  });

  it('takes a caption of exactly 1,024 characters', () => {
    const text = words(CAPTION_LIMIT);
    expect(text).toHaveLength(CAPTION_LIMIT);
    expect(partsOf({ chatId: '7', text, photos: photos(1) })).toEqual([{ chatId: '7', text, photo: { fileId: 'f1' } }]);
  });
});

describe('several photos', () => {
  it('go as an album, then the text with its buttons (an album cannot carry buttons)', () => {
    expect(partsOf({ chatId: '-5', threadId: 3, text: 'Новая заявка №2', keyboard, photos: photos(3) })).toEqual([
      { chatId: '-5', threadId: 3, text: '', album: photos(3) },
      { chatId: '-5', threadId: 3, text: 'Новая заявка №2', keyboard },
    ]);
  });

  it('carry a short text without buttons as the album caption', () => {
    expect(partsOf({ chatId: '7', text: 'Фото к заявке №2', photos: photos(2) })).toEqual([{ chatId: '7', text: 'Фото к заявке №2', album: photos(2) }]);
  });

  it('send a long text without buttons after the album', () => {
    const text = words(CAPTION_LIMIT + 10);
    expect(partsOf({ chatId: '7', text, photos: photos(2) })).toEqual([
      { chatId: '7', text: '', album: photos(2) },
      { chatId: '7', text },
    ]);
  });

  it('are split into albums of at most ten, as even as possible, never an album of one', () => {
    expect(albumsOf(photos(11)).map((a) => a.length)).toEqual([6, 5]);
    expect(albumsOf(photos(10)).map((a) => a.length)).toEqual([10]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), (count) => {
        const albums = albumsOf(photos(count));
        expect(albums.flat()).toEqual(photos(count));
        for (const album of albums) {
          expect(album.length).toBeGreaterThanOrEqual(2);
          expect(album.length).toBeLessThanOrEqual(ALBUM_MAX);
        }
      }),
    );
  });

  it('keep every photo, every word and the buttons once, within Telegram limits, for any text and count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 6_000 }), fc.boolean(), (count, length, withButtons) => {
        const text = words(length);
        const parts = partsOf({ chatId: '7', text, photos: photos(count), ...(withButtons ? { keyboard } : {}) });
        const sent = parts.flatMap((p) => (p.album ? p.album : p.photo && 'fileId' in p.photo ? [p.photo] : []));
        expect(sent).toEqual(photos(count));
        expect(parts.filter((p) => p.keyboard)).toHaveLength(withButtons ? 1 : 0);
        for (const part of parts) {
          if (part.album) expect(part.keyboard).toBeUndefined();
          expect(part.text.length).toBeLessThanOrEqual(part.album || part.photo ? CAPTION_LIMIT : TEXT_LIMIT);
        }
        expect(parts.map((p) => p.text).filter(Boolean).join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
      }),
      { numRuns: 100 },
    );
  });
});

describe('edits', () => {
  it("replace a photo message's caption, cut to a caption's length", () => {
    const [edit, ...rest] = partsOf({ chatId: '-5', text: words(CAPTION_LIMIT + 50), editMessageId: 9, editCaption: true, keyboard });
    expect(edit).toMatchObject({ editMessageId: 9, editCaption: true });
    expect(edit!.text.length).toBeLessThanOrEqual(CAPTION_LIMIT);
    expect(rest.at(-1)?.keyboard).toEqual(keyboard);
  });

  it('keep an empty keyboard, which removes the buttons', () => {
    expect(partsOf({ chatId: '-5', text: 'Взята', editMessageId: 9, keyboard: [] })).toEqual([{ chatId: '-5', text: 'Взята', editMessageId: 9, keyboard: [] }]);
  });
});

describe('an album in the send queue', () => {
  it('counts as as many messages as it has photos', () => {
    expect(partWeight({ chatId: '7', text: '', album: photos(4) })).toBe(4);
    expect(partWeight({ chatId: '7', text: 'x' })).toBe(1);
  });

  it('spaces the chat as its photos would, and sends the text with the buttons after it', async () => {
    const delivered: Array<{ part: OutgoingPart; at: number }> = [];
    let id = 0;
    const queue = new SendQueue({
      deliver: (part) => {
        delivered.push({ part, at: performance.now() });
        return Promise.resolve(++id);
      },
      privateIntervalMs: 60,
    });
    const delivery = await queue.send({ chatId: '7', text: 'Новая заявка №2', keyboard, photos: photos(3) });
    expect(delivery).toEqual({ status: 'sent', messageIds: [1, 2] });
    expect(delivered.map((d) => (d.part.album ? 'album' : 'text'))).toEqual(['album', 'text']);
    // Three photos' worth of spacing (3 × 60 ms) before the next message to that chat.
    expect(delivered[1]!.at - delivered[0]!.at).toBeGreaterThanOrEqual(170);
  });

  it('takes as many slots of the global budget as it has photos', async () => {
    const delivered: OutgoingPart[] = [];
    const queue = new SendQueue({
      deliver: (part) => {
        delivered.push(part);
        return Promise.resolve(delivered.length);
      },
      globalPerSecond: 4,
      privateIntervalMs: 1,
    });
    const started = performance.now();
    // An album of four fills the second; the next chat's message waits for the window to pass.
    await Promise.all([queue.send({ chatId: 'a', text: 'фото', photos: photos(4) }), queue.send({ chatId: 'b', text: 'текст' })]);
    expect(delivered.map((p) => p.chatId)).toEqual(['a', 'b']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
  });
});
