// One plot webview (the panel or the side view) and the file it shows. It draws from the result
// store the hints use: the models the worker read are sent to the webview whenever the store has a
// new result for the file (an edit, a setting, the override beside it), and the webview runs the
// plot builder on them. It also carries out what the webview asks (save dialogs, the sizes edit,
// reveal). Every incoming message is checked by parseFromWebview before use.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ResultStore, StoredResult } from '../results';
import { analysisFileName, findOpenDocument, openDocument } from '../documents';
import { e2e, log } from '../log';
import { parseFromWebview, type ExperimentMessage, type ExportMessage, type RevealMessage, type ToWebview, type WriteSizesMessage } from '../../contract/webview';
import { sizesEdit } from '../../parse/sizesEdit';
import type { ExperimentResults } from '../../experiment/types';
import { readResultsBeside } from '../experiment/files';

const FILTERS: Record<ExportMessage['format'], Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  svg: { 'SVG image': ['svg'] },
  csv: { 'CSV table': ['csv'] },
  json: { JSON: ['json'] },
};

const NOT_ANALYSED = 'Scaling Lens does not analyse this file (see the settings scalingLens.enable and scalingLens.files.*).';

export class PlotHost implements vscode.Disposable {
  private uri?: vscode.Uri;
  /** The model named by the last show() (the CodeLens), sent once; afterwards the webview keeps its choice. */
  private model?: string;
  private ready = false;
  /** The stored result last sent: the store's change event and show() may both bring the same one. */
  private sent?: StoredResult;
  private readonly subs: vscode.Disposable[] = [];
  /** Reading the experiment results beside the file shown; later results wait for it. */
  private beside: Promise<void> = Promise.resolve();
  /** The last results posted per uri#model, sent again whenever the webview (re)loads. */
  private readonly experiments = new Map<string, ExperimentMessage>();

  constructor(
    private readonly webview: vscode.Webview,
    private readonly store: ResultStore,
    /** The side view follows the active editor; the panel keeps its file. */
    private readonly follows: boolean,
    private readonly onShow?: (uri: vscode.Uri, model: string | undefined) => void,
  ) {
    this.subs.push(
      webview.onDidReceiveMessage((m) => void this.receive(m)),
      store.onDidChange((uri) => {
        if (this.ready && this.uri?.toString() === uri.toString()) this.sendStored(uri);
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
    this.sent = undefined;
    this.onShow?.(doc.uri, model);
    if (this.ready) this.load(doc);
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

  showEmpty(reason: string): void {
    this.uri = undefined;
    if (this.ready) this.post({ type: 'empty', reason });
  }

  /** The document's models (analysed now if the store has none for this version) and the experiments beside it. */
  private load(doc: vscode.TextDocument): void {
    void this.store.current(doc).then((stored) => {
      if (this.uri?.toString() !== doc.uri.toString()) return;
      // Not analysed: say why. Moved on or cancelled: the store's next result comes through onDidChange.
      if (stored) this.sendResult(doc, stored);
      else if (!this.store.eligible(doc)) this.post({ type: 'empty', reason: NOT_ANALYSED });
    });
    this.beside = this.sendExperimentsBeside(doc);
  }

  private sendStored(uri: vscode.Uri): void {
    const stored = this.store.get(uri);
    const doc = findOpenDocument(uri);
    // A result dropped because the file closed leaves the chart as it is; one dropped by the settings says so.
    if (!doc) return;
    if (stored) this.sendResult(doc, stored);
    else if (!this.store.eligible(doc)) this.post({ type: 'empty', reason: NOT_ANALYSED });
  }

  private sendResult(doc: vscode.TextDocument, stored: StoredResult): void {
    if (stored === this.sent) return;
    // The whole result after an early one brings the same models (only their boundaries were
    // missing, which the chart walks itself): drawing them again would only cost the time again.
    const same = this.sent?.early && !stored.early && this.sent.version === stored.version && JSON.stringify(this.sent.models) === JSON.stringify(stored.models);
    this.sent = stored;
    if (same) return;
    this.post(this.message(doc, stored));
  }

  private message(doc: vscode.TextDocument, stored: StoredResult): ToWebview {
    if (!stored.models.length) {
      const problem = [...(stored.result.diagnostics ?? [])].find((d) => d.severity !== 'info');
      return { type: 'empty', reason: problem?.message ?? 'No model in this file.' };
    }
    const model = this.model;
    this.model = undefined;
    return { type: 'models', uri: doc.uri.toString(), fileName: analysisFileName(doc), version: stored.version, models: stored.models, model, follows: this.follows };
  }

  /** The results saved beside the model file (`<stem>.experiment.json`), reloaded with it. */
  private async sendExperimentsBeside(doc: vscode.TextDocument): Promise<void> {
    for (const { results, fileName } of await readResultsBeside(doc)) this.post({ type: 'experiment', uri: doc.uri.toString(), model: results.model.name, results, source: fileName });
  }

  private post(m: ToWebview): void {
    void this.webview.postMessage(m);
    if (m.type === 'models') e2e(`plot models ${this.follows ? 'view' : 'panel'} ${path.basename(m.fileName)} v${m.version} ${m.models.map((x) => `${x.name}:degree=${x.target.degree}`).join(',')}`);
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseFromWebview(raw);
    if (!m) {
      log('plot: ignored a message the protocol does not accept');
      return;
    }
    try {
      switch (m.type) {
        case 'ready':
          return await this.onReady();
        case 'export':
          return await this.export(m);
        case 'writeSizes':
          return await this.writeSizes(m);
        case 'reveal':
          return await this.reveal(m);
      }
    } catch (err) {
      this.post({ type: 'notice', level: 'error', text: `Scaling Lens: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  private async onReady(): Promise<void> {
    this.ready = true;
    this.sent = undefined; // a (re)loaded webview has nothing yet
    const doc = this.uri && (await openDocument(this.uri));
    if (doc) this.load(doc);
    else this.post({ type: 'empty', reason: this.follows ? 'Open a file with a model (JSON, TypeScript, Python, model.json, config.json) to see its scaling plot.' : 'The model file is no longer available.' });
    void this.beside.then(() => this.experiments.forEach((x) => this.post(x)));
    e2e(`plot ready ${this.follows ? 'view' : 'panel'}`);
  }

  private async export(m: ExportMessage): Promise<void> {
    const bytes = m.format === 'png' ? Buffer.from(m.data.slice('data:image/png;base64,'.length), 'base64') : Buffer.from(m.data, 'utf8');
    const folder = (this.uri && vscode.workspace.getWorkspaceFolder(this.uri)?.uri) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, m.name) : undefined, filters: FILTERS[m.format], title: `Export the scaling plot as ${m.format.toUpperCase()}` });
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
    return openDocument(this.uri);
  }

  /** Shows the model in its editor, at the start of the model's range as the worker read it. */
  private async reveal(m: RevealMessage): Promise<void> {
    const doc = await this.ownDocument(m.uri);
    if (!doc) return;
    const range = this.store.get(doc.uri)?.models.find((x) => x.name === m.model)?.range;
    const pos = doc.validatePosition(new vscode.Position(range?.start.line ?? 0, range?.start.character ?? 0));
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
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
    for (const s of this.subs) s.dispose();
  }
}
