// The PyTorch front end, construct by construct: the Python tokenizer (strings, f-strings,
// comments, line joining, indentation, exact positions), the parser, and the reader of torch.nn
// models (Sequential, Module subclasses with forward, ModuleList loops, widths from constants,
// defaults and instantiations, bias, attention, what is not covered), with every construct it
// cannot follow named at its position.
import * as assert from 'assert';
import { renderText } from '../../src/cli/text';
import { parseDocument, mightContainModel } from '../../src/parse';
import { tokenizePython } from '../../src/parse/python/tokens';
import { parsePython, type Stmt } from '../../src/parse/python/syntax';
import { analyzeDocument } from '../../src/pipeline/document';
import type { Diagnostic, ModelDescription } from '../../src/model/types';
import { rangeOf } from './helpers';

function read(src: string, name = 'net.py') {
  return parseDocument(name, src);
}
function all(doc: { models: { diagnostics?: Diagnostic[] }[]; diagnostics: Diagnostic[] }): Diagnostic[] {
  return [...doc.diagnostics, ...doc.models.flatMap((m) => m.diagnostics ?? [])];
}
function codes(doc: Parameters<typeof all>[0]): string[] {
  return all(doc).map((d) => d.code!);
}
/** dense:WIDTH:ACT[:nobias|:bias], attention:L:hH, readout, other types (~ when partial). */
function sig(m: ModelDescription): string {
  return m.layers
    .map((l) => {
      if (l.type === 'dense') {
        const d = l as { width: number | string; activation?: string; bias?: boolean; biasFrom?: string };
        const w = typeof d.width === 'string' && m.sizes?.[d.width] !== undefined ? m.sizes[d.width] : d.width;
        return `dense:${w}:${d.activation}${d.bias === false ? ':nobias' : d.biasFrom === 'file' ? ':bias' : ''}`;
      }
      if (l.type === 'attention') return `attention:${(l as { context: unknown }).context}${(l as { heads?: number }).heads ? `:h${(l as { heads?: number }).heads}` : ''}`;
      return l.type + ((l as { partial?: boolean }).partial ? '~' : '');
    })
    .join(', ');
}
function one(src: string): ModelDescription {
  const doc = read(src);
  assert.strictEqual(doc.models.length, 1, JSON.stringify(all(doc), null, 1));
  return doc.models[0];
}
const HEAD = 'import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n';

describe('parse: Python tokenizer', () => {
  const kinds = (src: string) => tokenizePython(src).tokens.map((t) => (t.kind === 'op' || t.kind === 'name' || t.kind === 'number' || t.kind === 'string' ? t.text : t.kind.toUpperCase()));

  it('gives NEWLINE, INDENT and DEDENT as Python does, ignoring blank and comment lines', () => {
    const src = 'class A:\n    x = 1\n\n    # c\n    def f(self):\n        return 2\ny = 3\n';
    assert.deepStrictEqual(kinds(src), ['class', 'A', ':', 'NEWLINE', 'INDENT', 'x', '=', '1', 'NEWLINE', 'def', 'f', '(', 'self', ')', ':', 'NEWLINE', 'INDENT', 'return', '2', 'NEWLINE', 'DEDENT', 'DEDENT', 'y', '=', '3', 'NEWLINE', 'END']);
  });

  it('joins lines inside brackets and after a backslash', () => {
    assert.deepStrictEqual(kinds('a = f(1,\n      2)\nb = 1 + \\\n    2\n'), ['a', '=', 'f', '(', '1', ',', '2', ')', 'NEWLINE', 'b', '=', '1', '+', '2', 'NEWLINE', 'END']);
  });

  it('reads every string form and never reads code inside strings or comments', () => {
    const src = `a = 'x' "y" r'\\d' b"z" '''nn.Linear(1, 2)''' """t\n"""  # nn.Sequential(\nb = f"{x['k']}{{nn.Linear(3, 4)}}" rb'\\x' F'{f"{1}"}'\n`;
    const t = tokenizePython(src);
    assert.deepStrictEqual(t.errors, []);
    assert.deepStrictEqual(t.tokens.filter((x) => x.kind === 'name').map((x) => x.text), ['a', 'b']);
    assert.deepStrictEqual(t.tokens.filter((x) => x.kind === 'string').map((x) => x.value), ['x', 'y', '\\d', 'z', 'nn.Linear(1, 2)', 't\n', undefined, '\\x', undefined]);
    assert.deepStrictEqual(t.comments.map((c) => c.text), ['# nn.Sequential(']);
  });

  it('keeps positions exact to the character (UTF-16, as VS Code counts), across CRLF and tabs', () => {
    const src = 'x = "é🙂"\r\n\tw = nn.Linear(784, 10)\r\n';
    const t = tokenizePython(src).tokens.find((x) => x.text === '784')!;
    assert.strictEqual(src.slice(t.start, t.end), '784');
    const doc = read(HEAD + 'model = nn.Sequential(nn.Linear(784, 10), nn.Tanh(), nn.Linear(10, 1))  # "🙂"\n');
    assert.deepStrictEqual(doc.models[0].layers[0].range, rangeOf(HEAD + 'model = nn.Sequential(nn.Linear(784, 10), nn.Tanh(), nn.Linear(10, 1))', 'nn.Linear(784, 10)'));
  });

  it('reads numbers with separators, bases, exponents and imaginary parts', () => {
    const nums = tokenizePython('1_000 0x10 0o17 0b101 2.5e3 .5 3j 10.').tokens.filter((t) => t.kind === 'number').map((t) => [t.num, t.int]);
    assert.deepStrictEqual(nums, [[1000, true], [16, true], [15, true], [5, true], [2500, false], [0.5, false], [NaN, undefined], [10, false]]);
  });

  it('reports unterminated strings, bad dedents and unbalanced brackets, and never throws', () => {
    assert.match(tokenizePython('a = "abc\nb = 1\n').errors[0].message, /unterminated string/);
    assert.match(tokenizePython('s = """abc').errors[0].message, /unterminated triple-quoted/);
    assert.match(tokenizePython('if x:\n        a\n    b\n').errors[0].message, /no outer level/);
    assert.match(tokenizePython('f(1, 2\n').errors[0].message, /never closed/);
    for (const s of ['"', "f'{", 'f"{x:{', '\\', ')))', '\t\t x', "f'{\"a'\"}'", 'rb"', '0x', '1e', '@', '$?`']) assert.ok(tokenizePython(s));
  });
});

describe('parse: Python syntax', () => {
  const body = (src: string): Stmt[] => parsePython(tokenizePython(src)).body;

  it('parses the grammar a model file uses: decorators, classes, defaults, comprehensions, slices, lambdas', () => {
    const src = '@dataclass\nclass C(nn.Module, metaclass=M):\n    def __init__(self, a: int = 2 ** -1, *args, k=[i for i in range(3) if i], **kw) -> None:\n        x = a[1:-1:2] if a else (lambda y, z=1: y)(*args)\n        y = {**kw, "a": {1, 2}}\n        (w := 3)\n';
    const m = parsePython(tokenizePython(src));
    assert.deepStrictEqual(m.errors, []);
    const cls = m.body[0] as Extract<Stmt, { t: 'class' }>;
    assert.strictEqual(cls.t, 'class');
    assert.strictEqual(cls.decorators.length, 1);
    const init = cls.body[0] as Extract<Stmt, { t: 'def' }>;
    assert.deepStrictEqual(init.params.map((p) => `${p.kind}:${p.name}${p.default ? '=' : ''}`), ['pos:self', 'pos:a=', 'star:args', 'kwonly:k=', 'dstar:kw']);
    assert.deepStrictEqual(init.body.map((s) => s.t), ['assign', 'assign', 'expr']);
  });

  it('binds -2 ** 2 as -(2 ** 2) and reads comparison chains', () => {
    const [s] = body('x = -2 ** 2 < 3 <= y\n');
    const v = (s as Extract<Stmt, { t: 'assign' }>).value;
    assert.strictEqual(v.t, 'cmp');
    assert.deepStrictEqual(v.t === 'cmp' && [v.left.t, v.ops], ['unary', ['<', '<=']]);
  });

  it('reports a statement that does not parse once, and reads the rest of the file', () => {
    const m = parsePython(tokenizePython('x = = 1\nclass A:\n    pass\nmatch y:\n    case 1:\n        pass\n'));
    assert.strictEqual(m.errors.length, 1);
    assert.deepStrictEqual(m.body.map((s) => s.t), ['other', 'class', 'other']);
  });

  it('skips nesting deeper than it reads, without exhausting the stack', () => {
    const deep = 'x = ' + '('.repeat(50000) + '1' + ')'.repeat(50000) + '\ny = 2\n';
    const m = parsePython(tokenizePython(deep));
    assert.deepStrictEqual(m.body.map((s) => s.t), ['assign', 'assign']);
  });
});

describe('parse: PyTorch models — nn.Sequential', () => {
  it('reads Linear layers, activation modules, Dropout, Flatten and Identity; the last Linear is the readout', () => {
    const m = one(HEAD + 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 256), nn.Tanh(), nn.Identity(), nn.Linear(256, 1))\n');
    assert.strictEqual(m.name, 'model');
    assert.strictEqual(m.source, 'pytorch');
    assert.strictEqual(m.data.dim, 784, 'nn.Flatten only reshapes the input');
    assert.strictEqual(sig(m), 'flatten, dense:512:relu, dropout, dense:256:tanh, readout');
    assert.strictEqual(m.sizes, undefined, 'widths are the code\'s numbers (named N1, N2 by the analysis)');
  });

  it('maps every activation module and function to the engine\'s name', () => {
    const acts = ['nn.ReLU()', 'nn.Tanh()', 'nn.GELU()', 'nn.SiLU()', 'nn.Sigmoid()', 'nn.LeakyReLU(0.2)', 'nn.ELU()', 'nn.Softplus()', 'nn.SELU()', 'nn.Mish()'];
    const src = HEAD + `model = nn.Sequential(${acts.map((a) => `nn.Linear(8, 8), ${a}`).join(', ')}, nn.Linear(8, 1))\n`;
    assert.strictEqual(sig(one(src)).replace(/dense:8:/g, ''), 'relu, tanh, gelu, silu, sigmoid, leaky_relu, elu, softplus, selu, mish, readout');
    // Hardswish is analysed under its own name (it was shown as swish, which it is not), with the
    // degrees of x times an odd function.
    const hs = analyzeDocument('h.py', HEAD + 'model = nn.Sequential(nn.Linear(8, 64), nn.Hardswish(), nn.Linear(64, 1))\n').models[0];
    assert.ok(hs.pStar);
    assert.strictEqual(hs.layers[0].activation, 'hardswish');
  });

  it('flattens nested Sequentials and reads the OrderedDict form', () => {
    const src = HEAD + 'from collections import OrderedDict\nblock = lambda: 0\nmodel = nn.Sequential(OrderedDict([("fc1", nn.Linear(10, 20)), ("act", nn.Sequential(nn.GELU())), ("out", nn.Sequential(nn.Linear(20, 1)))]))\n';
    const m = one(src);
    assert.strictEqual(m.data.dim, 10);
    assert.strictEqual(sig(m), 'dense:20:gelu, readout');
  });

  it('reads `from torch.nn import ...` names and a snippet without imports (nn, F by convention)', () => {
    assert.strictEqual(sig(one('from torch.nn import Linear, ReLU, Sequential as Seq\nnet = Seq(Linear(4, 8), ReLU(), Linear(8, 1))\n')), 'dense:8:relu, readout');
    assert.strictEqual(sig(one('net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))\n')), 'dense:8:tanh, readout');
  });

  it('names a Sequential a function returns after the function, and reads the function\'s defaults', () => {
    const m = one(HEAD + 'def make_mlp(d=32, h=64):\n    return nn.Sequential(nn.Linear(d, h), nn.SiLU(), nn.Linear(h, 1))\n');
    assert.strictEqual(m.name, 'make_mlp');
    assert.strictEqual(m.data.dim, 32);
    assert.strictEqual(sig(m), 'dense:64:silu, readout');
  });

  it('reads a list built in a loop and given with *layers', () => {
    const src = HEAD + 'def mlp(sizes=(16, 32, 32, 1)):\n    layers = []\n    for a, b in zip(sizes[:-1], sizes[1:]):\n        layers += [nn.Linear(a, b), nn.ReLU()]\n    layers.pop()\n    return nn.Sequential(*layers)\n';
    assert.strictEqual(sig(one(src)), 'dense:32:relu, dense:32:relu, readout');
  });

  it('stays quiet on a training script that only imports torch', () => {
    const script = HEAD + 'criterion = torch.nn.CrossEntropyLoss()\nfor epoch in range(10):\n    loss = criterion(out, y)\n    loss.backward()\n';
    assert.strictEqual(mightContainModel('train.py', script), false);
    assert.deepStrictEqual(read(script), { models: [], diagnostics: [] });
    const layerAlone = HEAD + 'fc = nn.Linear(3, 1)\nprint(fc(torch.randn(2, 3)))\n';
    assert.deepStrictEqual(read(layerAlone), { models: [], diagnostics: [] });
  });
});

describe('parse: PyTorch models — nn.Module subclasses', () => {
  it('takes the order and the activations from forward (not from __init__)', () => {
    const src = HEAD + 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.out = nn.Linear(64, 1)\n        self.fc2 = nn.Linear(128, 64)\n        self.fc1 = nn.Linear(100, 128)\n        self.act = nn.GELU()\n    def forward(self, x):\n        x = F.relu(self.fc1(x))\n        h = self.act(self.fc2(x))\n        return self.out(h)\n';
    const m = one(src);
    assert.strictEqual(m.name, 'Net');
    assert.strictEqual(m.data.dim, 100);
    assert.strictEqual(sig(m), 'dense:128:relu, dense:64:gelu, readout');
    assert.deepStrictEqual(m.layers[0].range, rangeOf(src, 'nn.Linear(100, 128)'));
    assert.deepStrictEqual(m.range!.start, rangeOf(src, 'class Net').start);
  });

  it('reads activations from torch functions, tensor methods, clamp(min=0), and a module-level alias', () => {
    const src = HEAD + 'ACT = torch.tanh\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(5, 6)\n        self.b = nn.Linear(6, 7)\n        self.c = nn.Linear(7, 8)\n        self.d = nn.Linear(8, 9)\n        self.e = nn.Linear(9, 1)\n    def forward(self, x):\n        x = torch.erf(self.a(x))\n        x = self.b(x).relu()\n        x = self.c(x).clamp(min=0)\n        x = ACT(self.d(x))\n        return self.e(x)\n';
    assert.strictEqual(sig(one(src)), 'dense:6:erf, dense:7:relu, dense:8:relu, dense:9:tanh, readout');
  });

  it('reads an activation chosen by a constructor argument (a class, a function, a name)', () => {
    const cls = (arg: string, use: string) => HEAD + `class Net(nn.Module):\n    def __init__(self, act=${arg}):\n        super().__init__()\n        self.fc = nn.Linear(4, 16)\n        self.out = nn.Linear(16, 1)\n${use}\n    def forward(self, x):\n        return self.out(self.act(self.fc(x)))\n`;
    assert.strictEqual(sig(one(cls('nn.SiLU', '        self.act = act()'))), 'dense:16:silu, readout');
    assert.strictEqual(sig(one(cls('F.softplus', '        self.act = act'))), 'dense:16:softplus, readout');
    assert.strictEqual(sig(one(cls("'tanh'", "        if act == 'relu':\n            self.act = nn.ReLU()\n        elif act == 'tanh':\n            self.act = nn.Tanh()"))), 'dense:16:tanh, readout');
  });

  it('reads nn.ModuleList built in a loop over a literal range or list, and the forward loop over it', () => {
    const src = HEAD + 'class MLP(nn.Module):\n    def __init__(self, sizes=[784, 256, 128]):\n        super().__init__()\n        self.layers = nn.ModuleList()\n        for i in range(len(sizes) - 1):\n            self.layers.append(nn.Linear(sizes[i], sizes[i + 1]))\n        self.head = nn.Linear(sizes[-1], 1)\n    def forward(self, x):\n        for i, layer in enumerate(self.layers):\n            x = layer(x)\n            if i < len(self.layers) - 1:\n                x = torch.tanh(x)\n        return self.head(torch.sigmoid(x))\n';
    assert.strictEqual(sig(one(src)), 'dense:256:tanh, dense:128:sigmoid, readout');
    const comp = HEAD + 'class M(nn.Module):\n    def __init__(self, depth=3, h=64):\n        super().__init__()\n        self.hs = nn.ModuleList([nn.Linear(10 if k == 0 else h, h) for k in range(depth)])\n        self.out = nn.Linear(h, 1)\n    def forward(self, x):\n        for f in self.hs:\n            x = F.gelu(f(x))\n        return self.out(x)\n';
    assert.strictEqual(sig(one(comp)), 'dense:64:gelu, dense:64:gelu, dense:64:gelu, readout');
  });

  it('reads layers named with setattr / add_module and an f-string, and found again with getattr', () => {
    const src = HEAD + 'class M(nn.Module):\n    def __init__(self, n=2):\n        super().__init__()\n        for i in range(n):\n            setattr(self, f"fc{i}", nn.Linear(8, 8))\n        self.add_module("out", nn.Linear(8, 1))\n    def forward(self, x):\n        for i in range(2):\n            x = torch.tanh(getattr(self, "fc%d" % i)(x))\n        return self.out(x)\n';
    assert.strictEqual(sig(one(src)), 'dense:8:tanh, dense:8:tanh, readout');
  });

  it('follows submodules of the file, super().__init__ of a base in the file, and self.helper(x) methods', () => {
    const src = HEAD + 'class Block(nn.Module):\n    def __init__(self, h):\n        super().__init__()\n        self.fc = nn.Linear(h, h)\n    def forward(self, x):\n        return torch.tanh(self.fc(x))\nclass Base(nn.Module):\n    def __init__(self, h):\n        super().__init__()\n        self.first = nn.Linear(12, h)\nclass Net(Base):\n    def __init__(self, h=24):\n        super().__init__(h)\n        self.block = Block(h)\n        self.out = nn.Linear(h, 1)\n    def encode(self, x):\n        return F.relu(self.first(x))\n    def forward(self, x):\n        return self.out(self.block(self.encode(x)))\n';
    const doc = read(src);
    assert.deepStrictEqual(doc.models.map((m) => m.name), ['Net'], 'Block and Base are parts, not models of their own');
    assert.strictEqual(sig(doc.models[0]), 'dense:24:relu, dense:24:tanh, readout');
  });

  // A GAN whose forward runs only the generator: its discriminator, an MLP, was not read at all.
  it('reads a part that no model applies as a model of its own, where the analysis covers it whole', () => {
    const gan = (fwd: string) => HEAD + 'class Generator(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(100, 784)\n        self.bn = nn.BatchNorm1d(784)\n    def forward(self, z):\n        return self.bn(self.fc(z))\nclass Discriminator(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.model = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 1))\n    def forward(self, x):\n        return self.model(x)\nclass GAN(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.generator = Generator()\n        self.discriminator = Discriminator()\n    def forward(self, z):\n        return ' + fwd + '\n';
    // GAN reads as the generator (not covered: BatchNorm); the generator, applied by it, is no model of its own.
    let doc = read(gan('self.generator(z)'));
    assert.deepStrictEqual(doc.models.map((m) => [m.name, sig(m)]), [['Discriminator', 'dense:512:leaky_relu, readout'], ['GAN', 'readout, BatchNorm1d']]);
    // A forward that applies nothing: the GAN says so, and the discriminator is read; the
    // generator, not covered whole, stays quiet.
    doc = read(gan('z'));
    assert.deepStrictEqual(doc.models.map((m) => m.name), ['Discriminator']);
    assert.deepStrictEqual(codes(doc), ['py-no-layers']);
  });

  it('drops an output activation after the readout with a note, and says the readout has several outputs', () => {
    const src = HEAD + 'class C(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(20, 50)\n        self.out = nn.Linear(50, 10)\n    def forward(self, x):\n        return F.log_softmax(self.out(F.relu(self.fc(x))), dim=1)\n';
    const doc = read(src);
    assert.strictEqual(sig(doc.models[0]), 'dense:50:relu, readout');
    assert.deepStrictEqual(codes(doc).sort(), ['py-output-activation', 'py-readout']);
  });

  it('reads the first value of a forward that returns several, and says so', () => {
    const src = HEAD + 'class P(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(4, 32)\n        self.pi = nn.Linear(32, 1)\n        self.v = nn.Linear(32, 1)\n        self.spare = nn.Linear(32, 1)\n    def forward(self, x):\n        h = torch.tanh(self.fc(x))\n        return self.pi(h), self.v(h)\n';
    const doc = read(src);
    assert.strictEqual(sig(doc.models[0]), 'dense:32:tanh, readout');
    assert.ok(codes(doc).includes('py-several-outputs'));
    // self.v is applied (to the second output), so only self.spare is said to be unused (both were).
    assert.deepStrictEqual(all(doc).filter((d) => d.code === 'py-unused').map((d) => d.message), ['self.spare (nn.Linear) is not applied by forward, as far as it can be followed']);
  });

  it('follows a helper function defined in __init__ that closes over its locals', () => {
    const src = HEAD + 'class M(nn.Module):\n    def __init__(self, h=48):\n        super().__init__()\n        act = nn.GELU\n        def block(i, o):\n            return nn.Sequential(nn.Linear(i, o), act())\n        self.net = nn.Sequential(block(6, h), block(h, h), nn.Linear(h, 1))\n    def forward(self, x):\n        return self.net(x)\n';
    assert.strictEqual(sig(one(src)), 'dense:48:gelu, dense:48:gelu, readout');
    // A lambda kept on self looks its names up where it was written (makemore: `m` "not defined").
    const lam = HEAD + 'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.mlp = nn.ModuleDict(dict(c_fc=nn.Linear(8, 32), c_proj=nn.Linear(32, 1)))\n        m = self.mlp\n        self.mlpf = lambda x: m.c_proj(torch.tanh(m.c_fc(x)))\n    def forward(self, x):\n        return self.mlpf(x)\n';
    assert.strictEqual(sig(one(lam)), 'dense:32:tanh, readout');
  });

  // Each of these was "no model found", with no word (a review of real files: tianshou, SIREN's
  // torchmeta modules, karpathy's MADE).
  it('reads a subscripted base (Base[Any]) as its class, and a class on an imported base as a module, saying so', () => {
    const generic = HEAD + 'from typing import Any, Generic, TypeVar\nT = TypeVar("T")\nclass Base(Generic[T], nn.Module):\n    pass\nclass Net(Base[Any]):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(8, 64)\n        self.fc2 = nn.Linear(64, 1)\n    def forward(self, x):\n        return self.fc2(torch.tanh(self.fc1(x)))\n';
    assert.strictEqual(sig(one(generic)), 'dense:64:tanh, readout');
    const meta = HEAD + 'from torchmeta.modules import MetaModule\nclass FCBlock(MetaModule):\n    def __init__(self, i=2, h=20, o=1):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(i, h), nn.Tanh(), nn.Linear(h, o))\n    def forward(self, x):\n        return self.net(x)\nclass PINNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.net = FCBlock(2, 20, 1)\n    def forward(self, coords):\n        return self.net(coords)\n';
    const m = one(meta);
    assert.deepStrictEqual([m.name, sig(m)], ['PINNet', 'dense:20:tanh, readout']);
    assert.match(m.diagnostics!.find((d) => d.code === 'py-imported-base')!.message, /^FCBlock derives from MetaModule, which is imported and not read: it is read as an nn\.Module, through its own methods$/);
    // A model built of a subclass of nn.Linear that it cannot read says why, as one of nn.Linear does.
    const made = HEAD + 'class MaskedLinear(nn.Linear):\n    def forward(self, input):\n        return F.linear(input, self.mask * self.weight, self.bias)\nclass MADE(nn.Module):\n    def __init__(self, nin, hidden_sizes, nout):\n        super().__init__()\n        self.net = []\n        hs = [nin] + hidden_sizes + [nout]\n        for h0, h1 in zip(hs, hs[1:]):\n            self.net.extend([MaskedLinear(h0, h1), nn.ReLU()])\n        self.net = nn.Sequential(*self.net)\n    def forward(self, x):\n        return self.net(x)\n';
    assert.match(all(read(made)).find((d) => d.code === 'py-no-layers')!.message, /^MADE is not read, as none of its nn\.Linear layers can be followed: /);
  });

  it('keeps a layer under weight_norm or spectral_norm in its place, with the reparametrization before it, not covered', () => {
    const src = HEAD + 'from torch.nn.utils import weight_norm\nnet = nn.Sequential(weight_norm(nn.Linear(16, 128)), nn.ReLU(), nn.utils.parametrizations.spectral_norm(nn.Linear(128, 1)))\n';
    const m = one(src);
    assert.strictEqual(sig(m), 'weight_norm, dense:128:relu, spectral_norm, readout');
    // It said "computed by torch when the model runs", though it is applied when the model is built.
    assert.match((m.layers[0] as { reason: string }).reason, /^weight_norm\(nn\.Linear\(\.\.\.\)\) sets the layer's weights as a direction times a learned length: not covered by the scale analysis/);
    assert.strictEqual(analyzeDocument('w.py', src).models[0].pStar, undefined);
  });

  // Only the subclass was read, with the base's defaults (d = 10, tanh): a number for a network never built.
  it('reads a base class the file builds itself as a model, beside its subclass', () => {
    const src = HEAD + 'class MLP(nn.Module):\n    def __init__(self, d=10, hidden=64):\n        super().__init__()\n        self.fc1 = nn.Linear(d, hidden)\n        self.fc2 = nn.Linear(hidden, 1)\n    def forward(self, x):\n        return self.fc2(F.relu(self.fc1(x)))\nclass TanhMLP(MLP):\n    def forward(self, x):\n        return self.fc2(torch.tanh(self.fc1(x)))\nmodel = MLP(784, 300)\n';
    const doc = read(src);
    assert.deepStrictEqual(doc.models.map((m) => [m.name, m.data.dim, sig(m)]), [['MLP', 784, 'dense:300:relu, readout'], ['TanhMLP', 10, 'dense:64:tanh, readout']]);
  });

  // d2l's MySequential: no model and no word.
  it('reads children kept in self._modules and applied in a loop over self._modules.values()', () => {
    const src = HEAD + 'class MySequential(nn.Module):\n    def __init__(self, *args):\n        super().__init__()\n        for idx, module in enumerate(args):\n            self._modules[str(idx)] = module\n    def forward(self, X):\n        for block in self._modules.values():\n            X = block(X)\n        return X\nnet = MySequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))\n';
    const m = one(src);
    assert.deepStrictEqual([m.name, m.data.dim, sig(m)], ['MySequential', 20, 'dense:256:relu, readout']);
  });

  it('reads a class derived from nn.Sequential and from a torch layer', () => {
    const seq = HEAD + 'class Stack(nn.Sequential):\n    def __init__(self, h=16):\n        super().__init__(nn.Linear(3, h), nn.ELU(), nn.Linear(h, 1))\n';
    assert.strictEqual(sig(one(seq)), 'dense:16:elu, readout');
    const layer = HEAD + 'class Lin(nn.Linear):\n    pass\nnet = nn.Sequential(Lin(4, 8), nn.Tanh(), Lin(8, 1, bias=False))\n';
    const doc = read(layer);
    assert.deepStrictEqual(doc.models.map((m) => [m.name, sig(m)]), [['net', 'dense:8:tanh, readout']], 'Lin is a layer, not a model');
  });
});

describe('parse: PyTorch models — widths', () => {
  it('resolves literals, module constants, arithmetic, defaults; an instantiation wins over the defaults', () => {
    const src = HEAD + 'INPUT = 28 * 28\nHIDDEN = 2 ** 9\nclass MLP(nn.Module):\n    def __init__(self, d_in=INPUT, hidden=HIDDEN, k=2):\n        super().__init__()\n        self.fc1 = nn.Linear(d_in, hidden)\n        self.fc2 = nn.Linear(hidden, hidden // k)\n        self.out = nn.Linear(hidden // k, 1)\n    def forward(self, x):\n        return self.out(torch.tanh(self.fc2(torch.tanh(self.fc1(x)))))\n';
    const byDefault = one(src);
    assert.strictEqual(byDefault.data.dim, 784);
    assert.strictEqual(sig(byDefault), 'dense:512:tanh, dense:256:tanh, readout');
    const built = read(src + 'if __name__ == "__main__":\n    model = MLP(hidden=1024, k=4)\n');
    assert.strictEqual(sig(built.models[0]), 'dense:1024:tanh, dense:256:tanh, readout');
    assert.ok(codes(built).includes('py-instance'));
    const positional = read(src + 'model = MLP(100, 300)\n');
    assert.strictEqual(positional.models[0].data.dim, 100);
    assert.strictEqual(sig(positional.models[0]), 'dense:300:tanh, dense:150:tanh, readout');
  });

  it('reads the first of several instantiations and says which', () => {
    const src = HEAD + 'class M(nn.Module):\n    def __init__(self, h):\n        super().__init__()\n        self.a = nn.Linear(3, h)\n        self.b = nn.Linear(h, 1)\n    def forward(self, x):\n        return self.b(torch.tanh(self.a(x)))\nsmall = M(8)\nbig = M(1024)\n';
    const doc = read(src);
    assert.strictEqual(sig(doc.models[0]), 'dense:8:tanh, readout');
    const d = all(doc).find((x) => x.code === 'py-instances')!;
    assert.match(d.message, /also built with other arguments \(at 12:7\); the first instantiation, M\(8\) at 11:9, is read/);
  });

  const unresolved: [what: string, src: string, at: [string, number], why: RegExp, symbol: string][] = [
    ['a parameter without a default', 'class M(nn.Module):\n    def __init__(self, hidden):\n        super().__init__()\n        self.a = nn.Linear(10, hidden)\n        self.b = nn.Linear(hidden, 1)\n    def forward(self, x):\n        return self.b(F.relu(self.a(x)))\n', ['hidden)', 1], /`hidden` is a parameter of M\.__init__ without a default, and M\(\.\.\.\) is not built in this file/, 'hidden'],
    ['an imported constant', 'from config import HIDDEN\nnet = nn.Sequential(nn.Linear(10, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 1))\n', ['HIDDEN)', 0], /`HIDDEN` comes from config, which is not read \(only this file is\)/, 'HIDDEN'],
    ['an argparse argument', 'import argparse\np = argparse.ArgumentParser()\nargs = p.parse_args()\nnet = nn.Sequential(nn.Linear(10, args.hidden), nn.ReLU(), nn.Linear(args.hidden, 1))\n', ['args.hidden)', 0], /`argparse` is the module argparse, which is not read/, 'hidden'],
    ['a name assigned under a condition that cannot be read', 'import sys\nH = 64\nif sys.argv[1] == "big":\n    H = 1024\nnet = nn.Sequential(nn.Linear(10, H), nn.ReLU(), nn.Linear(H, 1))\n', ['H)', 0], /`H` may be changed by the branch on `sys\.argv\[1\] == "big"` \(line 6\), which cannot be decided statically/, 'H'],
    ['arithmetic on an unknown', 'def f(h):\n    return nn.Sequential(nn.Linear(10, 4 * h), nn.ReLU(), nn.Linear(4 * h, 1))\n', ['4 * h)', 0], /`h` is a parameter of f\(\) without a default/, 'N1'],
  ];
  for (const [what, body, at, why, symbol] of unresolved) {
    it(`names a width it cannot read, at its position, and asks for it: ${what}`, () => {
      const src = HEAD + body;
      const doc = read(src);
      const m = doc.models[0];
      const w = all(doc).find((d) => d.code === 'py-unresolved' && d.message.startsWith('out_features'))!;
      assert.ok(w, JSON.stringify(all(doc), null, 1));
      assert.strictEqual(w.severity, 'warning');
      assert.match(w.message, why);
      assert.match(w.message, new RegExp(`It is the symbol ${symbol}\\. Give its size with "# @scaling sizes ${symbol}=\\.\\.\\." above the model, or in net\\.scaling\\.json\\.`));
      const r = rangeOf(src, at[0], at[1]);
      assert.deepStrictEqual(w.range.start, r.start);
      assert.strictEqual((m.layers[0] as { width: unknown }).width, symbol);
      // The result asks for it: with d known and this width not, the analysis stays symbolic and says why.
      const res = analyzeDocument('net.py', src).models[0];
      assert.ok(res.diagnostics.some((d) => d.code === 'incomplete-point' && d.message.includes(symbol)), JSON.stringify(res.diagnostics));
      // The advice followed (a tag block above the model): the warning becomes an info that says where the size comes from.
      const tagged = src.replace(/^(net = |class M|def f)/m, `# @scaling sizes ${symbol}=512\n$1`);
      const settled = analyzeDocument('net.py', tagged).models[0].diagnostics.find((d) => d.code === 'py-unresolved' && d.message.startsWith('out_features'))!;
      assert.deepStrictEqual([settled.severity, settled.message.replace(/^.*It is the symbol \S+\. /, '')], ['info', `Its size, 512, comes from "@scaling sizes ${symbol}=512".`]);
    });
  }

  it('gives one symbol to one unknown used twice, and fills it from "# @scaling sizes"', () => {
    const src = HEAD + '# @scaling sizes hidden=300\nclass M(nn.Module):\n    def __init__(self, hidden):\n        super().__init__()\n        self.a = nn.Linear(10, hidden)\n        self.b = nn.Linear(hidden, hidden)\n        self.c = nn.Linear(hidden, 1)\n    def forward(self, x):\n        return self.c(torch.tanh(self.b(torch.tanh(self.a(x)))))\n';
    const m = one(src);
    assert.deepStrictEqual(m.layers.slice(0, 2).map((l) => (l as { width: unknown }).width), ['hidden', 'hidden']);
    assert.deepStrictEqual(m.sizes, { hidden: 300 });
    assert.strictEqual(analyzeDocument('net.py', src).models[0].diagnostics.filter((d) => d.code === 'incomplete-point').length, 0);
  });

  // timm's Mlp: the hidden width was a size of its own, beside d, though the code makes it d.
  it('gives the input dimension\'s unknown, used again as a width, the symbol d (`hidden_features or in_features`)', () => {
    const src = HEAD + 'class Mlp(nn.Module):\n    def __init__(self, in_features, hidden_features=None):\n        super().__init__()\n        hidden_features = hidden_features or in_features\n        self.fc1 = nn.Linear(in_features, hidden_features)\n        self.fc2 = nn.Linear(hidden_features, 1)\n    def forward(self, x):\n        return self.fc2(torch.erf(self.fc1(x)))\n';
    const m = one(src);
    assert.strictEqual(sig(m), 'dense:d:erf, readout');
    assert.strictEqual(m.data.dim, 'd');
    assert.deepStrictEqual(analyzeDocument('mlp.py', src).models[0].pStar?.exponents, { d: '1', kappa: '1' });
  });

  it('an input dimension it cannot read stays d, said at its position', () => {
    const src = HEAD + 'def mlp(n_in):\n    return nn.Sequential(nn.Linear(n_in, 64), nn.Tanh(), nn.Linear(64, 1))\n';
    const doc = read(src);
    assert.strictEqual(doc.models[0].data.dim, 'd');
    const w = all(doc).find((d) => d.message.startsWith('in_features'))!;
    assert.deepStrictEqual(w.range, rangeOf(src, 'n_in', 1));
    assert.match(w.message, /The input dimension stays the symbol d/);
  });

  it('says when a loop that builds the layers cannot be unrolled, and does not guess the depth', () => {
    const src = HEAD + 'import random\nclass D(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(10, 20)\n        self.m = nn.Linear(20, 20)\n        self.b = nn.Linear(20, 1)\n    def forward(self, x):\n        h = self.a(x).relu()\n        for _ in range(random.randint(0, 3)):\n            h = self.m(h).relu()\n        return self.b(h)\n';
    const doc = read(src);
    assert.strictEqual(doc.models.length, 0);
    assert.match(doc.diagnostics.find((d) => d.code === 'py-no-output')!.message, /`h` may be changed by the loop over `range\(random\.randint\(0, 3\)\)` \(line 13\), which cannot be unrolled statically/);
  });

  it('rejects a width that is not a whole number >= 1, with its position', () => {
    const src = HEAD + 'net = nn.Sequential(nn.Linear(10, 0), nn.ReLU(), nn.Linear(1, 1))\n';
    const doc = read(src);
    assert.strictEqual(doc.models.length, 0);
    const e = doc.diagnostics.find((d) => d.code === 'bad-width')!;
    assert.strictEqual(e.severity, 'error');
    const at = rangeOf(src, '0)');
    assert.deepStrictEqual(e.range, { start: at.start, end: { line: at.start.line, character: at.start.character + 1 } });
  });
});

describe('parse: PyTorch models — bias', () => {
  it('reads bias=False and bias=True per layer (keyword or positional); the default is a bias, said as the library default', () => {
    const m = one(HEAD + 'flag = False\nnet = nn.Sequential(nn.Linear(4, 8, bias=False), nn.Tanh(), nn.Linear(8, 8, True), nn.Tanh(), nn.Linear(8, 8, bias=flag), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))\n');
    assert.deepStrictEqual(
      m.layers.filter((l) => l.type === 'dense').map((l) => [(l as { bias?: boolean }).bias, (l as { biasFrom?: string }).biasFrom]),
      [[false, 'file'], [true, 'file'], [false, 'file'], [true, 'library-default']],
    );
  });

  it('names a bias it cannot read and reads it as PyTorch\'s default', () => {
    const src = HEAD + 'def f(use_bias):\n    return nn.Sequential(nn.Linear(4, 8, bias=use_bias), nn.Tanh(), nn.Linear(8, 1))\n';
    const doc = read(src);
    const w = all(doc).find((d) => d.message.startsWith('bias='))!;
    assert.deepStrictEqual(w.range, rangeOf(src, 'use_bias', 1));
    assert.deepStrictEqual([(doc.models[0].layers[0] as { bias?: boolean }).bias, (doc.models[0].layers[0] as { biasFrom?: string }).biasFrom], [true, 'library-default']);
  });
});

describe('parse: PyTorch models — attention and what is not covered', () => {
  it('reads nn.MultiheadAttention as the head the engine covers, d = embed_dim, the context asked for', () => {
    const src = HEAD + 'class A(nn.Module):\n    def __init__(self, d=256, h=8):\n        super().__init__()\n        self.attn = nn.MultiheadAttention(d, h, batch_first=True)\n        self.out = nn.Linear(d, 1)\n    def forward(self, x):\n        y, _ = self.attn(x, x, x)\n        return self.out(y.mean(dim=1))\n';
    const doc = read(src);
    const m = doc.models[0];
    assert.strictEqual(m.data.dim, 256);
    assert.strictEqual(sig(m), 'attention:L:h8, mean~, readout');
    assert.strictEqual((m.layers[0] as { headDim?: number }).headDim, 32);
    assert.ok(codes(doc).includes('py-context') && codes(doc).includes('py-attention'));
    const r = analyzeDocument('a.py', src).models[0];
    assert.deepStrictEqual(r.pStar?.exponents, { kappa: '1', L: '1/2', d: '3/2' });
  });

  it('takes the context from "# @scaling context=...", "# @scaling layer attention context=..." or sizes L=...', () => {
    const body = 'class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.attn = nn.MultiheadAttention(64, 4)\n        self.out = nn.Linear(64, 1)\n    def forward(self, x):\n        return self.out(self.attn(x, x, x)[0])\n';
    const tagged = read(HEAD + '# @scaling layer attention context=1024\n' + body);
    assert.strictEqual((tagged.models[0].layers[0] as { context: unknown }).context, 1024);
    assert.ok(!codes(tagged).includes('py-context'));
    const short = read(HEAD + '# @scaling context=2048\n' + body);
    assert.strictEqual((short.models[0].layers[0] as { context: unknown }).context, 2048);
    assert.strictEqual(short.models[0].layers[0].origin!.text.endsWith('; @scaling context=2048'), true);
    const bad = read(HEAD + '# @scaling context=0\n' + body);
    assert.match(all(bad).find((d) => d.code === 'bad-width')!.message, /context length must be at least 1/);
    const sized = read(HEAD + '# @scaling sizes L=512\n' + body);
    assert.deepStrictEqual(sized.models[0].sizes, { L: 512 });
  });

  it('reads nn.TransformerEncoderLayer / nn.TransformerEncoder as one head, the rest of the block listed as not covered', () => {
    const src = HEAD + 'class T(nn.Module):\n    def __init__(self, d_model=128, nhead=4, ff=512, layers=3):\n        super().__init__()\n        self.emb = nn.Embedding(1000, d_model)\n        layer = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=ff)\n        self.enc = nn.TransformerEncoder(layer, num_layers=layers)\n        self.fc = nn.Linear(d_model, d_model)\n        self.head = nn.Linear(d_model, 2)\n    def forward(self, x):\n        return self.head(F.relu(self.fc(self.enc(self.emb(x)))))\n';
    const m = one(src);
    assert.strictEqual(m.data.dim, 128);
    assert.strictEqual(sig(m), 'Embedding~, attention:L:h4, mlp~, layer-norm~, residual~, transformer-blocks~, linear~, readout');
    assert.strictEqual((m.layers[2] as { width?: number }).width, 512);
    assert.match((m.layers[5] as { reason: string }).reason, /^3 stacked encoder layers/);
    const r = analyzeDocument('t.py', src).models[0];
    assert.ok(r.pStar, 'the head is analysed; the rest is listed');
    assert.ok(r.notCovered.length >= 5);
  });

  it('keeps convolutions, normalisation, recurrent layers, embeddings and residuals in place, not covered, and the model is not analysed', () => {
    const src = HEAD + 'class C(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.conv = nn.Conv2d(1, 8, 3)\n        self.bn = nn.BatchNorm1d(64)\n        self.rnn = nn.LSTM(64, 64)\n        self.fc = nn.Linear(64, 64)\n        self.out = nn.Linear(64, 1)\n    def forward(self, x):\n        x = torch.flatten(self.conv(x), 1)\n        x = self.bn(x)\n        x, _ = self.rnn(x)\n        x = x + torch.tanh(self.fc(x))\n        z = torch.cat([x, x], dim=1)\n        return self.out(z)\n';
    const m = one(src);
    assert.strictEqual(sig(m), 'Conv2d, BatchNorm1d, LSTM, dense:64:tanh, residual, concatenate, readout');
    assert.deepStrictEqual(
      m.layers.filter((l) => 'reason' in l).map((l) => (l as { reason: string }).reason.split(' ')[0]),
      ['convolutions', 'normalisation', 'recurrent', 'a', 'concatenating'],
    );
    const r = analyzeDocument('c.py', src).models[0];
    assert.strictEqual(r.pStar, undefined);
    assert.ok(r.diagnostics.some((d) => d.code === 'not-covered'));
  });

  it('gives an activation to the dense layer it follows, not to one before a layer that is not covered (Linear, BatchNorm1d, ReLU)', () => {
    const m = one(HEAD + 'net = nn.Sequential(nn.Linear(100, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Linear(256, 1))\n');
    assert.strictEqual(sig(m), 'dense:256:linear, BatchNorm1d, activation, readout');
    assert.match((m.layers[2] as { reason: string }).reason, /an activation \(relu\) that follows no nn\.Linear directly/);
    assert.strictEqual(sig(one(HEAD + 'net = nn.Sequential(nn.Linear(100, 256), nn.Dropout(0.1), nn.ReLU(), nn.Linear(256, 1))\n')), 'dense:256:relu, dropout, readout');
  });

  // fc2 is built in a branch it cannot decide: fc1 was read as the readout, its relu dropped.
  it('reads the last nn.Linear as a hidden layer where a call it cannot follow comes after it', () => {
    const src = HEAD + 'class Policy(nn.Module):\n    def __init__(self, continuous):\n        super().__init__()\n        self.fc1 = nn.Linear(8, 64)\n        if continuous:\n            self.fc2 = nn.Linear(64, 2)\n        else:\n            self.fc2 = nn.Linear(64, 4)\n    def forward(self, x):\n        return self.fc2(self.fc1(x).relu())\n';
    const m = one(src);
    assert.strictEqual(sig(m), 'dense:64:relu, call');
    assert.ok(!(m.diagnostics ?? []).some((d) => d.code === 'py-readout' || d.code === 'py-output-activation'));
    assert.strictEqual(analyzeDocument('p.py', src).models[0].pStar, undefined);
  });

  it('says a layer of an nn.Sequential it cannot read where it is written, not where its helper is imported', () => {
    const src = HEAD + 'from utils import layer_init\nnet = nn.Sequential(layer_init(nn.Linear(8, 64)), nn.Tanh(), nn.Linear(64, 1))\n';
    const m = one(src);
    assert.strictEqual(sig(m), 'call, activation, readout');
    assert.deepStrictEqual(m.layers[0].range, rangeOf(src, 'layer_init(nn.Linear(8, 64))'));
    assert.match((m.layers[0] as { reason: string }).reason, /`layer_init` comes from utils, which is not read/);
  });

  // forward's other inputs were values bound to nothing: torch.cat left them out and `*` read them
  // as a constant factor, and a network of two inputs got its first input's number ([paper]).
  it('takes forward\'s other inputs as inputs: what the output takes from them is not covered, said at the parameter', () => {
    const critic = HEAD + 'class Critic(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.l1 = nn.Linear(100, 400, bias=False)\n        self.l2 = nn.Linear(400 + 6, 300, bias=False)\n        self.l3 = nn.Linear(300, 1, bias=False)\n    def forward(self, state, action):\n        q = torch.erf(self.l1(state))\n        q = torch.erf(self.l2(torch.cat([q, action], 1)))\n        return self.l3(q)\n';
    const m = one(critic);
    assert.strictEqual(sig(m), 'dense:400:erf:nobias, other-input, concatenate, dense:300:erf:nobias, readout');
    const input = m.layers[1] as { reason: string; range: unknown };
    assert.strictEqual(input.reason, '`action` is another input of forward: a network of several inputs is not covered by the scale analysis');
    assert.deepStrictEqual(input.range, rangeOf(critic, 'action', 0));
    assert.strictEqual(analyzeDocument('c.py', critic).models[0].pStar, undefined);
    const masked = HEAD + 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(100, 1000, bias=False)\n        self.fc2 = nn.Linear(1000, 1, bias=False)\n    def forward(self, x, mask):\n        h = torch.erf(self.fc1(x))\n        return self.fc2(h * mask)\n';
    assert.strictEqual(sig(one(masked)), 'dense:1000:erf:nobias, other-input, product, readout');
    assert.strictEqual(analyzeDocument('m.py', masked).models[0].pStar, undefined);
    // A keyword-only input and one in *args are inputs too (they were values, read as constant factors).
    const net = (params: string, use: string) => HEAD + `class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(8, 16)\n        self.fc2 = nn.Linear(16, 1)\n    def forward(self, x, ${params}):\n        h = F.relu(self.fc1(x))\n        return self.fc2(${use})\n`;
    assert.strictEqual(sig(one(net('*, mask', 'h * mask'))), 'dense:16:relu, other-input, product, readout');
    assert.strictEqual(sig(one(net('*args', 'h * args[0]'))), 'dense:16:relu, other-input, product, readout');
    assert.strictEqual(sig(one(net('*args', 'torch.cat([h, *args], 1)'))), 'dense:16:relu, other-input, concatenate, readout');
    // An input not used by the output changes nothing; one with a default is a value, not an input.
    const unused = HEAD + 'class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(10, 20)\n        self.fc2 = nn.Linear(20, 1)\n    def forward(self, x, t, scale=2.0):\n        return self.fc2(torch.relu(self.fc1(x)) * scale)\n';
    assert.strictEqual(sig(one(unused)), 'dense:20:relu, readout');
  });

  // Another input's own path came first: "the input goes through `t` before the first nn.Linear", d unread.
  it('lists the input\'s own path first, and reads d from it, where another input has a path of its own', () => {
    const src = HEAD + 'class D(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(4, 32)\n        self.temb = nn.Linear(1, 32)\n        self.out = nn.Linear(64, 1)\n    def forward(self, x, t):\n        h = F.relu(self.fc1(x))\n        e = F.relu(self.temb(t))\n        return self.out(torch.cat([e, h], 1))\n';
    const m = one(src);
    assert.strictEqual(sig(m), 'dense:32:relu, other-input, dense:32:relu, concatenate, readout');
    assert.strictEqual(m.data.dim, 4);
    assert.ok(!(m.diagnostics ?? []).some((d) => d.code === 'py-input'));
  });

  it('reads inputs joined before any layer as one input (a Q-network on [state, action]); the flow joined to a value that is not a tensor is not covered', () => {
    const q = HEAD + 'class Q(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(17 + 6, 256)\n        self.fc2 = nn.Linear(256, 1)\n    def forward(self, x, a):\n        x = torch.cat([x, a], 1)\n        return self.fc2(F.relu(self.fc1(x)))\n';
    const m = one(q);
    assert.strictEqual(sig(m), 'dense:256:relu, readout');
    assert.strictEqual(m.data.dim, 23);
    const joined = HEAD + 'class J(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(10, 20)\n        self.fc2 = nn.Linear(24, 1)\n        self.extra = nn.Parameter(torch.zeros(1, 4))\n    def forward(self, x):\n        h = torch.tanh(self.fc1(x))\n        return self.fc2(torch.cat([h, self.extra], 1))\n';
    const j = one(joined);
    assert.strictEqual(sig(j), 'dense:20:tanh, concatenate, readout');
    assert.match((j.layers[1] as { reason: string }).reason, /^torch\.cat\(\.\.\.\) joins the flow with .*, which is not a tensor of the forward: not covered by the scale analysis$/);
  });
});

describe('parse: PyTorch models — # @scaling comments and overrides', () => {
  const MLP = 'class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc1 = nn.Linear(784, 512, bias=False)\n        self.fc2 = nn.Linear(512, 256, bias=False)\n        self.out = nn.Linear(256, 1)\n    def forward(self, x):\n        return self.out(torch.tanh(self.fc2(torch.tanh(self.fc1(x)))))\n';

  it('reads the tag block above a model: name, target, readout, kappa, regime and sizes (the tag wins, with a warning)', () => {
    const src = HEAD + '# @scaling model my-mlp\n# @scaling target single-index degree=5\n# @scaling readout mean-field\n# @scaling kappa 0.01\n# @scaling regime N1=d N2=d\n# @scaling sizes N2=300\n' + MLP;
    const doc = read(src);
    const m = doc.models[0];
    assert.strictEqual(m.name, 'my-mlp');
    assert.strictEqual(m.target.degree, 5);
    assert.deepStrictEqual(m.parametrization, { readout: 'mean-field', kappa: 0.01 });
    assert.deepStrictEqual(m.regime, { N1: 'd', N2: 'd' });
    assert.deepStrictEqual(m.sizes, { N2: 300, N1: 512 });
    const w = all(doc).find((d) => d.code === 'py-conflict')!;
    assert.deepStrictEqual(w.range, rangeOf(src, '300'));
    assert.strictEqual(m.origins!['regime.N1'].text, '@scaling regime N1=d');
  });

  it('gets the same result as the same network in a JSON scalingModel', () => {
    const py = analyzeDocument('m.py', HEAD + '# @scaling regime N1=d N2=d\n' + MLP).models[0];
    const json = analyzeDocument('m.json', JSON.stringify({ scalingModel: { name: 'MLP', data: { kind: 'gaussian', dim: 'd' }, layers: [{ type: 'dense', width: 'N1', activation: 'tanh' }, { type: 'dense', width: 'N2', activation: 'tanh' }, { type: 'readout' }], sizes: { d: 784, N1: 512, N2: 256 }, regime: { N1: 'd', N2: 'd' } } })).models[0];
    assert.deepStrictEqual([py.pStar, py.winner, py.candidates.map((c) => c.id)], [json.pStar, json.winner, json.candidates.map((c) => c.id)]);
  });

  it('reports tag errors at their position, unknown tags, layer tags other than attention, and a block with no model', () => {
    const bad = read(HEAD + '# @scaling target degree=0\n# @scaling widths 3\n# @scaling layer dense width=N1\n' + MLP);
    assert.deepStrictEqual(codes(bad).sort(), ['bad-degree', 'py-tag-layer', 'py-unknown-tag']);
    const lonely = read(HEAD + '# @scaling target degree=3\nx = 1\n');
    assert.deepStrictEqual(codes(lonely), ['py-tags-no-model']);
  });

  it('applies net.scaling.json beside net.py', () => {
    const override = JSON.stringify({ scalingModel: { target: { degree: 1 }, regime: { N1: 'd', N2: 'd' } } });
    const r = analyzeDocument('dir/net.py', HEAD + MLP, { override: { fileName: 'dir/net.scaling.json', text: override } }).models[0];
    assert.deepStrictEqual(r.regime, { N1: 'd', N2: 'd' });
    assert.ok(r.assumptions!.some((a) => a.what === 'target degree' && a.source === 'override'));
  });
});

describe('parse: PyTorch models — what it cannot follow, said once', () => {
  it('reports a syntax error only in a file that has a model, and still reads the model', () => {
    const src = HEAD + 'net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1))\nprint "python 2"\ndef broken(:\n    pass\n';
    const doc = read(src);
    assert.strictEqual(doc.models.length, 1);
    const s = doc.diagnostics.filter((d) => d.code === 'py-syntax');
    assert.strictEqual(s.length, 1);
    assert.strictEqual(s[0].range.start.line, 5);
    assert.deepStrictEqual(read('import torch\ndef broken(:\n    pass\n'), { models: [], diagnostics: [] });
  });

  it('a name that is a key of Object.prototype is a name like any other (found by the fuzz run: an internal error before)', () => {
    // An undefined name was looked up among the conventional aliases (nn, F, torch) in a plain
    // object, which found Object.prototype's `constructor`: the reader failed on the whole file.
    const src = HEAD + 'model = nn.Sequential(nn.Linear(784, constructor(256)), nn.ReLU(), nn.Linear(256, toString.width), nn.Tanh(), nn.Linear(128, 1))\n';
    const doc = read(src);
    assert.ok(!codes(doc).includes('internal-error'), JSON.stringify(all(doc)));
    assert.strictEqual(sig(doc.models[0]), 'dense:N1:relu, dense:width:tanh, readout');
    const un = all(doc).filter((d) => d.code === 'py-unresolved');
    assert.deepStrictEqual(un.map((d) => d.range), [rangeOf(src, 'constructor(256)'), rangeOf(src, 'toString.width')]);
    assert.match(un[0].message, /`constructor` is not defined in this file/);
    // A module class of such a name is the user's class, not a table entry (dropout, an activation).
    const cls = HEAD + 'class toString(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(64, 32)\n    def forward(self, x):\n        return torch.tanh(self.fc(x))\nclass constructor(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = toString()\n        self.b = nn.Linear(32, 1)\n    def forward(self, x):\n        return self.b(self.a(x))\n';
    assert.strictEqual(sig(one(cls)), 'dense:32:tanh, readout');
  });

  it('says when a module class holds nn.Linear layers but has no forward', () => {
    const doc = read(HEAD + 'class Holder(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(3, 1)\n');
    assert.deepStrictEqual(codes(doc), ['py-no-forward']);
  });

  // Each of these files gave no model and no word before (found this session, reading at the limits).
  it('says when the layers of a model are too many to build (a ModuleList of 20,000), at the list', () => {
    const src = HEAD + 'class M(nn.Module):\n    def __init__(self, n=20000):\n        super().__init__()\n        self.layers = nn.ModuleList([nn.Linear(64, 64) for _ in range(n)])\n    def forward(self, x):\n        for l in self.layers:\n            x = l(x)\n        return x\n';
    const doc = read(src);
    assert.strictEqual(doc.models.length, 0);
    const w = all(doc).find((d) => d.code === 'py-no-layers')!;
    assert.match(w.message, /^M is not read, as none of its nn\.Linear layers can be followed: .*range of 20000 is more than the 4096 iterations the reader unrolls/);
    assert.deepStrictEqual(w.range.start, rangeOf(src, '[nn.Linear').start);
  });

  it('says when building a model, or the file\'s own code, needs more reading than the reader allows', () => {
    const busy = '        t = 0\n        for i in range(4000):\n            for j in range(4000):\n                t += j\n';
    const init = HEAD + 'class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(10, 1)\n' + busy + '    def forward(self, x):\n        return self.fc(x)\n';
    const w = all(read(init)).find((d) => d.code === 'py-too-long')!;
    assert.match(w.message, /^M is not read: building it needs more static reading than the reader allows/);
    assert.deepStrictEqual(w.range, rangeOf(init, 'M'));
    const top = HEAD + 'layers = []\nfor i in range(4000):\n    for j in range(4000):\n        layers.append(j)\nmodel = nn.Sequential(nn.Linear(10, 20), nn.ReLU(), nn.Linear(20, 1))\n';
    const doc = read(top);
    assert.strictEqual(doc.models.length, 0);
    const s = all(doc).find((d) => d.code === 'py-too-long')!;
    assert.match(s.message, /^reading stopped at line 5: its code needs more static reading than the reader allows .*; what the file builds from there on is not read$/);
    assert.deepStrictEqual(s.range, rangeOf(top, 'for i in range(4000):'));
  });

  it('says when every class with layers is a part of another (A holds B, B holds A) and nothing is read', () => {
    const src = HEAD + 'class A(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.b = B()\n        self.fc = nn.Linear(8, 1)\n    def forward(self, x):\n        return self.fc(self.b(x))\nclass B(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = A()\n        self.fc = nn.Linear(8, 8)\n    def forward(self, x):\n        return self.a(F.relu(self.fc(x)))\n';
    const doc = read(src);
    assert.strictEqual(doc.models.length, 0);
    const w = all(doc).find((d) => d.code === 'py-no-model')!;
    assert.match(w.message, /^no model is read from this file: A and B hold nn\.Linear layers, but each is used by another class here and none reads as a network on its own$/);
    assert.deepStrictEqual(w.range, rangeOf(src, 'A'));
  });

  it('says when a model derives from more classes of the file than its methods are looked up through', () => {
    const chain = (n: number) => HEAD + 'class C0(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(784, 10)\n    def forward(self, x):\n        return self.fc(x)\n' + Array.from({ length: n }, (_, i) => `class C${i + 1}(C${i}):\n    pass\n`).join('');
    assert.strictEqual(sig(one(chain(32))), 'readout');
    const doc = read(chain(33));
    assert.strictEqual(doc.models.length, 0);
    const w = all(doc).find((d) => d.code === 'py-deep-bases')!;
    assert.match(w.message, /^C33 derives from more than 32 classes of this file, one from the next: its methods are not looked up that far, so it is not read$/);
    assert.deepStrictEqual(w.range, rangeOf(chain(33), 'C33'));
  });
});

describe('parse: PyTorch models — more that is said', () => {
  it('reads a LightningModule like an nn.Module', () => {
    const src = 'import torch\nimport pytorch_lightning as pl\nfrom torch import nn\nclass Lit(pl.LightningModule):\n    def __init__(self):\n        super().__init__()\n        self.net = nn.Sequential(nn.Linear(28 * 28, 64), nn.ReLU(), nn.Linear(64, 1))\n    def forward(self, x):\n        return self.net(x)\n    def training_step(self, batch, i):\n        return self(batch[0]).sum()\n';
    assert.strictEqual(sig(one(src)), 'dense:64:relu, readout');
  });

  it('warns when one layer is applied twice (shared weights), and when sizes do not chain', () => {
    const src = HEAD + 'class S(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(8, 8)\n        self.b = nn.Linear(16, 1)\n    def forward(self, x):\n        return self.b(torch.tanh(self.a(torch.tanh(self.a(x)))))\n';
    const doc = read(src);
    // Read as two layers, it got a certified number for a network of independent weights.
    assert.strictEqual(sig(doc.models[0]), 'dense:8:tanh, shared, activation, readout');
    assert.strictEqual(analyzeDocument('s.py', src).models[0].pStar, undefined);
    const shared = all(doc).find((d) => d.code === 'py-shared')!;
    assert.match(shared.message, /applied 2 times in forward \(shared weights\): the scale analysis assumes weights of their own for each layer, so the model is not analysed/);
    assert.deepStrictEqual(shared.range, rangeOf(src, 'nn.Linear(8, 8)'));
    const shape = all(doc).find((d) => d.code === 'py-shape')!;
    assert.match(shape.message, /in_features 16 does not match the 8 outputs of the nn.Linear before it/);
    assert.deepStrictEqual(shape.range, rangeOf(src, '16'));
  });

  it('takes "# @scaling data dim=d" next to in_features 784 as the size d = 784', () => {
    const m = one(HEAD + '# @scaling data dim=d\n# @scaling regime N1=d\nnet = nn.Sequential(nn.Linear(784, 100), nn.Tanh(), nn.Linear(100, 1))\n');
    assert.strictEqual(m.data.dim, 'd');
    assert.deepStrictEqual(m.sizes, { N1: 100, d: 784 });
  });

  it('tells two models of the same name apart by their line', () => {
    const mlp = (h: number) => `class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.a = nn.Linear(4, ${h})\n        self.b = nn.Linear(${h}, 1)\n    def forward(self, x):\n        return self.b(F.relu(self.a(x)))\n`;
    const doc = read(HEAD + mlp(8) + mlp(16));
    assert.deepStrictEqual(doc.models.map((m) => m.name), ['Net', 'Net (line 11)']);
    // Said on the renamed one, in every kind of file (two JSON models "dup" shared one results file, unsaid).
    assert.equal(doc.models[1].diagnostics!.find((d) => d.code === 'duplicate-name')?.message, 'another model of this file is called "Net" (line 4): this one is "Net (line 11)"');
    const json = parseDocument('d.json', JSON.stringify({ a: { scalingModel: { name: 'dup', layers: [{ type: 'dense', width: 'N' }, { type: 'readout' }] } }, b: { scalingModel: { name: 'dup', layers: [{ type: 'dense', width: 'N' }, { type: 'readout' }] } } }, null, 1));
    assert.deepStrictEqual(json.models.map((m) => m.name), ['dup', 'dup (line 17)']);
    assert.ok(json.models[1].diagnostics!.some((d) => d.code === 'duplicate-name'));
    // The command line names it once ("model dup (line 10)", not "(line 10) (line 10)").
    assert.doesNotMatch(renderText({ files: [analyzeDocument('d.json', JSON.stringify({ a: { scalingModel: { name: 'dup', layers: [{ type: 'dense', width: 'N' }, { type: 'readout' }] } }, b: { scalingModel: { name: 'dup', layers: [{ type: 'dense', width: 'N' }, { type: 'readout' }] } } }, null, 1))] }), /\(line \d+\) \(line/);
  });
});
