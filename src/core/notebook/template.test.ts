import { strict as assert } from 'node:assert';
import { openStore } from '../store/store';
import { tempStorePath } from '../store/testSupport';
import { parseCellSpec } from './cellSpec';
import { experimentTemplate, documentRunCells } from './template';

describe('notebook templates', () => {
  it('a new notebook walks the loop and its code cells are valid specs', () => {
    const cells = experimentTemplate('train.py');
    const text = cells.map((c) => c.source).join('\n');
    for (const heading of ['## Question', '## Hypothesis', '## What was learned', '## Next step']) assert.ok(text.includes(heading), heading);
    const specs = cells.filter((c) => c.kind === 'code').map((c) => parseCellSpec(c.source));
    assert.deepEqual(specs.map((s) => s.kind), ['run', 'compare']);
    assert.equal(specs[0].kind === 'run' && specs[0].spec.script, 'train.py');
  });

  it('documents an existing run with a spec that runs it again, and its id', () => {
    const store = openStore(tempStorePath('notebook-template'));
    try {
      const run = store.createRun({ name: 'mlp lr=0.01', script: 'train.py', experiment: 'digits', status: 'finished' });
      store.logParams(run.id, { lr: 0.01, epochs: 3 });
      store.setTags(run.id, { stage: 'baseline', 'mlcycle.sweep': '3' });
      store.setNotes(run.id, 'First try.');
      const [note, cell] = documentRunCells(store.getRun(run.id)!, []);
      assert.match(note.source, /^### Run: mlp lr=0\.01/);
      assert.match(note.source, /First try\./);
      assert.deepEqual(cell.runIds, [run.id]);
      assert.deepEqual(parseCellSpec(cell.source), { kind: 'run', spec: { name: 'mlp lr=0.01', script: 'train.py', params: { lr: 0.01, epochs: 3 }, tags: { stage: 'baseline' }, experiment: 'digits' } });
      const [, sweepCell] = documentRunCells(store.getRun(run.id)!, ['c1', 'c2']);
      assert.deepEqual([sweepCell.sweepId, sweepCell.runIds], [run.id, ['c1', 'c2']]);
    } finally {
      store.close();
    }
  });
});
