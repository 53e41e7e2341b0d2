// End-to-end harness: one real VS Code (code-server's workbench + Node remote extension host)
// per test file, driven headlessly by playwright-core through Debian's chromium.
//
// Needs the toolchain of scripts/setup-e2e.sh (.vscode-e2e/) and a built extension (dist/);
// `npm run test:e2e` does both. Environment: VSCODE_E2E_HOME, CODE_SERVER_NODE,
// CODE_SERVER_ENTRY, CHROMIUM (from .vscode-e2e/env.sh; defaults work when setup ran here),
// ARTIFACTS (default test-artifacts/), KEEP_TMP=1 to keep the temporary dirs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOME = path.resolve(process.env.VSCODE_E2E_HOME || path.join(ROOT, '.vscode-e2e'));
const CS_NODE = process.env.CODE_SERVER_NODE || process.execPath;
const CS_ENTRY = process.env.CODE_SERVER_ENTRY || path.join(HOME, 'cs/node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(process.env.ARTIFACTS || path.join(ROOT, 'test-artifacts'));

/** Copies what the .vsix would hold into `<extensions-dir>/<publisher>.<name>-<version>`. */
export function stageExtension(extensionsDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const dest = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(dest, { recursive: true });
  for (const p of ['package.json', 'README.md', 'CHANGELOG.md', 'media', 'schemas', 'dist']) {
    const src = path.join(ROOT, p);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(dest, p), { recursive: true, filter: (s) => !s.endsWith('cli.js') });
  }
  if (!fs.existsSync(path.join(dest, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run `npm run build` first');
  return dest;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Quiet, deterministic user settings; nothing reaches for the network. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'json.schemaDownload.enable': false,
  // typed text lands as typed: no auto-closed quotes or brackets, no surrounding a selection
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingBrackets': 'never',
  'editor.autoSurround': 'never',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
};

/**
 * Starts code-server on 127.0.0.1 with the extension staged and a fresh workspace holding copies of `workspaceFrom` open.
 * `folder` opens an existing folder in place instead of a copy (used by `npm start`).
 */
export async function startServer({ workspaceFrom = [], folder, settings = {}, env = {}, port, keepWorkspace = false } = {}) {
  if (!fs.existsSync(CS_ENTRY)) throw new Error(`code-server not found at ${CS_ENTRY}: run scripts/setup-e2e.sh`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scaling-lens-e2e-'));
  const userData = path.join(tmp, 'user-data');
  const extDir = path.join(tmp, 'extensions');
  const workspace = folder ? path.resolve(folder) : path.join(tmp, 'workspace');
  for (const d of [path.join(userData, 'User'), extDir, workspace]) fs.mkdirSync(d, { recursive: true });
  stageExtension(extDir);
  for (const from of workspaceFrom) fs.cpSync(from, workspace, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  port ??= await freePort();
  const config = path.join(tmp, 'config.yaml'); // explicit --config: nothing written to ~/.config
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  let log = '';
  const proc = spawn(CS_NODE, [CS_ENTRY, '--config', config, '--user-data-dir', userData, '--extensions-dir', extDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', workspace], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${path.dirname(CS_NODE)}:${process.env.PATH}`, ...env },
  });
  proc.stdout.on('data', (b) => { log += b; });
  proc.stderr.on('data', (b) => { log += b; });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  const end = Date.now() + 60000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`code-server exited (${proc.exitCode}):\n${log}`);
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`code-server not ready on ${port}:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    proc, port, url, tmp, workspace, userData, log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* gone */ }
        await new Promise((r) => setTimeout(r, 800));
        try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
      }
      if (!process.env.KEEP_TMP && !keepWorkspace) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A server plus a browser page on the workbench; `open` (a file) is opened, which activates the extension. */
export async function startVSCode(opts = {}) {
  const T0 = Date.now();
  const timings = {};
  const mark = (k) => { timings[k] = Date.now() - T0; };
  const server = await startServer({ ...opts, env: { SCALING_LENS_E2E: '1', ...(opts.env || {}) } });
  mark('serverListening');
  let context;
  try {
    return await openWorkbench(server, opts, timings, mark, (c) => { context = c; });
  } catch (e) {
    // a failed start must not leave code-server or chromium behind
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, 'failed-start.code-server.log'), server.log());
    await context?.close().catch(() => {});
    await server.stop();
    throw e;
  }
}

async function openWorkbench(server, opts, timings, mark, setContext) {
  const requireFrom = createRequire(path.join(HOME, 'noop.js'));
  const { chromium } = requireFrom('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(server.tmp, 'chrome-profile'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  setContext(context);
  const page = context.pages()[0] || await context.newPage();
  const extLog = [];
  page.on('console', (m) => { const t = m.text(); if (t.includes('[Extension Host]')) extLog.push(t); });
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  mark('workbenchVisible');
  const vs = new VSCodePage(page, extLog, server, context, timings, mark);
  // The extension activates on the languages it reads (no `*`): open a model file to wake it.
  if (opts.open) { await vs.openFile(opts.open); mark('fileOpen'); }
  await vs.waitForLog(/\[scaling-lens\] activated/, 120000);
  mark('extensionActivated');
  return vs;
}

export class VSCodePage {
  constructor(page, extLog, server, context, timings, mark) {
    Object.assign(this, { page, extLog, server, context, timings, mark });
  }

  /** Waits for an extension-host console line matching `re` (after index `from`); returns it. */
  async waitForLog(re, timeout = 30000, from = 0) {
    const end = Date.now() + timeout;
    for (;;) {
      const hit = this.extLog.slice(from).find((l) => re.test(l));
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`no extension-host log line matched ${re} in ${timeout} ms. Lines:\n${this.extLog.slice(-30).join('\n')}`);
      await this.page.waitForTimeout(100);
    }
  }

  mark_() { return this.extLog.length; }

  async runCommand(title) {
    const { page } = this;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 15000 });
    } catch (e) {
      await page.keyboard.press('Escape'); // leave the palette closed for the next step
      throw e;
    }
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async openFile(relPath) {
    const { page } = this;
    const base = path.basename(relPath);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relPath);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: base }).waitFor({ timeout: 30000 });
    await page.keyboard.press('Enter');
    await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: base }).waitFor();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
  }

  /** The text of the active editor's rendered lines (spaces normalised; inlay hints included). */
  async visibleLines() {
    return this.page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent.replace(/\u00a0/g, ' ')));
  }

  /** Waits until a rendered line containing `lineText` also shows `hint` (an inlay hint). */
  async waitForLineText(lineText, hint, timeout = 30000) {
    const end = Date.now() + timeout;
    let lines = [];
    for (;;) {
      lines = await this.visibleLines();
      const line = lines.find((l) => l.includes(lineText) && (hint instanceof RegExp ? hint.test(l) : l.includes(hint)));
      if (line) return line;
      if (Date.now() > end) throw new Error(`no line with ${JSON.stringify(lineText)} showing ${hint}:\n${lines.join('\n')}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Text of the inlay hints rendered in the active editor. */
  async inlayHints() {
    return this.page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line span[class*="dyn-rule"]')]
      .map((s) => s.textContent.replace(/\u00a0/g, ' ').trim()).filter(Boolean));
  }

  /** Pixel box of the first occurrence of `word` in a rendered line containing `lineText`. */
  async wordBox(lineText, word) {
    return this.page.evaluate(([lineText, word]) => {
      const line = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
        .find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(lineText));
      if (!line) return null;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent.replace(/\u00a0/g, ' ').indexOf(word);
        if (i >= 0) {
          const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + word.length);
          const b = r.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height };
        }
      }
      return null;
    }, [lineText, word]);
  }

  /**
   * Clicks the first "Show scaling plot" CodeLens and waits for the command's log line `re`; returns
   * the log mark from before the click (for what the panel logs next).
   */
  async showPlotFromCodeLens(re, timeout = 20000) {
    const from = this.mark_();
    await this.page.locator('.codelens-decoration a', { hasText: 'Show scaling plot' }).first().click();
    await this.waitForLog(re, timeout, from);
    return from;
  }

  /**
   * Waits until an element of the plot panel's webview (inside VS Code's nested iframes) reads
   * `re`; returns its text. `what` names it in the error.
   */
  async panelText(selector, re, what, timeout = 30000) {
    const end = Date.now() + timeout;
    let text = '';
    while (!re.test(text)) {
      for (const f of this.page.frames()) {
        const loc = f.locator(`body.mode-panel ${selector}`);
        if (await loc.count().catch(() => 0)) text = (await loc.textContent().catch(() => '')) || text;
      }
      if (Date.now() > end) throw new Error(`${what}: ${JSON.stringify(text)}`);
      await this.page.waitForTimeout(200);
    }
    return text;
  }

  /** Hovers `word` on the line containing `lineText` and returns the hover's text once it holds `expect`. */
  async hover(lineText, word, expect) {
    const { page } = this;
    const hover = page.locator('.monaco-hover:visible', { hasText: expect }).first();
    for (let attempt = 0; attempt < 6; attempt++) {
      // Found again on every attempt: a CodeLens or hint that arrives late moves the lines.
      const box = await this.wordBox(lineText, word);
      if (!box) throw new Error(`word ${word} not found on a line with ${lineText}`);
      await page.mouse.move(box.x + box.w / 2 - 3, box.y + box.h / 2);
      await page.mouse.move(box.x + box.w / 2, box.y + box.h / 2, { steps: 3 });
      try { await hover.waitFor({ timeout: 4000 }); return hover; } catch { await page.mouse.move(5, 500); }
    }
    throw new Error(`no hover with ${expect} over ${word}`);
  }

  /** Selects the first match of `text` in the active editor (find widget), so typing replaces it. */
  async select(text) {
    const { page } = this;
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+F');
    const find = page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
    await find.waitFor({ state: 'visible' });
    await find.fill(text);
    await page.locator('.editor-group-container.active .find-widget .matchesCount', { hasText: /^1 of/ }).waitFor({ timeout: 5000 }).catch(() => {});
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
  }

  /**
   * Sets the user settings to the harness's base settings plus `settings`, as a user would: opens
   * settings.json, replaces its text, saves. (Writing the file behind VS Code's back is not picked up.)
   * Leaves the focus on `back` (a file opened through Quick Open) when given.
   */
  async setUserSettings(settings, back) {
    const { page } = this;
    await this.runCommand('Preferences: Open User Settings (JSON)');
    await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'settings.json' }).waitFor();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(JSON.stringify({ ...BASE_SETTINGS, ...settings }));
    await page.keyboard.press('Control+S');
    await page.locator('.editor-group-container.active .tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10000 });
    if (back) await this.openFile(back);
  }

  /** Text of `selector` inside any webview (panel or view) once it contains `expect`. */
  async webviewText(selector, expect, timeout = 30000) {
    const end = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        const text = await frame.locator(selector).first().textContent({ timeout: 200 }).catch(() => null);
        if (text && text.includes(expect)) return text;
      }
      if (Date.now() > end) throw new Error(`no webview element ${selector} with ${expect}`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Answers a save (or open) dialog with a path. code-server's dialogs are VS Code's simple file
   * dialog: a quick input holding a path, which a person edits and accepts.
   */
  async fileDialog(target, timeout = 30000) {
    const { page } = this;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout });
    await page.waitForTimeout(500); // the dialog fills in its default path first
    await input.fill(target);
    await page.waitForTimeout(500);
    await page.keyboard.press('Enter');
  }

  async notification(text, timeout = 20000) {
    const toast = this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return (await toast.innerText()).trim();
  }

  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications').catch(() => {});
  }

  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS, name) });
  }

  async close(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    if (name) {
      fs.writeFileSync(path.join(ARTIFACTS, `${name}.extension-host.log`), this.extLog.join('\n'));
      fs.writeFileSync(path.join(ARTIFACTS, `${name}.code-server.log`), this.server.log());
      console.log(`# ${name} timings ms: ${JSON.stringify(this.timings)}`);
    }
    await this.context.close().catch(() => {});
    await this.server.stop();
  }
}
