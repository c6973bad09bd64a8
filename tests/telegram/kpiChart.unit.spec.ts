// The KPI chart: an SVG with every name (escaped), the numbers and the Russian legend; people with overdue
// tasks first; 20 people to an image; a PNG that decodes and shows Cyrillic drawn with the shipped font.
import { describe, expect, it } from 'vitest';
import { renderAsync } from '@resvg/resvg-js';
import { CHART_PAGE_SIZE, escapeXml, kpiChartSvg, rasterise, type ChartBar } from '../../adapters/telegram/kpiChart.js';
import { chartName, chartOrder, kpiChartPages } from '../../adapters/telegram/flows/kpi.js';
import { texts } from '../../adapters/telegram/texts.js';
import { schoolKpi } from '../support/kpiSchool.js';

const NOW = new Date('2026-12-03T09:00:00Z');
const ZONE = 'Europe/Moscow';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes a PNG by drawing it as an SVG image (resvg's own PNG decoder): its RGBA pixels. */
async function pixelsOf(png: Buffer) {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const image = await renderAsync(svg, { font: { loadSystemFonts: false } });
  expect([image.width, image.height]).toEqual([width, height]);
  const data = image.pixels;
  /** Pixels in the box that are clearly darker than the white or light-grey background. */
  const inked = (x0: number, y0: number, x1: number, y1: number) => {
    let count = 0;
    for (let y = y0; y < y1; y += 1) {
      for (let x = x0; x < x1; x += 1) {
        const at = (y * width + x) * 4;
        if (data[at]! + data[at + 1]! + data[at + 2]! < 3 * 160) count += 1;
      }
    }
    return count;
  };
  return { width, height, inked };
}

const bar = (name: string, figures: Partial<Omit<ChartBar, 'name'>> = {}): ChartBar => ({ name, onTime: 0, late: 0, overdue: 0, open: 0, ...figures });
const page = (bars: ChartBar[]) => ({ title: 'Поручения сотрудников на 3 декабря 2026', subtitle: 'Всего: 2', bars, scaleMax: 12 });

describe('the KPI chart SVG', () => {
  it('names everyone, escaped, and shows the numbers, the total and the legend in Russian', () => {
    const svg = kpiChartSvg(
      page([bar('О\'Нил <Анна> & Ко "А."', { onTime: 7, late: 2, overdue: 3, open: 1 }), bar('Петров О. И.', { onTime: 5 }), bar('Сидорова А. Б.')]),
    );
    expect(svg).toContain('О&apos;Нил &lt;Анна&gt; &amp; Ко &quot;А.&quot;');
    expect(svg).not.toContain('<Анна>');
    expect(svg).toContain('>Петров О. И.<');
    expect(svg).toContain('>Сидорова А. Б.<');
    // Each number on its segment, the total beside the bar; nobody's bar says so in words.
    for (const n of ['7', '2', '3', '1', '13', '5']) expect(svg).toContain(`>${n}</text>`);
    expect(svg).toContain(`>${texts.kpi.chartNoTasks}<`);
    for (const label of ['в срок', 'с опозданием', 'просрочено', 'в работе']) expect(svg).toContain(`>${label}<`);
    expect(svg).toContain('>Поручения сотрудников на 3 декабря 2026<');
  });

  it('drops characters XML forbids, so a name can never break the picture', () => {
    expect(escapeXml('Иванов\u0001 <b>&')).toBe('Иванов &lt;b&gt;&amp;');
  });

  it('cuts a name too long for its column with "…"', () => {
    const svg = kpiChartSvg(page([bar('Константинопольская-Щербакова-Преображенская Е. В.', { onTime: 1 })]));
    expect(svg).toMatch(/>Константинопольская[^<]*…</);
  });
});

describe('the KPI chart pages', () => {
  it('puts people with overdue tasks first, most overdue first, then the busiest', () => {
    const ordered = chartOrder(schoolKpi(45));
    const overdue = ordered.map((p) => p.tasksOverdue);
    const firstClear = overdue.findIndex((n) => n === 0);
    expect(firstClear).toBeGreaterThan(0);
    expect(overdue.slice(0, firstClear)).toEqual([...overdue.slice(0, firstClear)].sort((a, b) => b - a));
    expect(overdue.slice(firstClear).every((n) => n === 0)).toBe(true);
    const rest = ordered.slice(firstClear).map((p) => p.tasksTotal);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
  });

  it('shows 45 people on 3 images of 20, 20 and 5, everyone once, with the overdue people on the first', async () => {
    const people = schoolKpi(45);
    const pages = await kpiChartPages(people, NOW, ZONE);
    expect(pages).toHaveLength(3);
    const lines = pages.map((p) => p.text.split('\n').slice(1));
    expect(lines.map((l) => l.length)).toEqual([CHART_PAGE_SIZE, CHART_PAGE_SIZE, 5]);
    expect(pages[0]!.text).toMatch(/^Поручения по сотрудникам, стр\. 1 из 3 \(1–20 из 45\):/);
    expect(pages[2]!.text).toMatch(/^Поручения по сотрудникам, стр\. 3 из 3 \(41–45 из 45\):/);
    const named = lines.flat().map((line) => /^\d+\. (.+?): /.exec(line)![1]);
    expect(named.sort()).toEqual(people.map((p) => chartName(p.fullName!)).sort());
    const overdueNames = people.filter((p) => p.tasksOverdue > 0).map((p) => chartName(p.fullName!));
    expect(overdueNames.length).toBeGreaterThan(2);
    for (const name of overdueNames) expect(lines[0]!.some((line) => line.includes(`${name}: `) && line.includes('просрочено'))).toBe(true);
    // The pictures: the same width, a row per person.
    const sizes = pages.map((p) => pngSize(p.png));
    expect(sizes.map((s) => s.width)).toEqual([1080, 1080, 1080]);
    expect(sizes[0]!.height).toBe(sizes[1]!.height);
    expect(sizes[2]!.height).toBeLessThan(sizes[0]!.height);
    // Telegram shrinks a photo's long side to 1280: a full page stays under it, so nothing is scaled down.
    expect(sizes[0]!.height).toBeLessThanOrEqual(1280);
  });

  it('writes short names with the initials apart', () => {
    expect(chartName('Петров Олег Иванович')).toBe('Петров О. И.');
    expect(chartName('  Петров   олег ')).toBe('Петров О.');
  });

  it('draws nothing for nobody', async () => {
    expect(await kpiChartPages([], NOW, ZONE)).toEqual([]);
  });
});

describe('the KPI chart PNG', () => {
  // The name column of the first row (kpiChart.ts: x from 32, the row from y 190 to 242).
  const NAME_BOX = [32, 190, 372, 242] as const;

  it('decodes, and draws a Cyrillic name with the shipped font where the name goes', async () => {
    const named = await pixelsOf(await rasterise(kpiChartSvg(page([bar('Щукина Ж. Ё.', { onTime: 2 })]))));
    const empty = await pixelsOf(await rasterise(kpiChartSvg(page([bar('', { onTime: 2 })]))));
    const other = await pixelsOf(await rasterise(kpiChartSvg(page([bar('Юдин Ф. Я.', { onTime: 2 })]))));
    expect([named.width, named.height]).toEqual([1080, empty.height]);
    expect(empty.inked(...NAME_BOX)).toBe(0);
    expect(named.inked(...NAME_BOX)).toBeGreaterThan(500);
    // Different letters, different ink: real glyphs, not the same missing-glyph box for each letter.
    expect(other.inked(...NAME_BOX)).toBeGreaterThan(300);
    expect(other.inked(...NAME_BOX)).not.toBe(named.inked(...NAME_BOX));
  });

  it('draws no text at all without the shipped font: no system font stands in', async () => {
    const svg = kpiChartSvg(page([bar('Щукина Ж. Ё.', { onTime: 2 })]));
    const bare = await pixelsOf(await rasterise(svg, []));
    expect(bare.inked(...NAME_BOX)).toBe(0);
    // The title line is blank as well, while the bars are still drawn.
    expect(bare.inked(32, 20, 1000, 80)).toBe(0);
    expect(bare.inked(390, 200, 420, 230)).toBeGreaterThan(500);
    expect((await pixelsOf(await rasterise(svg))).inked(32, 20, 1000, 80)).toBeGreaterThan(1000);
  });
});
