// Which model a line belongs to (the status bar and Show Scaling Plot): src/extension/modelAt.ts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../../src/pipeline/document';
import { modelAt, modelOnLine } from '../../src/extension/modelAt';
import { fixturePath } from './helpers';

describe('extension: the model under the cursor', () => {
  it('a Python class ends where the next one begins: the next class\'s line is the next model\'s', () => {
    // sfujim/TD3's DDPG.py: class Actor, then class Critic. Actor's range ends at the start of the
    // line of `class Critic(nn.Module):`, and the cursor there showed (and plotted) Actor.
    const text = readFileSync(fixturePath('real', 'pytorch', 'sfujim-ddpg.py'), 'utf8');
    const r = analyzeDocument('DDPG.py', text);
    const lines = text.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.startsWith(s));
    assert.equal(modelOnLine(r, at('class Actor'))?.name, 'Actor');
    assert.equal(modelOnLine(r, at('class Critic'))?.name, 'Critic');
    assert.equal(modelOnLine(r, at('class Critic') - 1)?.name, 'Actor');
    // Outside every model: none under the cursor; the status bar falls back to the first.
    assert.equal(modelOnLine(r, 0), undefined);
    assert.equal(modelAt(r, 0)?.name, 'Actor');
  });
});
