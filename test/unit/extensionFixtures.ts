// Hand-written analysis results for the extension's unit tests, following formats.md section 4.
import type { FileResult, ModelResult } from '../../src/contract/result';

const r = (l0: number, c0: number, l1: number, c1: number) => ({ start: { line: l0, character: c0 }, end: { line: l1, character: c1 } });

/** The three-layer example of formats.md, with the optional fields the hover shows. */
export function threeLayer(): ModelResult {
  return {
    name: 'three-layer-erf',
    range: r(1, 2, 14, 3),
    pStar: { symbol: 'P*', exponents: { kappa: '1', d: '1/2', N2: '1/2' }, inD: '1', value: 1.0e2, status: 'paper' },
    winner: 'gp-specialization',
    tied: [],
    sizes: { d: 100, N1: 10000, N2: 100 },
    regime: { N1: 'd^2', N2: 'd' },
    layers: [
      { type: 'dense', width: 'N1', value: 10000, activation: 'erf', range: r(6, 6, 6, 61) },
      { type: 'dense', width: 'N2', value: 100, activation: 'erf', range: r(7, 6, 7, 61) },
      { type: 'readout', range: r(8, 6, 8, 25) },
    ],
    candidates: [
      { id: 'gp-gp', layers: ['gp', 'gp'], energy: { exponents: { d: '3' }, inD: '3', value: 1e6 }, params: {}, status: 'paper' },
      {
        id: 'gp-specialization', layers: ['gp', 'specialization'],
        energy: { exponents: { d: '1/2', N2: '1/2' }, inD: '1', value: 100, branch: 'interior' },
        params: { M2: { exponents: { N2: '1/2', d: '-1/2' }, value: 1 } },
        activeTerms: ['M2·d', 'N2/M2'], activeBounds: [], status: 'paper',
        rules: [{ rule: 'GP layer: cost d^k', status: 'paper' }, { rule: 'specialization: M·d + N/M', status: 'paper' }],
      },
      {
        id: 'specialization-magnetization', layers: ['specialization', 'magnetization'],
        energy: { exponents: { d: '1/3', N1: '1/3', N2: '1/3' }, inD: '4/3', value: 464.2 },
        params: { M1: { exponents: { N1: '1/3', N2: '1/3', d: '-2/3' }, value: 4.64 }, beta: { exponents: { N1: '-1/3', N2: '2/3', d: '-1/3' }, value: 0.2154 } },
        activeBounds: ['M1 = 1'], status: 'derived',
      },
    ],
    boundaries: [{ between: ['specialization-magnetization', 'gp-specialization'], where: 'N1^2 = N2 d', along: 'N1', at: 'N1 = d^(1)' }],
    notCovered: [],
    assumptions: [{ what: 'activation of layer 1', value: 'erf', source: 'file' }, { what: 'target degree', value: '3', source: 'default' }],
    derivation: ['3 candidates', 'gp-specialization has the lowest energy at the sizes'],
    diagnostics: [],
  };
}

/** A model with a layer the analysis does not cover and no numeric sizes. */
export function withConv(): ModelResult {
  return {
    name: 'conv-then-dense',
    range: r(0, 0, 5, 1),
    pStar: { symbol: 'P*', exponents: { kappa: '1', d: '1', N: '1' }, status: 'derived' },
    winner: 'specialization',
    layers: [
      { type: 'conv2d', covered: false, reason: 'convolutions are outside the scale analysis', range: r(2, 4, 2, 30) },
      { type: 'dense', width: 'N', range: r(3, 4, 3, 30) },
      { type: 'readout', range: r(4, 4, 4, 20) },
    ],
    candidates: [
      { id: 'specialization', layers: ['specialization'], energy: { exponents: { d: '1', N: '1' }, validWhen: ['N >= d'] }, params: { M1: { exponents: { N: '1/2', d: '-1/2' } } } },
    ],
    boundaries: [],
    notCovered: [{ layer: 0, type: 'conv2d', reason: 'convolutions are outside the scale analysis', range: r(2, 4, 2, 30) }],
    diagnostics: [{ message: 'activation missing: assumed erf', severity: 'info', range: r(3, 4, 3, 30), code: 'assumed-activation' }],
  };
}

export function file(models: ModelResult[] = [threeLayer()]): FileResult {
  return { file: 'examples/three-layer.json', models, diagnostics: [] };
}
