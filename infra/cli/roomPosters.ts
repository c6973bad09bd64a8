// The posters for classroom doors (`schoolbot rooms qr`): an A4 PDF, one page per room, with the room's name,
// "Сообщить о проблеме", a QR code opening the bot with the room filled in, and the short link under it.
// The QR is drawn as vector squares (crisp at any print size); the text uses PT Sans from npm, which covers
// Cyrillic, so the output never depends on the fonts a machine happens to have.
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { RoomView } from '../../application/ports/readModels.js';
import { texts } from '../../adapters/telegram/texts.js';

const requireFont = createRequire(import.meta.url);
const REGULAR_FONT = requireFont.resolve('@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf');
const BOLD_FONT = requireFont.resolve('@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf');

/** A4 in points. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const TITLE_SIZE_MAX = 66;
const TITLE_SIZE_MIN = 34;
const QR_SIZE = 330;
/** The white border a QR reader needs around the code, in modules. */
const QUIET_ZONE = 4;
const INK = '#111111';
const ACCENT = '#b71c1c';
const MUTED = '#555555';

/** The bot's username as a deep link needs it: 5–32 latin letters, digits and underscores, without the @. */
export const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{4,31}$/;

/** The link a room's QR opens: the bot's chat, started with `room_<number>`. */
export const roomLink = (bot: string, number: string): string => `https://t.me/${bot}?start=room_${number}`;
/** The same link as printed under the code (people type it without the scheme). */
export const shortRoomLink = (bot: string, number: string): string => `t.me/${bot}?start=room_${number}`;

/** Draws the QR as filled runs of dark modules (one rectangle per run, so no seams between squares). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / (count + 2 * QUIET_ZONE);
  for (let row = 0; row < count; row += 1) {
    let column = 0;
    while (column < count) {
      if (!qr.modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < count && qr.modules.get(row, column)) column += 1;
      doc.rect(x + (start + QUIET_ZONE) * cell, y + (row + QUIET_ZONE) * cell, (column - start) * cell, cell);
    }
  }
  doc.fillColor('#000000').fill();
}

/** The largest size (within bounds) at which `text` fits the content width on one line. */
function fittingSize(doc: PDFKit.PDFDocument, text: string): number {
  doc.fontSize(TITLE_SIZE_MAX);
  const width = doc.widthOfString(text);
  if (width <= CONTENT_WIDTH) return TITLE_SIZE_MAX;
  return Math.max(TITLE_SIZE_MIN, Math.floor((TITLE_SIZE_MAX * CONTENT_WIDTH) / width));
}

function drawPoster(doc: PDFKit.PDFDocument, room: RoomView, bot: string): void {
  const t = texts.rooms;
  const centered = { width: CONTENT_WIDTH, align: 'center' as const };
  // A thin frame to cut along.
  doc.lineWidth(1).strokeColor('#bbbbbb').roundedRect(28, 28, PAGE.width - 56, PAGE.height - 56, 16).stroke();

  const title = t.posterTitle(room.number, room.name);
  doc.font('bold').fontSize(fittingSize(doc.font('bold'), title)).fillColor(INK).text(title, MARGIN, 78, centered);
  const number = t.posterNumber(room.number, room.name);
  if (number) doc.moveDown(0.1).font('regular').fontSize(28).fillColor(MUTED).text(number, centered);
  doc.moveDown(0.4).font('bold').fontSize(40).fillColor(ACCENT).text(t.posterAction, centered);

  const qrTop = Math.max(doc.y + 24, 300);
  drawQr(doc, roomLink(bot, room.number), (PAGE.width - QR_SIZE) / 2, qrTop, QR_SIZE);
  doc.font('regular').fontSize(22).fillColor(INK).text(shortRoomLink(bot, room.number), MARGIN, qrTop + QR_SIZE + 8, centered);

  doc.font('regular').fontSize(15).fillColor(MUTED).text(t.posterHint, MARGIN + 30, PAGE.height - 150, { width: CONTENT_WIDTH - 60, align: 'center' });
  if (room.floor !== null) doc.fontSize(13).text(t.floor(room.floor), MARGIN, PAGE.height - 78, centered);
}

/** Writes one poster per room, in the order given, to `path`. */
export async function writeRoomPosters(path: string, rooms: readonly RoomView[], bot: string): Promise<void> {
  if (!BOT_USERNAME.test(bot)) throw new Error(`"${bot}" is not a bot username`);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: 'Сообщить о проблеме: QR-коды помещений', Creator: 'SchoolBot' },
  });
  doc.registerFont('regular', REGULAR_FONT);
  doc.registerFont('bold', BOLD_FONT);
  const out = createWriteStream(path);
  doc.pipe(out);
  for (const room of rooms) {
    doc.addPage();
    drawPoster(doc, room, bot);
  }
  doc.end();
  await once(out, 'finish');
}
