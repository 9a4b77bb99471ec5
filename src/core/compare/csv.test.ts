import { strict as assert } from 'node:assert';
import type Database from 'better-sqlite3';
import { runsTableToCsv } from './csv';
import { loadRunsTable } from './runsTable';
import { createTestDatabase, seedRuns } from './testSeed';
import type { RunsTableModel } from './viewModels';

/** A minimal RFC 4180 reader, to prove the output reads back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('runsTableToCsv', () => {
  let db: Database.Database;
  let model: RunsTableModel;
  before(() => {
    db = createTestDatabase();
    const created = Date.UTC(2024, 4, 1, 12, 30);
    seedRuns(db, [
      { id: 'a', name: 'plain', createdAt: created, params: { lr: 0.1, model: 'cnn' }, metrics: { acc: 0.123456789012345 } },
      { id: 'b', name: 'has, comma "and quotes"\nand a line', createdAt: created + 1000, params: { lr: 1e-7, model: 'cnn' }, metrics: { acc: null }, tags: { note: '=1+2' } },
    ]);
    model = loadRunsTable(db, { columns: ['name', 'created', 'metrics.acc', 'params.lr', 'params.model', 'tags.note'], sort: { column: 'id', direction: 'asc' } });
  });
  after(() => db.close());

  it('writes the shown columns with the run id first, quoting per RFC 4180', () => {
    const csv = runsTableToCsv(model);
    assert.equal(csv.split('\r\n')[0], 'id,name,created,metrics.acc,params.lr,params.model,tags.note');
    assert.ok(csv.endsWith('\r\n'));
    assert.deepEqual(parseCsv(csv), [
      ['id', 'name', 'created', 'metrics.acc', 'params.lr', 'params.model', 'tags.note'],
      ['a', 'plain', '2024-05-01T12:30:00.000Z', '0.123456789012345', '0.1', 'cnn', ''],
      ['b', 'has, comma "and quotes"\nand a line', '2024-05-01T12:30:01.000Z', 'NaN', '1e-7', 'cnn', '=1+2'],
    ]);
    assert.ok(csv.includes('"has, comma ""and quotes""\nand a line"'));
  });

  it('keeps only the differing columns when asked, and never repeats the id', () => {
    assert.equal(runsTableToCsv(model, { onlyDiffering: true }).split('\r\n')[0], 'id,name,created,metrics.acc,params.lr,tags.note');
    const withId = loadRunsTable(db, { columns: ['id', 'params.model'], sort: { column: 'id', direction: 'asc' } });
    assert.equal(runsTableToCsv(withId), 'id,params.model\r\na,cnn\r\nb,cnn\r\n');
  });
});
