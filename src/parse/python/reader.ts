// The PyTorch front end: torch.nn models in Python files, read statically and never run.
// A model is an nn.Module subclass of the file (read through its forward) or an nn.Sequential
// built outside any module. Widths come from literals, module-level constants, arithmetic, and
// constructor arguments (an instantiation in the file, else the defaults); anything else is named
// with its position, and the model asks for it as a size symbol. `# @scaling` comments state what
// code cannot (target, regime, sizes). Pure: no Node, no VS Code.
import type { ModelDescription, Range } from '../../model/types';
import { applyDefaults, applySizesAndRegime, setKey, type ParseOptions, type RawEntry } from '../checks';
import { collect, type FrontEndResult } from '../scalingModel';
import { Diags, LineIndex, listWords } from '../text';
import { INPUT, OTHER_INPUT, linearize, stepNode, type Step, type Where } from './flow';
import { Interp, MAX_BASES, OutOfSteps, type Call } from './interp';
import { LayerBuilder } from './layers';
import { ATTENTION_CLASSES } from './torchNames';
import { mightHoldTorchModel } from './markers';
import { parsePython, type Param, type Stmt } from './syntax';
import { walkExprs } from './walk';
import { mergeTags, readTagBlocks, type PyTags } from './tags';
import { tokenizePython } from './tokens';
import type { ClassInfo, Mod, Note, Value } from './values';


interface Candidate {
  name: string;
  /** The class statement or the nn.Sequential call. */
  at: Where;
  mod: Mod;
  cls?: ClassInfo;
  /** Read with the class's default arguments (no instantiation in the file). */
  defaults?: boolean;
}

/** `overrideName`: the override file beside the code (net.scaling.json), for the advice where a size is missing. */
export function readPyTorch(text: string, options?: ParseOptions, overrideName = 'model.scaling.json'): FrontEndResult {
  const out: FrontEndResult = { models: [], diagnostics: [] };
  if (!mightHoldTorchModel(text)) return out;
  const toks = tokenizePython(text);
  const parsed = parsePython(toks);
  const lines = new LineIndex(text);
  const ip = new Interp(text, lines, parsed, toks.tokens.length);
  ip.runModule();
  ip.refill();
  const moduleClasses = new Set(ip.classes.filter((c) => c.isModule).map((c) => c.name));
  ip.runLeftoverFunctions((def) => mentions(def.body, moduleClasses));
  ip.refill();
  const file = new Diags();
  const tags = readTagBlocks(toks.comments, text, lines);
  const { top: candidates, parts } = findCandidates(ip, file, lines);
  const owner = tagOwners(candidates, tags);
  const blocksOf = new Map<Candidate, PyTags[]>();
  for (const [t, c] of owner) blocksOf.set(c, [...(blocksOf.get(c) ?? []), t]);
  // The classes whose forward a model read here runs: parts of that model, not models of their own.
  const inModels = new Set<ClassInfo>();
  for (const cand of candidates) {
    const block = mergeTags(blocksOf.get(cand) ?? []);
    const r = readCandidate(ip, cand, lines, block, options, overrideName);
    if (r) collect(out, r);
    if (r?.model) for (const c of ip.applied) inModels.add(c);
  }
  // A part no model applies is a model of its own (a GAN's discriminator, beside a forward that runs
  // only the generator): it was left unread, without a word. Said only where it is a network the
  // analysis covers whole, with a hidden layer (a transformer's blocks, which its loop did not
  // unroll, and an RNN's cell stay quiet).
  for (const c of parts) {
    if (inModels.has(c)) continue;
    const cand = classCandidate(ip, c, new Diags(), lines);
    const r = cand && readCandidate(ip, cand, lines, undefined, options, overrideName);
    if (r?.model && r.model.layers.some((l) => l.type === 'dense') && r.model.layers.every((l) => !('reason' in l))) collect(out, r);
  }
  out.models.sort((a, b) => (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) || (a.range?.start.character ?? 0) - (b.range?.start.character ?? 0));
  // Classes with layers, each a part of another (A holds B, B holds A), and nothing read or said.
  const withLayers = parts.filter((c) => holdsLinear(c.node.body));
  if (!out.models.length && !out.diagnostics.length && !file.list.length && withLayers.length) {
    const c = withLayers[0];
    const names = withLayers.length > 4 ? `${withLayers.slice(0, 4).map((x) => x.name).join(', ')}, …` : listWords(withLayers.map((x) => x.name), 'and');
    file.warning(`no model is read from this file: ${names} hold nn.Linear layers, but each is used by another class here and none reads as a network on its own`, lines.range(c.node.nameStart, c.node.nameStart + c.name.length), 'py-no-model');
  }
  for (const b of tags) {
    if (owner.has(b)) continue;
    file.absorb(b.diags);
    file.warning('this @scaling block is followed by no model read from this file (an nn.Module subclass or an nn.Sequential)', lines.range(b.block.start, b.block.end), 'py-tags-no-model');
  }
  if (ip.stoppedAt) {
    // The reading of the module's own code ran out of steps: models it builds past here are missing.
    const s = ip.stoppedAt;
    const eol = text.indexOf('\n', s.start);
    file.warning(`reading stopped at line ${lines.position(s.start).line + 1}: its code ${OUT_OF_STEPS}; what the file builds from there on is not read`, lines.range(s.start, eol < 0 || eol > s.end ? s.end : eol), 'py-too-long');
  }
  if ((out.models.length || out.diagnostics.length || owner.size) && parsed.errors.length) {
    const e = parsed.errors[0];
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    file.warning(`Python syntax error: ${e.message}${more}; the model may be read incompletely`, lines.range(e.start, e.end), 'py-syntax');
  }
  out.diagnostics.push(...file.list);
  return out;
}

/** Why a reading stopped (the interpreter's step allowance: work stays linear in the file). */
const OUT_OF_STEPS = 'needs more static reading than the reader allows (a loop or a list that long is not followed)';

/** Does a function's body name one of these classes or nn.Sequential? (so that running it may build a model) */
function mentions(body: Stmt[], classes: Set<string>): boolean {
  let hit = false;
  walkExprs(body, (e) => {
    if ((e.t === 'name' && classes.has(e.id)) || (e.t === 'attr' && e.name === 'Sequential') || (e.t === 'name' && e.id === 'Sequential')) hit = true;
  });
  return hit;
}

/**
 * Module classes that no other module class uses or derives from, and nn.Sequential models built
 * outside any module; and the classes another one uses (its parts), read as models of their own
 * where no model read applies them (readPyTorch).
 */
function findCandidates(ip: Interp, file: Diags, lines: LineIndex): { top: Candidate[]; parts: ClassInfo[] } {
  const out: Candidate[] = [];
  const parts: ClassInfo[] = [];
  const inner = new Set<string>();
  const bases = new Set<string>();
  for (const c of ip.classes) {
    if (!c.isModule) continue;
    if (c.base) bases.add(c.base.name);
    walkExprs(c.node.body, (e) => {
      if (e.t === 'name' && e.id !== c.name) inner.add(e.id);
    });
  }
  for (const c of ip.classes) {
    // A base is a model where the file builds it itself, outside any module (model = MLP(784, 300)
    // beside class TanhMLP(MLP): only TanhMLP was read, with MLP's defaults).
    const builtHere = ip.firstInstance.get(c)?.topLevel === true;
    if (!c.isModule || (bases.has(c.name) && !builtHere) || c.torchBase === 'ModuleList' || c.torchBase === 'ModuleDict') continue;
    // A class whose instances are parts of another module (nn.Sequential(MyLinear(4, 8), ...)) is a part, not a model.
    if (inner.has(c.name) || ip.parts.has(c)) {
      parts.push(c);
      continue;
    }
    const cand = classCandidate(ip, c, file, lines);
    if (cand) out.push(cand);
  }
  const seen = new Set<number>();
  for (const m of ip.mods) {
    if (m.cls !== 'Sequential' || m.user || !m.topLevel || m.consumed || seen.has(m.at.start)) continue;
    seen.add(m.at.start);
    out.push({ name: m.name ?? `nn.Sequential at line ${ip.line(m.at)}`, at: m.at, mod: m });
  }
  return { top: out.sort((a, b) => a.at.start - b.at.start), parts };
}

/** A module class as a model: its first instance in the file, else one built with its defaults. */
function classCandidate(ip: Interp, c: ClassInfo, file: Diags, lines: LineIndex): Candidate | undefined {
  const named = lines.range(c.node.nameStart, c.node.nameStart + c.name.length);
  if (baseDepth(c) > MAX_BASES) {
    file.warning(`${c.name} derives from more than ${MAX_BASES} classes of this file, one from the next: its methods are not looked up that far, so it is not read`, named, 'py-deep-bases');
    return undefined;
  }
  if (!ip.method(c, 'forward') && !c.torchBase) {
    if (holdsLinear(c.node.body)) file.warning(`${c.name} has no forward(): the order of its layers is not known, so it is not read`, named, 'py-no-forward');
    return undefined;
  }
  let mod = ip.firstInstance.get(c);
  const defaults = !mod;
  if (!mod) {
    const call: Call = { args: [], argAt: [], kw: new Map(), kwAt: new Map(), at: c.node.header, text: `${c.name}()` };
    try {
      const v = ip.instantiate(c, call, true);
      if (v.k === 'module') mod = v.m;
    } catch (e) {
      if (!(e instanceof OutOfSteps)) throw e;
      file.warning(`${c.name} is not read: building it ${OUT_OF_STEPS}`, named, 'py-too-long');
    }
  }
  return mod && { name: c.name, at: { start: c.node.start, end: c.node.end }, mod, cls: c, defaults };
}

/** How many classes of the file a class derives through, one from the next (past MAX_BASES: MAX_BASES + 1). */
function baseDepth(c: ClassInfo): number {
  let k = 0;
  for (let x = c.base; x && k <= MAX_BASES; x = x.base) k++;
  return k;
}

/** Does a class body name nn.Linear (or another of these layer classes)? */
function holdsLinear(body: Stmt[], names: ReadonlySet<string> = LINEAR): boolean {
  let hit = false;
  walkExprs(body, (e) => {
    if ((e.t === 'attr' && names.has(e.name)) || (e.t === 'name' && names.has(e.id))) hit = true;
  });
  return hit;
}
const LINEAR: ReadonlySet<string> = new Set(['Linear']);

/** Each tag block belongs to the model that holds it, else to the first model after it. (Both lists are in file order.) */
function tagOwners(cands: Candidate[], tags: PyTags[]): Map<PyTags, Candidate> {
  const owner = new Map<PyTags, Candidate>();
  for (const t of tags) {
    // The last model starting before the block, and the first one starting after it (binary search).
    let lo = 0;
    let hi = cands.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cands[mid].at.start <= t.block.start) lo = mid + 1;
      else hi = mid;
    }
    const before = cands[lo - 1];
    if (before && t.block.end <= before.at.end) owner.set(t, before);
    else if (cands[lo]) owner.set(t, cands[lo]);
  }
  return owner;
}

/**
 * The model's other inputs: forward's parameters after the first that have no default
 * (forward(self, state, action), a keyword-only `*, mask`, one value in `*args`). Each is a tensor
 * of its own, marked as not covered, so that whatever the output takes from it
 * (torch.cat([q, action], 1), h * mask) says so: bound to nothing, they were values that torch.cat
 * left out and `*` read as a constant factor, and a network of two inputs got the number of its
 * first one. (`**kwargs` is left as it is: a value looked up in it is not known.)
 */
function otherInputs(ip: Interp, cand: Candidate): { args: Value[]; kw: Map<string, Value> } {
  const out = { args: [] as Value[], kw: new Map<string, Value>() };
  const fwd = cand.cls && ip.method(cand.cls, 'forward');
  if (!fwd) return out;
  const input = (p: Param, text: string): Value => {
    const reason = `\`${text}\` is another input of forward: a network of several inputs is not covered by the scale analysis`;
    return { k: 'tensor', node: stepNode(OTHER_INPUT, { s: 'op', type: 'other-input', reason, at: { start: p.start, end: p.end }, text }) };
  };
  let positional = true;
  for (const p of fwd.def.params.slice(2)) {
    if (p.kind === 'pos') {
      // After a parameter with a default, a positional value would go to it: the rest are values.
      if (p.default) positional = false;
      else if (positional) out.args.push(input(p, p.name));
    } else if (p.kind === 'star') {
      if (positional) out.args.push(input(p, `*${p.name}`));
    } else if (p.kind === 'kwonly' && !p.default) out.kw.set(p.name, input(p, p.name));
  }
  return out;
}

/** Follows the forward of a candidate and builds its model description. */
function readCandidate(ip: Interp, cand: Candidate, lines: LineIndex, tags: PyTags | undefined, options: ParseOptions | undefined, overrideName: string): { model?: ModelDescription; diags: Diags } | undefined {
  const d = new Diags();
  const notes: Note[] = [...cand.mod.notes];
  ip.applied.clear();
  ip.appliedMods.clear();
  ip.collectors.push(notes);
  let output: Value;
  try {
    const other = otherInputs(ip, cand);
    const inputs = [{ k: 'tensor', node: INPUT } as Value, ...other.args];
    const kwAt = new Map([...other.kw.keys()].map((k) => [k, cand.at]));
    output = ip.torch.applyModule(cand.mod, { args: inputs, argAt: inputs.map(() => cand.at), kw: other.kw, kwAt, at: cand.at, text: cand.name });
  } catch (e) {
    if (!(e instanceof OutOfSteps)) throw e;
    output = { k: 'unknown', why: e.message, at: cand.at };
  } finally {
    ip.collectors.pop();
  }
  const range = lines.range(cand.at.start, cand.at.end);
  const head = headerRange(ip, cand, lines);
  // A block above the model describes it however far above: said where it is not right above it.
  if (tags && tags.block.end < cand.at.start && lines.position(cand.at.start).line - lines.position(tags.block.end).line > 3) {
    d.info(`the @scaling block at line ${lines.position(tags.block.start).line + 1} describes ${cand.name}, the first model after it`, head, 'py-block-model');
  }
  const flow = outputFlow(output, cand, d, lines, head);
  const { steps, onInput } = flow ? linearize(flow) : { steps: [], onInput: undefined };
  if (!steps.some((s) => s.s === 'module' && (s.mod.cls === 'Linear' || ATTENTION_CLASSES.has(s.mod.cls)))) {
    // Nothing the analysis reads: only a model that visibly has layers is said to be unread: one
    // whose layers were built, or whose code names nn.Linear where a part of it could not be built
    // (a ModuleList of 20,000 layers said nothing).
    if (!holdsLinearMod(cand.mod)) {
      const lost = namesLinear(ip, cand) ? firstUnknown(cand.mod) : undefined;
      if (!lost) return undefined;
      const inside = lost.at.start >= cand.at.start && lost.at.end <= cand.at.end;
      d.warning(`${cand.name} is not read, as none of its nn.Linear layers can be followed: ${lost.why}`, inside ? lines.range(lost.at.start, lost.at.end) : head, 'py-no-layers');
      return { diags: d };
    }
    if (flow) d.warning(`${cand.name}'s forward applies none of its nn.Linear or attention layers, as far as it can be followed`, head, 'py-no-layers');
    return { diags: d };
  }
  for (const n of notes) d.add(n.severity, n.message, lines.range(n.at.start, n.at.end), 'py-not-followed');
  noteInstances(ip, cand, d, lines);
  // Classes read as modules though their base is imported: said, as what they inherit is not read.
  for (const c of new Set([...(cand.cls ? [cand.cls] : []), ...ip.applied])) {
    if (!c.importedBase) continue;
    d.info(`${c.name} derives from ${c.importedBase}, which is imported and not read: it is read as an nn.Module, through its own methods`, lines.range(c.node.nameStart, c.node.nameStart + c.name.length), 'py-imported-base');
  }
  noteUnused(cand, steps, ip.appliedMods, d, lines);
  const built = new LayerBuilder({
    lines,
    d,
    src: (w, max) => ip.src(w, max),
    giveIt: (sym, alt) => `Give its size with "# @scaling sizes ${sym}=..."${alt ? ` or ${alt}` : ''} above the model, or in ${overrideName}.`,
    context: tags?.context,
    symbolic: !!tags && (tags.sizes.length > 0 || tags.regime.length > 0),
  }).build(steps, onInput);
  const model: ModelDescription = {
    name: tags?.name ?? cand.name,
    data: { kind: 'gaussian', dim: built.dim },
    target: { kind: 'single-index', degree: tags?.degree ?? 3 },
    parametrization: { readout: tags?.readout ?? 'standard' },
    layers: built.layers,
    range,
    origins: { ...(built.dimOrigin ? { d: built.dimOrigin } : {}), ...(tags?.origins ?? {}) },
    assumptions: [],
    source: 'pytorch',
  };
  if (tags?.kappa !== undefined) model.parametrization.kappa = tags.kappa;
  if (built.attention) {
    const heads = built.attention.heads ? `, ${built.attention.heads} heads` : '';
    d.info(`read as one softmax attention head (token dimension ${String(built.dim)}${heads}); the rest of the model is listed as not covered, as for Hugging Face configs`, head, 'py-attention');
  }
  applyTags(model, built.sizes, tags, d);
  for (const a of tags?.annotations ?? []) model.assumptions!.push({ ...a, source: 'annotation' });
  applyDefaults(model, tags?.stated ?? {}, options);
  return { model, diags: d };
}

/** The line a model's hints and messages belong to: `class Net(nn.Module):` or the nn.Sequential call. */
function headerRange(ip: Interp, cand: Candidate, lines: LineIndex): Range {
  const w = cand.cls ? cand.cls.node.header : cand.at;
  const nl = ip.text.indexOf('\n', w.start);
  return lines.range(w.start, nl < 0 ? w.end : Math.min(w.end, nl));
}

/** The tensor a forward returns: a tensor, or the first tensor of a tuple; else a warning that says why. */
function outputFlow(v: Value, cand: Candidate, d: Diags, lines: LineIndex, head: Range) {
  if (v.k === 'tensor') return v.node;
  if (v.k === 'list') {
    const k = v.items.findIndex((x) => x.k === 'tensor');
    if (k >= 0) {
      d.info(`forward returns ${v.items.length} values; value ${k + 1} is read as the model's output`, head, 'py-several-outputs');
      return (v.items[k] as Extract<Value, { k: 'tensor' }>).node;
    }
  }
  if (v.k === 'list' && v.items[0]?.k === 'unknown') v = v.items[0];
  if (v.k === 'dict') {
    const k = v.vals.findIndex((x) => x.k === 'tensor');
    if (k >= 0) {
      d.info(`forward returns a dict; its first tensor is read as the model's output`, head, 'py-several-outputs');
      return (v.vals[k] as Extract<Value, { k: 'tensor' }>).node;
    }
  }
  const why = v.k === 'unknown' ? v.why : `it returns ${v.k === 'none' ? 'None' : 'a value that is not computed from its input'}`;
  const at = v.k === 'unknown' && v.at.start >= cand.at.start && v.at.end <= cand.at.end ? lines.range(v.at.start, v.at.end) : head;
  d.warning(`the output of ${cand.name}'s forward cannot be followed: ${why}`, at, 'py-no-output');
  return undefined;
}

function holdsLinearMod(m: Mod): boolean {
  const seen = new Set<Mod>();
  const visit = (v: Value): boolean => {
    if (v.k !== 'module' || seen.has(v.m) || seen.size > 10000) return false;
    seen.add(v.m);
    if (!v.m.user && (v.m.cls === 'Linear' || ATTENTION_CLASSES.has(v.m.cls))) return true;
    if (v.m.base && visit({ k: 'module', m: v.m.base })) return true;
    for (const x of v.m.items ?? []) if (visit(x)) return true;
    for (const x of v.m.user?.attrs.values() ?? []) if (visit(x) || (x.k === 'list' && x.items.some(visit))) return true;
    return false;
  };
  return visit({ k: 'module', m });
}

/** Does the model's own code name nn.Linear (its class body, or the nn.Sequential call)? */
function namesLinear(ip: Interp, cand: Candidate): boolean {
  // A class of the file derived from nn.Linear counts (karpathy's MADE builds MaskedLinear layers).
  const linears = new Set(['Linear', ...ip.classes.filter((c) => c.torchBase === 'Linear').map((c) => c.name)]);
  if (!cand.cls) return [...linears].some((n) => new RegExp(`\\b${n}\\b`).test(ip.text.slice(cand.at.start, cand.at.end)));
  if (holdsLinear(cand.cls.node.body, linears)) return true;
  // Or a function of the file that builds them, called in the class (`def NormedLinear(...): return
  // nn.Linear(...)` in a ModuleList comprehension): such a model vanished without a word.
  const builders = new Set<string>();
  for (const [name, v] of ip.globals.vars) if (v.k === 'func' && holdsLinear(v.def.body, linears)) builders.add(name);
  return builders.size > 0 && holdsLinear(cand.cls.node.body, builders);
}

/** The first part of a module that could not be built (a value the reader could not work out), if any. */
function firstUnknown(m: Mod): Extract<Value, { k: 'unknown' }> | undefined {
  const seen = new Set<Mod>();
  let found: Extract<Value, { k: 'unknown' }> | undefined;
  const visit = (v: Value): boolean => {
    if (v.k === 'unknown') return !!(found = v);
    if (v.k === 'list') return v.items.some(visit);
    if (v.k !== 'module' || seen.has(v.m) || seen.size > 10000) return false;
    seen.add(v.m);
    if (v.m.base && visit({ k: 'module', m: v.m.base })) return true;
    if ((v.m.items ?? []).some(visit)) return true;
    for (const x of v.m.user?.attrs.values() ?? []) if (visit(x)) return true;
    return false;
  };
  visit({ k: 'module', m });
  return found;
}

/** Later instantiations with other arguments: the first one is read. */
function noteInstances(ip: Interp, cand: Candidate, d: Diags, lines: LineIndex): void {
  if (!cand.cls) return;
  const others = ip.otherInstances.get(cand.cls);
  if (others?.length) {
    const pos = (w: Where) => `${ip.line(w)}:${lines.position(w.start).character + 1}`;
    const where = others.map(pos).join(', ');
    d.info(`${cand.name} is also built with other arguments (at ${where}); the first instantiation, ${ip.src(cand.mod.at, 50)} at ${pos(cand.mod.at)}, is read`, lines.range(cand.mod.at.start, cand.mod.at.end), 'py-instances');
  } else if (!cand.defaults && (cand.mod.args.length || cand.mod.kw.size)) {
    d.info(`read with the arguments of ${ip.src(cand.mod.at, 60)} (line ${ip.line(cand.mod.at)})`, lines.range(cand.mod.at.start, cand.mod.at.end), 'py-instance');
  } else if (cand.defaults && (ip.method(cand.cls, '__init__')?.def.params.length ?? 0) > 1) {
    d.info(`${cand.name}(...) is not built in this file: it is read with the defaults of its __init__`, lines.range(cand.cls.node.nameStart, cand.cls.node.nameStart + cand.cls.name.length), 'py-defaults');
  }
}

/** nn.Linear modules that forward never applies, and modules applied more than once (shared weights). */
function noteUnused(cand: Candidate, steps: Step[], ran: ReadonlySet<Mod>, d: Diags, lines: LineIndex): void {
  const applied = new Map<Mod, number>();
  for (const s of steps) if (s.s === 'module') applied.set(s.mod, (applied.get(s.mod) ?? 0) + 1);
  for (const [m, n] of applied) {
    if (n > 1) d.warning(`this nn.${m.cls} is applied ${n} times in forward (shared weights)${m.cls === 'Linear' ? ': the scale analysis assumes weights of their own for each layer, so the model is not analysed' : ''}`, lines.range(m.at.start, m.at.end), 'py-shared');
  }
  const seen = new Set<Mod>();
  const visit = (v: Value, path: string): void => {
    if (v.k === 'list') return v.items.forEach((x, k) => visit(x, `${path}[${k}]`));
    if (v.k !== 'module' || seen.has(v.m) || seen.size > 10000) return;
    seen.add(v.m);
    // Applied on the way to another output (an actor's log_std) is applied: only one forward never runs is said.
    if (v.m.cls === 'Linear' && !applied.has(v.m) && !ran.has(v.m)) d.info(`${path} (nn.Linear) is not applied by forward, as far as it can be followed`, lines.range(v.m.at.start, v.m.at.end), 'py-unused');
    v.m.items?.forEach((x, k) => visit(x, `${path}[${k}]`));
    for (const [k, x] of v.m.user?.attrs ?? []) visit(x, `${path === '' ? 'self' : path}.${k}`);
  };
  visit({ k: 'module', m: cand.mod }, '');
}

/** The code's sizes, then the tags' sizes, regime and data dimension (the tag wins over the code, with a warning when they differ). */
function applyTags(model: ModelDescription, code: RawEntry[], tags: PyTags | undefined, d: Diags): void {
  if (!tags) {
    applySizesAndRegime(model, code.length ? code : undefined, undefined, d);
    return;
  }
  d.absorb(tags.diags);
  const sizes: RawEntry[] = [...tags.sizes];
  const byKey = new Map(tags.sizes.map((s) => [s.key, s]));
  for (const c of code) {
    const tag = byKey.get(c.key);
    if (!tag) sizes.push(c);
    else if (tag.value !== c.value) d.warning(`"@scaling sizes" sets ${c.key}=${String(tag.raw ?? tag.value)} but the code says ${c.value}; the tag wins`, tag.valueRange, 'py-conflict');
  }
  const dimTag = sizes.find((s) => s.key === 'd');
  if (dimTag && typeof model.data.dim === 'number' && dimTag.value !== model.data.dim) {
    d.warning(`"@scaling sizes" sets d=${String(dimTag.raw ?? dimTag.value)} but the code's in_features is ${model.data.dim}; the tag wins`, dimTag.valueRange, 'py-conflict');
    model.data.dim = 'd';
  }
  if (tags.dim) {
    const code = model.data.dim;
    if (typeof tags.dim.value === 'string' && typeof code === 'number' && !sizes.some((s) => s.key === tags.dim!.value)) {
      // `@scaling data dim=d` next to nn.Linear(784, ...): the code's number is the size of the symbol.
      sizes.push({ key: tags.dim.value, value: code, raw: String(code), keyRange: tags.dim.range, valueRange: model.origins?.d?.range ?? tags.dim.range, text: `${model.origins?.d?.text ?? 'code'} (for ${tags.dim.value})` });
    } else if (typeof code === 'number' && typeof tags.dim.value === 'number' && code !== tags.dim.value) {
      d.warning(`the tag says dim=${tags.dim.value} but the code says in_features ${code}; the tag wins`, tags.dim.range, 'py-conflict');
    }
    model.data.dim = tags.dim.value;
  }
  applySizesAndRegime(model, sizes.length ? sizes : undefined, tags.regime.length ? tags.regime : undefined, d);
  if (model.origins) for (const [k, v] of Object.entries(tags.origins)) setKey(model.origins, k, v);
}
