// The house's rules, checked on its files (docs/architecture.md): each layer imports only the
// layers its TypeScript project references; the engine is reached through its index; only the
// extension imports `vscode`; the webview bundle holds no front end; nothing reads the design folder
// kept beside the repository.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './helpers';

/** Every file below `dir` (relative to ROOT) whose name matches. */
function files(dir: string, match: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(ROOT, d))) {
      const rel = join(d, name);
      if (statSync(join(ROOT, rel)).isDirectory()) walk(rel);
      else if (match.test(name)) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** The projects of the build: folder → the folders it references (tsconfig.json files are JSONC). */
function projects(): Map<string, string[]> {
  const jsonc = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
  const out = new Map<string, string[]>();
  for (const { path } of jsonc('tsconfig.json').references as { path: string }[]) {
    const refs = (jsonc(join(path, 'tsconfig.json')).references ?? []) as { path: string }[];
    out.set(normalize(path), refs.map((r) => normalize(join(path, r.path))));
  }
  return out;
}

/** The project a source file belongs to: the deepest project folder that holds it. */
function projectOf(file: string, all: string[]): string | undefined {
  return all.filter((p) => file.startsWith(p + '/')).sort((a, b) => b.length - a.length)[0];
}

const importsOf = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|require\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2]);

describe('architecture: the layers, as the compiler and the bundles keep them', () => {
  const all = projects();
  const names = [...all.keys()];
  const sources = [...files('src', /\.ts$/), ...files('webview', /\.ts$/)].filter((f) => !f.endsWith('.d.ts'));

  it('has one project per layer, the engine first', () => {
    for (const p of ['src/engine', 'src/model', 'src/parse', 'src/report', 'src/contract', 'src/pipeline', 'src/plot', 'src/worker', 'src/cli', 'src/extension', 'webview']) assert.ok(all.has(p), p);
    assert.deepEqual(all.get('src/engine'), []);
  });

  it('each file imports only its own project and the projects it references', () => {
    const bad: string[] = [];
    for (const f of sources) {
      const own = projectOf(f, names)!;
      for (const spec of importsOf(f)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(ROOT, resolve(ROOT, dirname(f), spec));
        const p = projectOf(target, names);
        if (p !== own && !all.get(own)!.includes(p!)) bad.push(`${f} → ${spec} (${p})`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('reaches the engine only through src/engine/index.ts', () => {
    const bad = sources.filter((f) => !f.startsWith('src/engine/')).flatMap((f) =>
      importsOf(f).filter((s) => /\/engine\//.test(s) && !/\/engine\/index$/.test(s)).map((s) => `${f} → ${s}`));
    assert.deepEqual(bad, []);
  });

  it('imports vscode in src/extension only, and Node only in the Node layers', () => {
    const node = ['src/cli', 'src/extension', 'src/worker', 'src/experiment/run'];
    for (const f of sources) {
      const own = projectOf(f, names)!;
      for (const spec of importsOf(f)) {
        if (spec === 'vscode') assert.equal(own, 'src/extension', `${f} imports vscode`);
        if (spec.startsWith('node:')) assert.ok(node.includes(own), `${f} imports ${spec}`);
      }
    }
  });

  it('bundles no front end and no pipeline into the webview and its plot worker (esbuild metafile), and their bundles hold no reader key', async () => {
    for (const [entry, out] of [['webview/main.ts', 'webview.js'], ['webview/plotWorker.ts', 'plotWorker.js']]) {
      const r = await esbuild.build({ absWorkingDir: ROOT, entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'browser', format: 'iife', logLevel: 'silent' });
      const inputs = Object.keys(r.metafile.inputs);
      assert.ok(inputs.some((i) => i.startsWith('src/plot/')) && inputs.some((i) => i.startsWith('src/engine/')), `${entry}: the plot builder and the engine are in`);
      assert.deepEqual(inputs.filter((i) => /^src\/(parse|pipeline|worker|cli|extension)\//.test(i)), []);
      // The keys only a reader knows (Keras, TF.js, Hugging Face, PyTorch, @scaling tags).
      const bundle = readFileSync(join(ROOT, 'dist', out), 'utf8');
      for (const key of ['modelTopology', 'batch_input_shape', 'num_attention_heads', 'n_embd', 'nn.Linear', '@scaling', 'scalingModel']) assert.ok(!bundle.includes(key), `dist/${out} holds "${key}"`);
    }
  });

  it('reads nothing beside the repository (the shared design folder) at build, run or test time', () => {
    const checked = [...sources, ...files('test', /\.(ts|mjs|json)$/), ...files('scripts', /\.(mjs|sh)$/), ...files('bench', /\.ts$/), '.ci/run', 'package.json', '.mocharc.json'];
    const bad = checked.filter((f) => !f.startsWith('test/fixtures/') && /\.\.\/shared|\/work\/shared/.test(readFileSync(join(ROOT, f), 'utf8')));
    assert.deepEqual(bad, []);
  });
});
