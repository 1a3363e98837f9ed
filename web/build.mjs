// Bundles the widget with esbuild: web/dist/loyalty-widget.js for the script
// tag (an IIFE) and web/dist/loyalty-widget.mjs as an ES module. The engine
// stays a separate file (loyalty-engine-widget.bundle.mjs), imported on
// demand; run after the wasm build, which writes what that file bundles.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherLabels } from './widget/languages.js';

const here = dirname(fileURLToPath(import.meta.url));
// Every file starts with V8's explicit compile hint: its functions are
// compiled while the file streams in, on a background thread, where V8
// otherwise compiles each on its first call, on the main thread. On a
// browser's first page (no code cache yet) those compiles made the module's
// evaluation and the widget's start long tasks (72-100 ms at 4x throttling).
const common = { bundle: true, minify: true, target: ['es2022'], legalComments: 'none', logLevel: 'warning',
  banner: { js: '//# allFunctionsCalledOnLoad' } };
await build({ ...common, entryPoints: [join(here, 'widget/loader.js')], format: 'iife', outfile: join(here, 'dist/loyalty-widget.js') });
await build({ ...common, entryPoints: [join(here, 'widget/module.js')], format: 'esm', outfile: join(here, 'dist/loyalty-widget.mjs') });
// The worker the loader starts to make the first Intl formats off the main thread.
await build({ ...common, entryPoints: [join(here, 'widget/intl-warmup.js')], format: 'iife', outfile: join(here, 'dist/loyalty-intl-warmup.js') });
// The widget's engine as one module: its wrapper, the shared API and the
// Emscripten glue, minified together. emcc leaves the glue's names long
// without Closure (not in Debian), and three files were three requests
// before the engine could start. The wasm stays beside it, fetched by name.
// Node's modules are left out: the widget's engine runs in browsers.
await build({ ...common, entryPoints: [join(here, 'dist/loyalty-engine-widget.mjs')], format: 'esm',
  external: ['node:*'], outfile: join(here, 'dist/loyalty-engine-widget.bundle.mjs') });
// The worker that makes the engine's first calls off the main thread; it
// imports the bundle above rather than carrying a second copy.
await build({ ...common, entryPoints: [join(here, 'widget/engine-warmup.js')], format: 'esm',
  external: ['./loyalty-engine-widget.bundle.mjs'], outfile: join(here, 'dist/loyalty-engine-warmup.mjs') });
// Each language but English (built into the widget) in its own small file,
// loaded only by a page in that language.
for (const language of Object.keys(launcherLabels).filter((language) => language !== 'en')) {
  await build({ ...common, entryPoints: [join(here, `widget/messages/${language}.js`)], format: 'esm',
    outfile: join(here, `dist/loyalty-i18n-${language}.mjs`) });
}
// The member card's QR encoder, loaded only when a card is shown.
await build({ ...common, entryPoints: [join(here, 'widget/qr.js')], format: 'esm', outfile: join(here, 'dist/loyalty-qr.mjs') });

// Shipped example programs beside the engine, for the studio's defaults.
mkdirSync(join(here, 'dist/programs'), { recursive: true });
copyFileSync(join(here, '../core/programs/demo.json'), join(here, 'dist/programs/demo.json'));
copyFileSync(join(here, '../core/programs/classic.json'), join(here, 'dist/programs/classic.json'));
