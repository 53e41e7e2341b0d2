// Colours and fonts of the current VS Code theme, read from the --vscode-* CSS variables that VS Code
// sets on the webview's <html>; a MutationObserver on <body>'s class tells when the theme changes.

export interface Theme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  border: string;
  font: string;
  fontSize: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const cls = document.body.classList;
  const kind: Theme['kind'] = cls.contains('vscode-high-contrast-light') ? 'high-contrast-light' : cls.contains('vscode-high-contrast') ? 'high-contrast' : cls.contains('vscode-light') ? 'light' : 'dark';
  const dark = kind === 'dark' || kind === 'high-contrast';
  return {
    kind,
    bg: cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    fg: cssVar(style, '--vscode-editor-foreground', cssVar(style, '--vscode-foreground', dark ? '#cccccc' : '#333333')),
    muted: cssVar(style, '--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    grid: cssVar(style, '--vscode-editorIndentGuide-background1', cssVar(style, '--vscode-panel-border', dark ? '#404040' : '#e5e5e5')),
    border: cssVar(style, '--vscode-contrastBorder', cssVar(style, '--vscode-widget-border', dark ? '#454545' : '#c8c8c8')),
    font: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssVar(style, '--vscode-font-size', '13')) || 13,
  };
}

export function onThemeChange(cb: () => void): void {
  new MutationObserver(() => cb()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

/** A CSS colour with an alpha, through the canvas itself (theme colours come in any CSS form). */
export function withAlpha(color: string, alpha: number): string {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = color;
  const hex = ctx.fillStyle; // normalised to #rrggbb or rgba()
  if (hex.startsWith('#') && hex.length === 7) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return hex.replace(/rgba?\(([^)]+)\)/, (_, body: string) => `rgba(${body.split(',').slice(0, 3).join(',')}, ${alpha})`);
}
