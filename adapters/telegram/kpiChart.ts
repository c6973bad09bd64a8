// The KPI chart: an SVG drawn here (one horizontal stacked bar per person — done on time, done late, overdue,
// other open — with the person's name at the left, each number on its segment and the total beside the bar, a title and a legend)
// and rasterised by resvg with PT Sans from node_modules, never a system font (a slim image may have none
// with Cyrillic). Pages of CHART_PAGE_SIZE people, all on one scale so the pages compare.
import { createRequire } from 'node:module';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { renderChartPages } from './chartProcess.js';
import { texts } from './texts.js';

export interface ChartBar {
  /** As shown at the left of the bar ("Петров О. И."). */
  name: string;
  onTime: number;
  late: number;
  overdue: number;
  open: number;
}

export interface ChartPage {
  title: string;
  subtitle: string;
  bars: readonly ChartBar[];
  /** The longest bar's total over all pages: the same length means the same count on every page. */
  scaleMax: number;
}

/** People per image: 20 rows still read on a phone. */
export const CHART_PAGE_SIZE = 20;

const fontPath = createRequire(import.meta.url);
/** PT Sans (OFL), regular and bold, shipped in the npm package and so in the image's node_modules. */
export const CHART_FONT_FILES: readonly string[] = [
  fontPath.resolve('@expo-google-fonts/pt-sans/400Regular/PTSans_400Regular.ttf'),
  fontPath.resolve('@expo-google-fonts/pt-sans/700Bold/PTSans_700Bold.ttf'),
];
const FAMILY = 'PT Sans';

const SEGMENTS = ['onTime', 'late', 'overdue', 'open'] as const;
type Segment = (typeof SEGMENTS)[number];
const FILL: Record<Segment, string> = { onTime: '#2e7d32', late: '#f9a825', overdue: '#c62828', open: '#9e9e9e' };
/** The number inside a segment: white on the dark colours, near-black on the light ones. */
const INK: Record<Segment, string> = { onTime: '#ffffff', late: '#212121', overdue: '#ffffff', open: '#ffffff' };

// Geometry in pixels: 1080 wide, as a phone shows a photo at full width without scaling it down.
const WIDTH = 1080;
const PAD = 32;
const TITLE_Y = 64;
const TITLE_SIZE = 40;
const SUBTITLE_Y = 106;
const SUBTITLE_SIZE = 28;
const LEGEND_Y = 152;
const LEGEND_SIZE = 28;
const SWATCH = 28;
const ROWS_Y = 190;
const ROW = 52;
const BAR = 36;
const NAME_SIZE = 30;
const NAME_WIDTH = 340;
const BARS_X = PAD + NAME_WIDTH + 16;
/** Room right of the longest bar for its total. */
const BESIDE_ROOM = 80;
const BARS_WIDTH = WIDTH - PAD - BESIDE_ROOM - BARS_X;
const NUMBER_SIZE = 26;
const BOTTOM = 24;
/** Width of a digit and the padding a number needs inside its segment. */
const DIGIT = 0.56 * NUMBER_SIZE;
const INSIDE_PAD = 12;
/** Every segment is at least as wide as its number, so each number sits inside its own colour. */
const segmentMin = (value: number) => String(value).length * DIGIT + INSIDE_PAD;

const RENDER_OPTIONS: ResvgRenderOptions = {
  font: { fontFiles: [...CHART_FONT_FILES], loadSystemFonts: false, defaultFontFamily: FAMILY, sansSerifFamily: FAMILY },
  background: '#ffffff',
  fitTo: { mode: 'original' },
  logLevel: 'off',
};

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text as SVG character data or an attribute value; characters XML forbids (controls) are dropped. */
export const escapeXml = (text: string): string =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);

const svgText = (x: number, y: number, size: number, content: string, attributes = '') =>
  `<text x="${x}" y="${y}" font-size="${size}"${attributes}>${escapeXml(content)}</text>`;

/** How wide `text` is drawn at `size` (resvg lays it out with the shipped font; ~0.5 ms). */
function measure(text: string, size: number, weight = 400): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="${size * 2}"><text x="0" y="${size * 1.5}" font-family="${FAMILY}" font-weight="${weight}" font-size="${size}">${escapeXml(text)}</text></svg>`;
  return new Resvg(svg, RENDER_OPTIONS).getBBox()?.width ?? 0;
}

/** A name for the name column: as is when it fits, squeezed a little, or cut with "…" and squeezed. */
function fittedName(name: string, x: number, y: number): string {
  // A cheap upper bound first: most names ("Петров О. И.") are far shorter than the column.
  const attributes = ` font-family="${FAMILY}"`;
  if (name.length * NAME_SIZE * 0.62 <= NAME_WIDTH) return svgText(x, y, NAME_SIZE, name, attributes);
  let shown = name;
  let width = measure(shown, NAME_SIZE);
  if (width <= NAME_WIDTH) return svgText(x, y, NAME_SIZE, shown, attributes);
  const chars = [...name];
  // Squeezing more than a quarter makes letters hard to tell apart; cut the end instead.
  while (width > NAME_WIDTH * 1.25 && chars.length > 2) {
    chars.pop();
    shown = `${chars.join('').trimEnd()}…`;
    width = measure(shown, NAME_SIZE);
  }
  const squeeze = width > NAME_WIDTH ? ` textLength="${NAME_WIDTH}" lengthAdjust="spacingAndGlyphs"` : '';
  return svgText(x, y, NAME_SIZE, shown, `${attributes}${squeeze}`);
}

function legend(): string {
  const labels = texts.kpi.chartLegend;
  let x = PAD;
  const parts: string[] = [];
  for (const segment of SEGMENTS) {
    parts.push(`<rect x="${x}" y="${LEGEND_Y - SWATCH + 4}" width="${SWATCH}" height="${SWATCH}" rx="4" fill="${FILL[segment]}"/>`);
    parts.push(svgText(x + SWATCH + 10, LEGEND_Y, LEGEND_SIZE, labels[segment], ' fill="#212121"'));
    // Legend labels are short fixed words: estimate their width instead of measuring.
    x += SWATCH + 10 + labels[segment].length * LEGEND_SIZE * 0.52 + 34;
  }
  return parts.join('');
}

function row(bar: ChartBar, index: number, unit: number): string {
  const top = ROWS_Y + index * ROW;
  const middle = top + ROW / 2;
  const baseline = middle + NAME_SIZE * 0.35;
  const parts: string[] = [];
  if (index % 2 === 0) parts.push(`<rect x="0" y="${top}" width="${WIDTH}" height="${ROW}" fill="#f2f4f7"/>`);
  parts.push(fittedName(bar.name, PAD, baseline));
  let x = BARS_X;
  for (const segment of SEGMENTS) {
    const value = bar[segment];
    if (value <= 0) continue;
    const length = Math.max(value * unit, segmentMin(value));
    parts.push(`<rect x="${x.toFixed(1)}" y="${middle - BAR / 2}" width="${length.toFixed(1)}" height="${BAR}" fill="${FILL[segment]}"/>`);
    parts.push(svgText(x + length / 2, middle + NUMBER_SIZE * 0.35, NUMBER_SIZE, String(value), ` font-weight="700" text-anchor="middle" fill="${INK[segment]}"`));
    x += length;
  }
  const total = SEGMENTS.reduce((sum, segment) => sum + bar[segment], 0);
  if (total === 0) parts.push(svgText(BARS_X + 12, baseline, NUMBER_SIZE, texts.kpi.chartNoTasks, ' fill="#757575"'));
  else parts.push(svgText(x + 12, middle + NUMBER_SIZE * 0.35, NUMBER_SIZE, String(total), ' fill="#424242"'));
  return parts.join('');
}

/** The SVG of one page. */
export function kpiChartSvg(page: ChartPage): string {
  const height = ROWS_Y + Math.max(1, page.bars.length) * ROW + BOTTOM;
  // Room for the minimum widths first, so the longest bar never runs past its total's room.
  const unit = Math.max(0, BARS_WIDTH - SEGMENTS.length * segmentMin(page.scaleMax)) / Math.max(1, page.scaleMax);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FAMILY}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    svgText(PAD, TITLE_Y, TITLE_SIZE, page.title, ' font-weight="700" fill="#212121"'),
    svgText(PAD, SUBTITLE_Y, SUBTITLE_SIZE, page.subtitle, ' fill="#555555"'),
    legend(),
    `<line x1="${BARS_X}" y1="${ROWS_Y}" x2="${BARS_X}" y2="${ROWS_Y + page.bars.length * ROW}" stroke="#bdbdbd" stroke-width="2"/>`,
    ...page.bars.map((bar, i) => row(bar, i, unit)),
    '</svg>',
  ].join('');
}

/** The PNG of an SVG; `fontFiles` is for tests that render without the font. Runs off the event loop. */
export async function rasterise(svg: string, fontFiles: readonly string[] = CHART_FONT_FILES): Promise<Buffer> {
  const options: ResvgRenderOptions = { ...RENDER_OPTIONS, font: { ...RENDER_OPTIONS.font, fontFiles: [...fontFiles] } };
  return (await renderAsync(svg, options)).asPng();
}

export interface ChartPages {
  /** One PNG per page, in order. */
  images: Buffer[];
  /** The bars on each page, as drawn. */
  pages: ChartBar[][];
}

/** `bars` in the order given, CHART_PAGE_SIZE to an image; `subtitle` names the page and the people on it. */
export async function drawKpiCharts(
  bars: readonly ChartBar[],
  labels: { title: string; subtitle: (page: number, pages: number, from: number, to: number, total: number) => string },
  pageSize = CHART_PAGE_SIZE,
): Promise<ChartPages> {
  const pages: ChartBar[][] = [];
  for (let start = 0; start < bars.length; start += pageSize) pages.push(bars.slice(start, start + pageSize));
  const scaleMax = Math.max(1, ...bars.map((b) => b.onTime + b.late + b.overdue + b.open));
  // Drawn in the chart process (chartProcess.ts), so resvg's memory goes when it does.
  const images = await renderChartPages(
    pages.map((page, i) => ({
      title: labels.title,
      subtitle: labels.subtitle(i + 1, pages.length, i * pageSize + 1, i * pageSize + page.length, bars.length),
      bars: page,
      scaleMax,
    })),
  );
  return { images, pages };
}
