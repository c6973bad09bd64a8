// The KPI chart as a PNG drawn by hand (no canvas dependency, no fonts): one stacked bar per person —
// done on time (green), done late (amber), overdue (red), other open tasks (grey). Names and numbers are in
// the message text beside the picture, in the same order as the bars.
import { crc32, deflateSync } from 'node:zlib';

export interface ChartBar {
  onTime: number;
  late: number;
  overdue: number;
  open: number;
}

type Rgb = readonly [number, number, number];
const COLOURS: Record<keyof ChartBar, Rgb> = {
  onTime: [46, 160, 67],
  late: [230, 170, 30],
  overdue: [210, 50, 50],
  open: [170, 170, 170],
};
const BACKGROUND: Rgb = [255, 255, 255];
const AXIS: Rgb = [60, 60, 60];
const BYTES_PER_PIXEL = 3;

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** Encodes an RGB image (rows of width*3 bytes) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const raw = Buffer.alloc((width * BYTES_PER_PIXEL + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * BYTES_PER_PIXEL + 1)] = 0; // filter: none
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * BYTES_PER_PIXEL, width * BYTES_PER_PIXEL).copy(raw, y * (width * BYTES_PER_PIXEL + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 360;
/** Blank space around the plot, and between the axes and the first bar or the top. */
const MARGIN = 20;
const INSET = 10;
const AXIS_THICKNESS = 2;
/** A bar takes this share of its slot; the rest is the gap to the next. */
const BAR_SHARE = 0.7;
const BAR_MIN_WIDTH = 2;

export function drawKpiChart(bars: readonly ChartBar[], options: { width?: number; height?: number } = {}): Buffer {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const pixels = new Uint8Array(width * height * BYTES_PER_PIXEL);
  const fill = (x0: number, y0: number, x1: number, y1: number, colour: Rgb) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y += 1) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x += 1) pixels.set(colour, (y * width + x) * BYTES_PER_PIXEL);
    }
  };
  fill(0, 0, width, height, BACKGROUND);
  const baseline = height - MARGIN;
  fill(MARGIN, MARGIN, MARGIN + AXIS_THICKNESS, baseline, AXIS);
  fill(MARGIN, baseline, width - MARGIN, baseline + AXIS_THICKNESS, AXIS);
  const totals = bars.map((b) => b.onTime + b.late + b.overdue + b.open);
  const max = Math.max(1, ...totals);
  const slot = bars.length === 0 ? 0 : (width - 2 * MARGIN - INSET) / bars.length;
  const barWidth = Math.max(BAR_MIN_WIDTH, Math.floor(slot * BAR_SHARE));
  const unit = (baseline - MARGIN - INSET) / max;
  bars.forEach((bar, i) => {
    const x = Math.floor(MARGIN + INSET + i * slot);
    let top = baseline;
    for (const key of ['onTime', 'late', 'overdue', 'open'] as const) {
      const h = Math.round(bar[key] * unit);
      fill(x, top - h, x + barWidth, top, COLOURS[key]);
      top -= h;
    }
  });
  return encodePng(width, height, pixels);
}
