// Every identifier the extension shares with its manifest (package.json): commands, views, the
// context key, the status bar item, the report scheme. One table, so that a provider never spells
// an id itself; test/unit/extensionConfig.test.ts checks it against package.json.

export const COMMAND = {
  analyzeFile: 'scalingLens.analyzeFile',
  analyzeWorkspace: 'scalingLens.analyzeWorkspace',
  showPlot: 'scalingLens.showPlot',
  toggleHints: 'scalingLens.toggleHints',
  copyResultJson: 'scalingLens.copyResultJson',
  copyResultMarkdown: 'scalingLens.copyResultMarkdown',
  checkByExperiment: 'scalingLens.checkByExperiment',
  exportExperimentScript: 'scalingLens.exportExperimentScript',
  loadExperimentResults: 'scalingLens.loadExperimentResults',
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

/** The chart panel (webview panel type, restored after a reload) and the side view in the Explorer. */
export const PLOT_PANEL = 'scalingLens.plot';
export const PLOT_SIDE_VIEW = 'scalingLens.plotView';

/** True while the active editor's cursor is in (or the file has) a model: menus and the keybinding use it. */
export const HAS_MODELS_CONTEXT = 'scalingLens.activeEditorHasModels';

export const STATUS_BAR_ITEM = 'scalingLens.status';

/** Read-only Markdown reports (`scaling-lens-report:` documents). */
export const REPORT_SCHEME = 'scaling-lens-report';
