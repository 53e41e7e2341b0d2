// One colour per candidate, the same in the webview, the SVG and every chart of a plot: the
// candidate's position in the engine's list picks it. Mid-tone hues that read on light and dark
// backgrounds alike (checked against both VS Code default themes).

const PALETTE = [
  '#3b82f6', // blue
  '#f59e0b', // amber
  '#10b981', // emerald
  '#ef4444', // red
  '#8b5cf6', // violet
  '#06b6d4', // cyan
  '#ec4899', // pink
  '#84cc16', // lime
  '#f97316', // orange
  '#6366f1', // indigo
  '#14b8a6', // teal
  '#a855f7', // purple
];

export function colorFor(id: string, candidates: string[]): string {
  const i = candidates.indexOf(id);
  return PALETTE[(i < 0 ? 0 : i) % PALETTE.length];
}

/**
 * The ids a chart's colours are picked from: the plot's candidates, then the winners only a phase
 * diagram has (a deep network's diagram has winners its short table does not list, which all took
 * the first colour: one region of one colour).
 */
export function colorIds(candidates: readonly string[], chart: { kind: string; candidates?: readonly string[] }): string[] {
  if (chart.kind !== 'phase' || !chart.candidates) return [...candidates];
  return [...candidates, ...chart.candidates.filter((id) => !candidates.includes(id))];
}

/** Dash pattern for candidates past the palette's length, so that colours never repeat alone. */
export function dashFor(id: string, candidates: string[]): number[] {
  const i = candidates.indexOf(id);
  return i >= PALETTE.length ? [6, 3] : [];
}

/**
 * A crossing's dash: dashed where P* changes slope, dotted where only the winner's name (its
 * pattern of feature learning) changes and P* goes on unbroken (samePStar): the same in the SVG
 * and the panel.
 */
export function crossingDash(c: { samePStar?: true }): number[] {
  return c.samePStar ? [1, 3] : [4, 4];
}
