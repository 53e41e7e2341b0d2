// The chart data of the scaling plot: what the webview draws, the CLI writes as SVG and the
// exports carry. Plain JSON (no classes), so it crosses the webview boundary unchanged.
//
// Units: an axis is either `log10` (the pstar-d chart: x = log10 d, y = log10 P*, no prefactor)
// or `powerOfD` (every other chart: a size is d^x, P* is d^y; with a numeric d the values follow).

/** The version of the JSON that plotJson writes (schemas/plot-output.schema.json). */
export const PLOT_SCHEMA_VERSION = 1;

export type AxisUnit = 'log10' | 'powerOfD';

export interface Axis {
  /** The size on this axis ("d", "N2") or what is plotted ("P*", "scale"). */
  symbol: string;
  label: string;
  unit: AxisUnit;
  min: number;
  max: number;
}

export interface XY {
  x: number;
  y: number;
}

export interface LineSeries {
  /** Candidate id ("gp-specialization"), a parameter name ("M2") or "winner" (the envelope). */
  id: string;
  label: string;
  /** y at the chart's xs, one value per x (null where the candidate has no branch). */
  ys: (number | null)[];
  /** The winner at the chart's basis. */
  winner?: boolean;
  /** Shares the winner's exponent (pstar-d). */
  tied?: boolean;
  /** Exact slope in the chart's units, e.g. "4/3" (pstar-d: the exponent of d). */
  slope?: string;
  /** The drawn envelope of the winners (pstar-width). */
  envelope?: boolean;
}

/** Where the winner changes along a chart's x axis. */
export interface Crossing {
  x: number;
  /** Exact position when the basis is exact: "2", "1/3" (a power of d). */
  exact?: string;
  before: string;
  after: string;
  /** The boundary's equation in the sizes, e.g. "N1 = N2". */
  equation: string;
  /** The same P* on both sides: only the winner's name (its pattern) changes (BoundaryResult.samePStar). */
  samePStar?: true;
}

export interface Marker extends XY {
  label: string;
}

/** A stretch of the x axis and the candidate that wins there. */
export interface WinnerSpan {
  from: number;
  to: number;
  winner: string;
}

export interface LineChart {
  kind: 'pstar-d' | 'pstar-width' | 'scales';
  /** Stable id: "pstar-d", "pstar-N2", "scales-N1". */
  id: string;
  title: string;
  x: Axis;
  y: Axis;
  xs: number[];
  series: LineSeries[];
  crossings: Crossing[];
  spans: WinnerSpan[];
  design?: Marker;
  /** The chart in words (screen readers, tests). */
  description: string;
}

export interface PhaseBoundary {
  between: [string, string];
  equation: string;
  from: XY;
  to: XY;
}

export interface PhaseChart {
  kind: 'phase';
  id: string;
  title: string;
  x: Axis;
  y: Axis;
  /** Cell centres along x and y; cells[j * xs.length + i] indexes `candidates` (or -1). */
  xs: number[];
  ys: number[];
  cells: number[];
  candidates: string[];
  boundaries: PhaseBoundary[];
  design?: Marker;
  description: string;
}

export type Chart = LineChart | PhaseChart;

/** How the sizes were tied to d for a chart: the file's regime, its numeric sizes, or the reference. */
export interface Basis {
  kind: 'regime' | 'sizes' | 'reference';
  /** Each width/context symbol's exponent of d (d itself is 1). */
  exponents: Record<string, number>;
  /** The same as exact fractions where they are exact ("2", "1/3"). */
  exact: Record<string, string | undefined>;
  /** In words: "regime N1 = d^2, N2 = d". */
  text: string;
}

export interface PlotData {
  model: string;
  /** The input-dimension symbol ("d"). */
  dim: string;
  /** Width and context symbols, in the model's order. */
  widths: string[];
  /** Every candidate id in the engine's order (fixes each candidate's colour). */
  candidates: string[];
  /** The numeric sizes the charts used (file sizes with overrides). */
  sizes: Record<string, number>;
  /** The winner at the design point (as in the result), and P* there. */
  winner?: string;
  pStar?: { text?: string; inD?: string; value?: number; status?: string; wins?: string };
  /** Basis of the pstar-d chart (the regime when the file has one). */
  scaling: Basis;
  /** Basis of the other charts: the design point (the sizes when complete, as the result's winner). */
  design: Basis;
  charts: {
    pstarD: LineChart;
    pstarWidth: LineChart[];
    phase?: PhaseChart;
    scales: LineChart[];
  };
  /** Why there is nothing to plot, when there is nothing. */
  unavailable?: string;
}
