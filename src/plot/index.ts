// The scaling plot's data: built from the engine, described in words, exported, drawn as SVG.
export { buildPlot, Plotter, type PlotOptions } from './build';
export { chartCsv, plotJson, allCharts } from './export';
export { chartSvg } from './svg';
export type * from './types';
