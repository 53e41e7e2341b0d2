// Model files of a given length, written the way researchers write them, for the PyTorch reader's
// benchmark and its linear-time test: PyTorch (module classes with forward, a Sequential built in a
// loop, constants, defaults, a training loop, docstrings, f-strings, decorators) and the same
// networks in TypeScript (@scaling tags and TF.js code), to compare the two readers on equal sizes.

function pythonBlock(i: number): string {
  return `
HIDDEN_${i} = 256 * ${1 + (i % 3)}  # the width of model ${i}


@torch.no_grad()
def describe_${i}(model):
    """Prints the shapes (not read as a model: no layers are built here)."""
    for name, p in model.named_parameters():
        print(f"{name}: {tuple(p.shape)} ({p.numel():,} parameters)")


class MLP${i}(nn.Module):
    """A plain MLP (${i}), as in public repositories."""

    def __init__(self, d_in=28 * 28, hidden=HIDDEN_${i}, depth=2, act=nn.Tanh):
        super().__init__()
        layers = []
        width = d_in
        for k in range(depth):
            layers += [nn.Linear(width, hidden, bias=k > 0), act()]
            width = hidden
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, 1)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        x = torch.flatten(x, 1)
        h = self.drop(self.body(x))
        return self.head(h)


def train_${i}(model, loader, epochs=3):
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for epoch in range(epochs):
        for xb, yb in loader:
            loss = F.mse_loss(model(xb).squeeze(-1), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"epoch {epoch}: {loss.item():.4f}")
    return model
`;
}

function typescriptBlock(i: number): string {
  return `
const HIDDEN_${i} = 256 * ${1 + (i % 3)}; // the width of model ${i}

/** Prints the shapes (not read as a model: no tags here). */
export function describe${i}(model: tf.Sequential): void {
  for (const w of model.getWeights()) {
    console.log(\`\${w.name}: \${w.shape.join('x')} (\${w.size} parameters)\`);
  }
}

/**
 * A plain MLP (${i}).
 * @scaling model mlp-${i}
 * @scaling target single-index degree=3
 */
export function build${i}(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: HIDDEN_${i}, activation: 'tanh', useBias: false, inputShape: [784] }));
  model.add(tf.layers.dense({ units: HIDDEN_${i}, activation: 'tanh' }));
  model.add(tf.layers.dropout({ rate: 0.1 }));
  model.add(tf.layers.dense({ units: 1 }));
  return model;
}

export async function train${i}(model: tf.Sequential, xs: tf.Tensor, ys: tf.Tensor): Promise<void> {
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  for (let epoch = 0; epoch < 3; epoch++) {
    const h = await model.fit(xs, ys, { epochs: 1, batchSize: 32 });
    console.log(\`epoch \${epoch}: \${h.history.loss[0]}\`);
  }
}
`;
}

function fill(head: string, block: (i: number) => string, lines: number): string {
  let text = head;
  let n = head.split('\n').length - 1;
  for (let i = 0; n < lines; i++) {
    const b = block(i);
    text += b;
    n += b.split('\n').length - 1;
  }
  return text;
}

/** A PyTorch file of at least `lines` lines. */
export function pythonModelFile(lines: number): string {
  return fill('import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n', pythonBlock, lines);
}

/** A TypeScript file (tags and TF.js code) of at least `lines` lines, with the same networks. */
export function typescriptModelFile(lines: number): string {
  return fill("import * as tf from '@tensorflow/tfjs';\n", typescriptBlock, lines);
}
