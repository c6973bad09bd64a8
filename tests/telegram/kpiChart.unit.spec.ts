// The hand-drawn chart is a valid PNG whose bars have the colours and heights of the figures.
import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { drawKpiChart } from '../../adapters/telegram/kpiChart.js';

function decode(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  let offset = 8;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3)];
  return { width, height, pixel };
}

describe('drawKpiChart', () => {
  it('draws a taller green bar for more tasks done on time', () => {
    const image = decode(drawKpiChart([{ onTime: 4, late: 0, overdue: 0, open: 0 }, { onTime: 1, late: 0, overdue: 2, open: 0 }], { width: 200, height: 120 }));
    expect([image.width, image.height]).toEqual([200, 120]);
    const green = [46, 160, 67];
    const red = [210, 50, 50];
    const column = (x: number) => Array.from({ length: image.height }, (_, y) => image.pixel(x, y));
    const first = column(40);
    const second = column(125);
    expect(first.filter((p) => String(p) === String(green)).length).toBeGreaterThan(second.filter((p) => String(p) === String(green)).length * 3);
    expect(second.some((p) => String(p) === String(red))).toBe(true);
    expect(first.some((p) => String(p) === String(red))).toBe(false);
  });

  it('draws an empty chart without failing', () => {
    expect(decode(drawKpiChart([])).width).toBe(640);
  });
});
