// Text for a terminal: what a file holds (a model's name, a layer's type, a file's own name) reaches
// the terminal as characters it shows, never as controls it acts on (an escape sequence that retitles
// the window, clears the screen or recolours a line; a carriage return that writes over a line; a
// bidirectional override that reorders one). Each such character is written as its \uXXXX escape,
// which is also a valid escape inside a JSON string, so `--json` output stays the same JSON.

import { CONTROL_CHARACTERS } from '../report/format';

/** Characters a terminal acts on rather than shows (report/format.ts), tab and line feed among them. */
const CONTROLS = new RegExp(`[${CONTROL_CHARACTERS}]`, 'g');

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Output for a terminal: its line feeds and tabs kept, every other control character escaped. */
export function terminalText(s: string): string {
  return s.replace(CONTROLS, (c) => (c === '\n' || c === '\t' ? c : escaped(c)));
}

/** One line of output: a line feed inside it (from a name in a file) is escaped too, so it cannot forge a line. */
export function terminalLine(s: string): string {
  return s.replace(CONTROLS, escaped);
}
