// A document (an export) as the calls that carry it: one sendDocument with the text as its caption when it
// fits, else the document first and the text after it; it survives the outbox's stored form byte for byte.
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../adapters/telegram/messageParts.js';
import { outgoingOf, storedOf } from '../../adapters/telegram/notificationTexts.js';
import { renderedMessageSchema } from '../../application/notifications/kinds.js';

const document = { bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 255]), filename: 'tickets_2026-11-01_2026-11-30.xlsx' };

describe('a document message', () => {
  it('is one sendDocument with its caption when the text fits', () => {
    const parts = partsOf({ chatId: '7', text: 'Заявки за 01.11.2026–30.11.2026: 4 строки.', document });
    expect(parts).toEqual([{ chatId: '7', text: 'Заявки за 01.11.2026–30.11.2026: 4 строки.', document }]);
  });

  it('goes before a text too long for a caption', () => {
    const text = 'строка '.repeat(200);
    const parts = partsOf({ chatId: '7', text, document });
    expect(parts[0]).toEqual({ chatId: '7', text: '', document });
    expect(parts.slice(1).map((p) => p.text.trim())).toEqual([text.trim()]);
    expect(parts.slice(1).every((p) => p.document === undefined)).toBe(true);
  });

  it('keeps its bytes through the outbox’s stored form', () => {
    const stored = renderedMessageSchema.parse(JSON.parse(JSON.stringify(storedOf({ text: 'x', document }))));
    const back = outgoingOf(stored);
    expect(back.document?.filename).toBe(document.filename);
    expect([...back.document!.bytes]).toEqual([...document.bytes]);
  });
});
