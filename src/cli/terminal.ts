// Text for a terminal: what a file holds (a model's name, a layer's type, a file's own name) reaches
// the terminal as characters it shows, never as controls it acts on (an escape sequence that retitles
// the window, clears the screen or recolours a line; a carriage return that writes over a line; a
// bidirectional override that reorders one). Each such character is written as its \uXXXX escape,
// which is also a valid escape inside a JSON string, so `--json` output stays the same JSON.

/**
 * Characters a terminal acts on rather than shows: C0 controls but tab and line feed, DEL, the C1
 * controls, the line and paragraph separators, the bidirectional marks, embeddings, overrides and
 * isolates, and the zero-width space and byte-order mark (a name that looks like another).
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** The same, with tab and line feed: for one line of text whose values come from a file. */
const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Output for a terminal: its line feeds and tabs kept, every other control character escaped. */
export function terminalText(s: string): string {
  return s.replace(CONTROLS, escaped);
}

/** One line of output: a line feed inside it (from a name in a file) is escaped too, so it cannot forge a line. */
export function terminalLine(s: string): string {
  return s.replace(LINE_CONTROLS, escaped);
}
