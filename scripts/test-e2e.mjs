// `npm run test:e2e`: installs the e2e toolchain if needed (idempotent, ~1 s when present),
// builds the extension, then runs test/e2e/*.test.mjs one file at a time (one code-server each).
//   node scripts/test-e2e.mjs [test/e2e/editor.test.mjs ...]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();
execFileSync('bash', [path.join(root, 'scripts/setup-e2e.sh')], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
const env = { ...process.env };
const envFile = path.join(process.env.VSCODE_E2E_HOME || path.join(root, '.vscode-e2e'), 'env.sh');
for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/^export (\w+)="(.*)"$/gm)) env[m[1]] ??= m[2];
const files = process.argv.slice(2).length ? process.argv.slice(2)
  : fs.readdirSync(path.join(root, 'test/e2e')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join('test/e2e', f));
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit', cwd: root, env });
console.log(`[test:e2e] ${files.length} file(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit ${r.status}`);
process.exit(r.status ?? 1);
