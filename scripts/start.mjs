// `npm start`: builds the extension, installs the e2e toolchain if it is missing, and opens the
// examples/ workspace in code-server (a real VS Code in the browser) with Scaling Lens loaded.
//   npm start [-- --port 8080] [-- --folder path/to/workspace]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const home = process.env.VSCODE_E2E_HOME || path.join(root, '.vscode-e2e');

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
if (!fs.existsSync(path.join(home, 'env.sh'))) {
  console.log('[start] installing code-server and the browser driver (first time only, ~2-3 min)');
  execFileSync('bash', [path.join(root, 'scripts/setup-e2e.sh')], { stdio: 'inherit', cwd: root });
}
for (const m of fs.readFileSync(path.join(home, 'env.sh'), 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)) process.env[m[1]] ??= m[2];

const { startServer } = await import('../test/e2e/harness.mjs');
const server = await startServer({
  folder: arg('folder') || path.join(root, 'examples'),
  port: arg('port') ? Number(arg('port')) : Number(process.env.PORT) || undefined,
  settings: { 'workbench.startupEditor': 'none' },
});
console.log(`\nScaling Lens is running in VS Code at:\n\n  ${server.url}\n\nOpen a model (two-layer.json, three-layer.json, ...). Ctrl+C stops the server.\n`);
let stopping = false;
const stop = async () => { if (stopping) return; stopping = true; await server.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.proc.on('exit', (code) => { if (!stopping) { console.error(`code-server exited (${code})\n${server.log().slice(-2000)}`); process.exit(1); } });
