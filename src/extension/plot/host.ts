// One plot webview (the panel or the side view) and the file it shows: sends the file's text on
// every change, and carries out what the webview asks (save dialogs, the sizes edit, reveal).
// Every incoming message is checked by parseFromWebview before use.
import * as vscode from 'vscode';
import { readOverrideFor } from '../overrides';
import * as path from 'node:path';
import type { Config } from '../config';
import { analysisFileName } from '../results';
import { e2e, E2E, log } from '../log';
import { parseFromWebview, type ExperimentMessage, type ExportMessage, type ToWebview, type WriteSizesMessage } from '../../plot/protocol';
import { sizesEdit } from '../../plot/sizesEdit';
import type { ExperimentResults } from '../../experiment/types';
import { readResultsBeside } from '../experiment/files';

const FILTERS: Record<ExportMessage['format'], Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
  csv: { 'CSV table': ['csv'] },
  json: { JSON: ['json'] },
};

export class PlotHost implements vscode.Disposable {
  private uri?: vscode.Uri;
  private model?: string;
  private ready = false;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subs: vscode.Disposable[] = [];
  /** Reading the experiment results beside the file shown; later results wait for it. */
  private beside: Promise<void> = Promise.resolve();
  /** The last results posted per uri#model, sent again whenever the webview (re)loads. */
  private readonly experiments = new Map<string, ExperimentMessage>();

  constructor(
    private readonly webview: vscode.Webview,
    private readonly config: () => Config,
    /** The side view follows the active editor; the panel keeps its file. */
    private readonly follows: boolean,
    private readonly onShow?: (uri: vscode.Uri, model: string | undefined) => void,
  ) {
    this.subs.push(
      webview.onDidReceiveMessage((m) => void this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.uri && e.document.uri.toString() === this.uri.toString() && e.contentChanges.length) this.sendLater(e.document);
      }),
    );
  }

  get documentUri(): vscode.Uri | undefined {
    return this.uri;
  }

  /** Shows a document's model (the first, or the one named). */
  show(doc: vscode.TextDocument, model?: string): void {
    this.uri = doc.uri;
    this.model = model;
    this.onShow?.(doc.uri, model);
    if (this.ready) {
      this.send(doc, model);
      this.beside = this.sendExperimentsBeside(doc);
    }
  }

  /**
   * Experiment results for a model of the document shown (null clears them). Sent after the
   * results saved beside the file, so that results loaded or measured now are the ones drawn;
   * kept, and sent again when the webview reloads.
   */
  postExperiment(uri: vscode.Uri, model: string, results: ExperimentResults | null, source: string): void {
    const m: ExperimentMessage = { type: 'experiment', uri: uri.toString(), model, results, source };
    this.experiments.set(`${m.uri}#${model}`, m);
    if (this.ready) void this.beside.then(() => this.post(m));
  }

  /** The results saved beside the model file (`<stem>.experiment.json`), reloaded with it. */
  private async sendExperimentsBeside(doc: vscode.TextDocument): Promise<void> {
    for (const { results, fileName } of await readResultsBeside(doc)) this.post({ type: 'experiment', uri: doc.uri.toString(), model: results.model.name, results, source: fileName });
  }

  showEmpty(reason: string): void {
    this.uri = undefined;
    if (this.ready) this.post({ type: 'empty', reason });
  }

  private post(m: ToWebview): void {
    void this.webview.postMessage(m);
  }

  private send(doc: vscode.TextDocument, model = this.model): void {
    const cfg = this.config();
    // A model named once (the CodeLens) stays the webview's own choice afterwards.
    this.model = undefined;
    void readOverrideFor(doc).then((override) =>
      this.post({
        type: 'document', uri: doc.uri.toString(), fileName: analysisFileName(doc), version: doc.version, text: doc.getText(),
        defaults: { degree: cfg.defaults.degree, readout: cfg.defaults.readout }, override, model, follows: this.follows,
      }),
    );
  }

  /** Edits arrive per keystroke: send the text once typing pauses. */
  private sendLater(doc: vscode.TextDocument): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => { if (!doc.isClosed) this.send(doc); }, Math.max(50, this.config().debounceMs));
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseFromWebview(raw);
    if (!m) {
      log('plot: ignored a message the protocol does not accept');
      return;
    }
    try {
      switch (m.type) {
        case 'ready': {
          this.ready = true;
          const doc = this.uri && (await openDoc(this.uri));
          if (doc) {
            this.send(doc);
            this.beside = this.sendExperimentsBeside(doc);
          }
          else this.post({ type: 'empty', reason: this.follows ? 'Open a file with a model (JSON, TypeScript, model.json, config.json) to see its scaling plot.' : 'The model file is no longer available.' });
          void this.beside.then(() => this.experiments.forEach((m) => this.post(m)));
          e2e(`plot ready ${this.follows ? 'view' : 'panel'}`);
          return;
        }
        case 'export':
          return await this.export(m);
        case 'writeSizes':
          return await this.writeSizes(m);
        case 'reveal': {
          const doc = await this.ownDocument(m.uri);
          if (!doc) return;
          const text = doc.getText();
          const at = Math.max(0, text.indexOf(m.model));
          const pos = doc.positionAt(at);
          await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
          return;
        }
      }
    } catch (err) {
      this.post({ type: 'notice', level: 'error', text: `Scaling Lens: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async export(m: ExportMessage): Promise<void> {
    const bytes = m.format === 'png' ? Buffer.from(m.data.slice('data:image/png;base64,'.length), 'base64') : Buffer.from(m.data, 'utf8');
    let target: vscode.Uri | undefined;
    // Test-only: with SCALING_LENS_E2E=1 and SCALING_LENS_E2E_EXPORT_DIR set, the e2e suite skips the
    // native save dialog (it cannot drive it) and the file goes straight into that folder.
    const e2eDir = E2E ? process.env.SCALING_LENS_E2E_EXPORT_DIR : undefined;
    if (e2eDir) target = vscode.Uri.file(path.join(e2eDir, m.name));
    else {
      const folder = (this.uri && vscode.workspace.getWorkspaceFolder(this.uri)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
      target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, m.name) : undefined, filters: FILTERS[m.format], title: `Export the scaling plot as ${m.format.toUpperCase()}` });
    }
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    const shown = vscode.workspace.asRelativePath(target, false);
    this.post({ type: 'notice', level: 'info', text: `Saved ${shown} (${bytes.length.toLocaleString('en-US')} bytes).` });
    e2e(`plot exported ${m.format} ${target.fsPath} ${bytes.length}`);
  }

  /**
   * The document this webview shows, when `uri` names it. The webview may only act on its own file:
   * a message naming any other uri (a webview is not trusted more than the file it draws) is refused.
   */
  private async ownDocument(uri: string): Promise<vscode.TextDocument | undefined> {
    if (!this.uri || uri !== this.uri.toString()) {
      log(`plot: refused a request for another file than the one shown: ${uri.slice(0, 200)}`);
      return undefined;
    }
    return openDoc(this.uri);
  }

  private async writeSizes(m: WriteSizesMessage): Promise<void> {
    const doc = await this.ownDocument(m.uri);
    if (!doc) throw new Error('the sizes can only be written to the file this plot shows');
    const r = sizesEdit(analysisFileName(doc), doc.getText(), m.model, m.sizes);
    if ('error' in r) {
      this.post({ type: 'notice', level: 'error', text: `Cannot write the sizes: ${r.error}.` });
      return;
    }
    // One WorkspaceEdit: a single step on the document's undo stack.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.text);
    const ok = await vscode.workspace.applyEdit(edit);
    this.post({ type: 'notice', level: ok ? 'info' : 'error', text: ok ? `Wrote the sizes to ${path.basename(doc.fileName)} (undo in the editor to take them back).` : 'The edit was refused.' });
    e2e(`plot wroteSizes ${path.basename(doc.fileName)} ${ok}`);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}

async function openDoc(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}
