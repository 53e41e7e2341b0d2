// `npm run package`: a production build (minified, no source maps), then a .vsix with @vscode/vsce.
// Prints the size of each bundle, the file list and the package's size.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const t0 = Date.now();
// stale debug artefacts (source maps) must not ride along
for (const f of fs.existsSync(path.join(root, 'dist')) ? fs.readdirSync(path.join(root, 'dist')) : []) {
  if (f.endsWith('.map')) fs.rmSync(path.join(root, 'dist', f));
}
run(process.execPath, ['scripts/build.mjs', '--production']);
// The size of each bundle: the webview's holds the plot builder and the engine, and no front end.
for (const f of fs.readdirSync(path.join(root, 'dist')).filter((n) => n.endsWith('.js')).sort()) {
  console.log(`[package] dist/${f}: ${(fs.statSync(path.join(root, 'dist', f)).size / 1024).toFixed(1)} KiB`);
}
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out]);
run(process.execPath, [vsce, 'ls', '--no-dependencies']);
const size = fs.statSync(out).size;
console.log(`[package] ${path.basename(out)}: ${(size / 1024).toFixed(1)} KiB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
