// The cheap pre-check (substring search, no parse) of whether a Python file may build a model.
// Kept apart from the reader so that the editor's pre-filter does not bundle the reader.
// Pure: no Node, no VS Code.

const MARKERS = ['Linear', 'Sequential', 'MultiheadAttention', 'TransformerEncoder', '@scaling'];

/** A training script that only imports torch (no nn.Linear, nn.Sequential, attention or tag) is not read. */
export function mightHoldTorchModel(text: string): boolean {
  return MARKERS.some((m) => text.includes(m));
}
