// Every command the README shows works on a checkout (after `npm ci && npm run build`), and prints
// what the README says it prints: each `scaling-lens` command is run, and an output block right after
// a command block is checked line by line against the output of that block's last command ("..."
// stands for lines left out; a line ending in "..." is a prefix). Every `npm run` script it names exists.
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliAsync, ROOT } from './helpers';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Block {
  lang: string;
  lines: string[];
}

function blocks(md: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(md); m; m = re.exec(md)) out.push({ lang: m[1], lines: m[2].replace(/\n$/, '').split('\n') });
  return out;
}

/** The arguments of a `npx scaling-lens ...` line, its trailing comment removed. */
function commandArgs(line: string): string[] | undefined {
  const m = /^npx scaling-lens\s+(.*?)\s*(#.*)?$/.exec(line.trim());
  return m ? m[1].split(/\s+/) : undefined;
}

/** Each line the README shows appears in the output, in order; "..." skips, "x..." is a prefix. */
function assertShown(shown: string[], actual: string[], what: string): void {
  let at = 0;
  for (const line of shown) {
    if (line.trim() === '...') continue;
    const prefix = line.endsWith('...') ? line.slice(0, -3) : undefined;
    const found = actual.findIndex((a, i) => i >= at && (prefix !== undefined ? a.startsWith(prefix) : a === line));
    assert.ok(found >= 0, `${what}: the README shows\n${line}\nbut the output (from line ${at + 1}) is\n${actual.slice(at, at + 12).join('\n')}`);
    at = found + 1;
  }
}

describe('README: every command it shows', () => {
  const all = blocks(README);
  const commands = all.flatMap((b, i) => (b.lang === 'bash' ? b.lines.flatMap((l) => (commandArgs(l) ? [{ args: commandArgs(l)!, block: i }] : [])) : []));

  it('shows scaling-lens commands (the test is not empty)', () => {
    assert.ok(commands.length >= 4, JSON.stringify(commands));
  });

  for (const c of commands) {
    it(`scaling-lens ${c.args.join(' ')}`, async function () {
      this.timeout(300_000);
      const r = await cliAsync(c.args);
      // A file the command writes (an exported script, a results file) is not left in the checkout.
      for (const flag of ['--export-script', '--out']) {
        const i = c.args.indexOf(flag);
        if (i >= 0 && c.args[i + 1]) rmSync(join(ROOT, c.args[i + 1]), { force: true });
      }
      assert.equal(r.code, 0, r.err + r.out.slice(0, 800));
      if (c.args.includes('--json')) JSON.parse(r.out);
      // An output block right after this command's block shows the output of its last command.
      const next = all[c.block + 1];
      const last = commands.filter((x) => x.block === c.block).pop();
      if (next && next.lang === '' && last === c) assertShown(next.lines, r.out.split('\n'), `scaling-lens ${c.args.join(' ')}`);
    });
  }

  it('names only npm scripts that exist', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const named = [...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    assert.ok(named.length > 3);
    for (const n of named) assert.ok(scripts[n], `npm run ${n} is not a script`);
    for (const n of [...README.matchAll(/npm (start|test)\b/g)].map((m) => m[1])) assert.ok(scripts[n], `npm ${n}`);
  });
});
