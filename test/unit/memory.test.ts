// Memory: 1,000 distinct deep models (5 to 12 hidden layers) analysed in a row, in a worker thread whose heap is capped at
// 256 MB (half what the editor gives its analysis worker): the thread must finish, and its heap after
// the last model must be far below the cap. Every engine cache is keyed by the compiled chain (a
// WeakMap), so nothing of one model outlives its analysis.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ROOT } from './helpers';

const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { analyzeDocument } = require(workerData.document);
const acts = ['erf', 'tanh', 'relu', 'gelu', 'sigmoid'];
let peak = 0;
for (let i = 0; i < 1000; i++) {
  const L = 5 + (i % 8);
  const layers = Array.from({ length: L }, (_, l) => ({ type: 'dense', width: 64 + ((i * 37 + l * 101) % 4000), activation: acts[(i + l) % acts.length] }));
  const text = JSON.stringify({ scalingModel: { name: 'm' + i, layers: [...layers, { type: 'readout' }], data: { kind: 'gaussian', dim: 100 + (i % 900) }, target: { kind: 'single-index', degree: 3 } } });
  const r = analyzeDocument('m' + i + '.json', text);
  if (!r.models.length || !r.models[0].pStar) throw new Error('model ' + i + ' was not analysed: ' + JSON.stringify(r).slice(0, 400));
  if (i % 50 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
}
peak = Math.max(peak, process.memoryUsage().heapUsed);
parentPort.postMessage({ peak });
`;

describe('memory: 1,000 distinct deep models in a worker capped at 256 MB', function () {
  this.timeout(300_000);
  it('finishes without running out of heap, and the heap stays well under the cap', async () => {
    const worker = new Worker(SCRIPT, {
      eval: true,
      workerData: { document: join(ROOT, 'out', 'src', 'pipeline', 'document.js') },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const { peak } = await new Promise<{ peak: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
    });
    await worker.terminate();
    assert.ok(peak < 256 * 2 ** 20, `peak heap ${(peak / 2 ** 20).toFixed(0)} MB`);
  });
});
