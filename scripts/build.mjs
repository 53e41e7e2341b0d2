// Builds one bundle per runtime with esbuild (architecture.md): the CLI, the worker and the
// experiment's worker thread (Node),
// the extension (Node, CommonJS, `vscode` external), the webview and its plot worker (browser IIFE).
// `--production` minifies and drops source maps; the default keeps source maps for debugging.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const targets = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', define: { __VERSION__: JSON.stringify(pkg.version) } },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
  { entryPoints: ['src/worker/nodeWorker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/experiment/run/worker.ts'], outfile: 'dist/experimentWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { entryPoints: ['webview/plotWorker.ts'], outfile: 'dist/plotWorker.js', platform: 'browser', format: 'iife', target: 'es2022' },
].filter((t) => existsSync(t.entryPoints[0]));

const started = Date.now();
if (watch) {
  for (const t of targets) (await esbuild.context({ ...common, ...t })).watch();
  console.log(`[build] watching ${targets.length} bundles`);
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
  console.log(`[build] ${targets.map((t) => t.outfile).join(', ')} in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
