// `npm run build` runs this after compiling: makes the embedded store's migrated template (./embeddedTemplate.ts).
// Never fails the build: without a template the first start initialises and migrates as before.
import { prepareMigratedTemplate } from './embeddedTemplate.js';

const started = performance.now();
const path = await prepareMigratedTemplate();
console.log(
  path
    ? `embedded database template ready in ${Math.round(performance.now() - started)} ms: ${path}`
    : 'embedded database template not made (node_modules/.cache not writable?): a new DATA_DIR is initialised at its first start',
);
