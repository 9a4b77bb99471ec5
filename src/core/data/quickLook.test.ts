import { strict as assert } from 'node:assert';
import { quickLook, quickLookAt } from './quickLook';
import { DatasetSession } from './session';
import { csvText, scratchFolder } from './testing';

describe('quickLook', function () {
  this.timeout(60000);
  const files = scratchFolder();
  after(() => files.remove());

  it('shows the schema and first rows, dates and times as ISO text', async () => {
    const path = files.write('events.csv', csvText(['id', 'when', 'at', 'amount', 'ok', 'tag'], [[1, '2024-03-01', '2024-03-01 10:15:00', 9.5, 'true', 'a'], [2, '2024-03-02', '2024-03-02 11:00:30', 12, 'false', null]]));
    const look = await quickLook(path);
    assert.deepEqual(
      look.columns.map((c) => [c.name, c.type, c.family]),
      [
        ['id', 'BIGINT', 'numeric'],
        ['when', 'DATE', 'datetime'],
        ['at', 'TIMESTAMP', 'datetime'],
        ['amount', 'DOUBLE', 'numeric'],
        ['ok', 'BOOLEAN', 'boolean'],
        ['tag', 'VARCHAR', 'string'],
      ],
    );
    assert.deepEqual(look.rows, [
      [1, '2024-03-01', '2024-03-01 10:15:00', 9.5, true, 'a'],
      [2, '2024-03-02', '2024-03-02 11:00:30', 12, false, null],
    ]);
    assert.equal(look.rowCount, 2);
    assert.equal(look.format, 'csv');
    assert.deepEqual(JSON.parse(JSON.stringify(look)).rows, look.rows);
  });

  it('reads only the head of a large file: the row count is estimated and nothing is staged', async () => {
    let text = 'id,name,value\n';
    for (let i = 0; i < 60000; i++) text += `${i},name${i % 97},${(i * 1.5).toFixed(1)}\n`;
    const path = files.write('large.csv', text);
    const session = await DatasetSession.open(path);
    try {
      const look = await quickLookAt(session, { sampleRows: 50 });
      assert.equal(look.rows.length, 50);
      assert.deepEqual(look.rows[49], [49, 'name49', 73.5]);
      assert.equal(look.rowCount, null);
      assert.ok(Math.abs(look.estimatedRowCount! - 60000) < 12000, `estimate ${look.estimatedRowCount} (bytes per row of the first 64 KB)`);
      assert.equal(session.knownRowCount, undefined, 'no full read');
    } finally {
      session.close();
    }
  });

  it('reads nested JSON values as JSON text', async () => {
    const look = await quickLook(files.write('nested.jsonl', '{"id":1,"tags":["a","b"],"meta":{"k":1}}\n{"id":2,"tags":[],"meta":{"k":2}}\n'));
    assert.deepEqual(look.rows, [
      [1, '["a","b"]', '{"k":1}'],
      [2, '[]', '{"k":2}'],
    ]);
    assert.equal(look.columns[1].sourceType, 'VARCHAR[]');
    assert.match(look.notices.join(' '), /Column "tags" holds nested values/);
  });
});
