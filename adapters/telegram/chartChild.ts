// The chart renderer's own process (started by chartProcess.ts): draws the pages it is sent and sends back
// their PNGs. It ends when its parent disconnects, which the parent does once it has been idle a moment.
import { kpiChartSvg, rasterise, type ChartPage } from './kpiChart.js';

export interface ChartRequest {
  id: number;
  pages: ChartPage[];
}

export type ChartResponse = { id: number; images: Uint8Array[] } | { id: number; error: string };

const reply = (response: ChartResponse) => process.send?.(response);

process.on('message', (request: ChartRequest) => {
  // Inside a promise, so that a page that cannot be drawn answers its request instead of ending the process.
  Promise.resolve(request.pages)
    .then((pages) => Promise.all(pages.map((page) => rasterise(kpiChartSvg(page)))))
    .then(
      (images) => reply({ id: request.id, images }),
      (error: unknown) => reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
});
process.on('disconnect', () => process.exit(0));
