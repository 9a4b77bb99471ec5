import { strict as assert } from 'node:assert';
import { UserError } from '../errors';
import { parseNotebook, serializeNotebook, type NotebookFile } from './format';

const notebook: NotebookFile = {
  cells: [
    { kind: 'markdown', language: 'markdown', source: '# Question\n\nWhy is dev accuracy low?' },
    { kind: 'code', language: 'yaml', source: 'script: train.py\nparams:\n  lr: [0.1, 0.01]', id: 'run1', runIds: ['a1', 'a2'], sweepId: 'p1' },
    { kind: 'code', language: 'json', source: '' },
  ],
};

describe('notebook file format', () => {
  it('round-trips cells, ids and run ids exactly', () => {
    assert.deepEqual(parseNotebook(serializeNotebook(notebook)), notebook);
  });

  it('writes pretty JSON with a trailing newline, a line per source line and keys in a fixed order', () => {
    const text = serializeNotebook(notebook);
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /\n {2}"cells": \[/);
    const lines = text.split('\n');
    assert.ok(lines.includes('        "params:",'), 'each source line is its own JSON line');
    const keys = [...text.matchAll(/^ {6}"(\w+)":/gm)].map((m) => m[1]);
    assert.deepEqual(keys, ['kind', 'language', 'source', 'kind', 'language', 'id', 'sweepId', 'runIds', 'source', 'kind', 'language', 'source']);
    // Same content written twice is byte-identical, whatever order the object's keys were built in.
    const shuffled = { cells: notebook.cells.map((c) => Object.fromEntries(Object.entries(c).reverse()) as typeof c) };
    assert.equal(serializeNotebook(shuffled), text);
  });

  it('changes only the touched lines when a cell is edited', () => {
    const before = serializeNotebook(notebook).split('\n');
    const edited = { cells: notebook.cells.map((c, i) => (i === 1 ? { ...c, source: c.source.replace('0.01', '0.001') } : c)) };
    const after = serializeNotebook(edited).split('\n');
    assert.equal(after.length, before.length);
    assert.deepEqual(after.filter((line, i) => line !== before[i]), ['        "  lr: [0.1, 0.001]"']);
  });

  it('keeps no outputs or results: only run ids', () => {
    const text = serializeNotebook(notebook);
    assert.deepEqual([...new Set([...text.matchAll(/"(\w+)":/g)].map((m) => m[1]))], ['format', 'version', 'cells', 'kind', 'language', 'source', 'id', 'sweepId', 'runIds']);
  });

  it('reads an empty file as an empty notebook', () => {
    assert.deepEqual(parseNotebook(''), { cells: [] });
    assert.deepEqual(parseNotebook('  \n'), { cells: [] });
  });

  it('says where a broken file is broken and what to do', () => {
    assert.throws(() => parseNotebook('{\n  "cells": [\n    {,\n  ]\n}', 'exp.mlnb'), (e: Error) => e instanceof UserError && /exp\.mlnb, line 3: not valid JSON/.test(e.message) && /Text Editor/.test(e.message));
    assert.throws(() => parseNotebook('[]', 'exp.mlnb'), /exp\.mlnb: not an mlcycle notebook: expected an object with a "cells" list/);
    assert.throws(() => parseNotebook('{"cells": [{"kind": "python", "source": []}]}', 'exp.mlnb'), /exp\.mlnb, cell 1: "kind" must be "markdown" or "code", not "python"/);
    assert.throws(() => parseNotebook('{"cells": [{"kind": "code", "source": [1]}]}', 'exp.mlnb'), /cell 1: "source" must be a list of text/);
    assert.throws(() => parseNotebook('{"cells": [{"kind": "code", "source": [], "runIds": "abc"}]}', 'exp.mlnb'), /cell 1: "runIds" must be a list of text/);
    assert.throws(() => parseNotebook('{"version": 7, "cells": []}', 'exp.mlnb'), /newer mlcycle \(format version 7/);
  });

  it('accepts a source written as one string and fills in default languages', () => {
    const parsed = parseNotebook('{"cells": [{"kind": "code", "source": "script: a.py"}, {"kind": "markdown", "source": ["hi"]}]}');
    assert.deepEqual(parsed.cells, [
      { kind: 'code', language: 'yaml', source: 'script: a.py' },
      { kind: 'markdown', language: 'markdown', source: 'hi' },
    ]);
  });
});
