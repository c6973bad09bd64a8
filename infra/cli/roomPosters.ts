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
import { BOT_USERNAME, roomLink, shortRoomLink } from './roomLinks.js';

const requireFont = createRequire(import.meta.url);
const REGULAR_FONT = requireFont.resolve('@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf');
const BOLD_FONT = requireFont.resolve('@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf');

/** A4 in points. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const TITLE_SIZE_MAX = 66;
const TITLE_ONE_LINE_MIN = 40;
const TITLE_SIZE_MIN = 24;
const LINK_SIZE_MAX = 22;
const LINK_SIZE_MIN = 11;
const QR_SIZE = 330;
/** The code's top when the title is short, and the line its bottom never passes (the link and hint follow). */
const QR_TOP = 300;
const QR_BOTTOM_MAX = 636;
/** The white border a QR reader needs around the code, in modules. */
const QUIET_ZONE = 4;
const INK = '#111111';
const ACCENT = '#b71c1c';
const MUTED = '#555555';

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

/**
 * The title's size: as large as fits one line, down to TITLE_ONE_LINE_MIN; a longer title is set smaller, on at
 * most two lines, so the code below always has its room.
 */
function titleSize(doc: PDFKit.PDFDocument, text: string): number {
  doc.fontSize(TITLE_SIZE_MAX);
  const oneLine = Math.floor((TITLE_SIZE_MAX * CONTENT_WIDTH) / doc.widthOfString(text));
  if (oneLine >= TITLE_ONE_LINE_MIN) return Math.min(TITLE_SIZE_MAX, oneLine);
  for (let size = TITLE_ONE_LINE_MIN; size > TITLE_SIZE_MIN; size -= 2) {
    doc.fontSize(size);
    if (doc.heightOfString(text, { width: CONTENT_WIDTH }) <= size * 2.6) return size;
  }
  return TITLE_SIZE_MIN;
}

/** The link's size: one line under the code whatever the bot's and the room's names. */
function linkSize(doc: PDFKit.PDFDocument, text: string): number {
  doc.fontSize(LINK_SIZE_MAX);
  return Math.max(LINK_SIZE_MIN, Math.min(LINK_SIZE_MAX, Math.floor((LINK_SIZE_MAX * CONTENT_WIDTH) / doc.widthOfString(text))));
}

function drawPoster(doc: PDFKit.PDFDocument, room: RoomView, bot: string): void {
  const t = texts.rooms;
  const centered = { width: CONTENT_WIDTH, align: 'center' as const };
  // A thin frame to cut along.
  doc.lineWidth(1).strokeColor('#bbbbbb').roundedRect(28, 28, PAGE.width - 56, PAGE.height - 56, 16).stroke();

  const title = t.posterTitle(room.number, room.name);
  doc.font('bold').fontSize(titleSize(doc.font('bold'), title)).fillColor(INK).text(title, MARGIN, 78, centered);
  const number = t.posterNumber(room.number, room.name);
  if (number) doc.moveDown(0.1).font('regular').fontSize(28).fillColor(MUTED).text(number, centered);
  doc.moveDown(0.4).font('bold').fontSize(40).fillColor(ACCENT).text(t.posterAction, centered);

  // A two-line title pushes the code down; it shrinks a little rather than crowd the link and the hint.
  const qrTop = Math.max(doc.y + 24, QR_TOP);
  const qrSize = Math.min(QR_SIZE, QR_BOTTOM_MAX - qrTop);
  drawQr(doc, roomLink(bot, room.number), (PAGE.width - qrSize) / 2, qrTop, qrSize);
  const link = shortRoomLink(bot, room.number);
  doc.font('regular').fontSize(linkSize(doc.font('regular'), link)).fillColor(INK).text(link, MARGIN, qrTop + qrSize + 8, { ...centered, lineBreak: false });

  doc.font('regular').fontSize(15).fillColor(MUTED).text(t.posterHint, MARGIN + 30, PAGE.height - 150, { width: CONTENT_WIDTH - 60, align: 'center' });
  if (room.floor !== null) doc.fontSize(13).text(t.floor(room.floor), MARGIN, PAGE.height - 84, centered);
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
