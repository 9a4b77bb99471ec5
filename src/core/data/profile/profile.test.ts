import { strict as assert } from 'node:assert';
import { CancelledError } from '../../errors';
import { DataEngine, runQuery } from '../engine';
import { DatasetSession } from '../session';
import { csvText, normal, scratchFolder, seededRandom } from '../testing';
import { sqlString } from '../values';
import { profileDataset, profileSession } from './profileDataset';
import type { ColumnProfile, DatasetProfile } from './types';

type Row = (string | number | null)[];

const header = ['id', 'x', 'y', 'age', 'rating', 'city', 'note', 'day', 'constant', 'flag', 'label', 'income'];
const cities = ['Paris', 'Lyon', 'Nice', 'Lille', 'Nantes', 'Brest', 'Metz', 'Pau'];
const words = 'the model learns from data while loss falls and accuracy rises on every epoch of training'.split(' ');

/** 2,000 generated rows plus 10 exact copies of earlier rows. */
function generate(): Row[] {
  const random = seededRandom(2024);
  const rows: Row[] = [];
  for (let i = 0; i < 2000; i++) {
    const xValue = normal(random, 50, 10);
    const x = i % 20 === 3 ? null : i % 500 === 7 ? 'NaN' : Number(xValue.toFixed(4));
    const y = Number((3 * xValue + normal(random, 0, 0.5)).toFixed(4));
    const city = cities[Math.min(cities.length - 1, Math.floor(random() * random() * cities.length))];
    const note = Array.from({ length: 5 + Math.floor(random() * 8) }, () => words[Math.floor(random() * words.length)]).join(' ');
    const day = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 365) * 86400000).toISOString().slice(0, 10);
    rows.push([i, x, y, 18 + Math.floor(random() * 73), 1 + Math.floor(random() * 5), city, note, day, 'same', random() < 0.3 ? 'true' : 'false', i % 200 === 0 ? 'pos' : 'neg', Number(Math.exp(normal(random, 10, 1)).toFixed(2))]);
  }
  for (let k = 0; k < 10; k++) rows.push([...rows[k * 37 + 1]]);
  return rows;
}

const column = (rows: Row[], name: string) => rows.map((r) => r[header.indexOf(name)]);
const finite = (values: (string | number | null)[]) => values.filter((v): v is number => typeof v === 'number');

function quantile(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  return low + 1 < sorted.length ? sorted[low] + (position - low) * (sorted[low + 1] - sorted[low]) : sorted[low];
}

function expectedNumeric(values: number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const m2 = values.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
  const m3 = values.reduce((a, v) => a + (v - mean) ** 3, 0) / n;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean,
    std: Math.sqrt((m2 * n) / (n - 1)),
    skewness: ((Math.sqrt(n * (n - 1)) / (n - 2)) * m3) / m2 ** 1.5,
    min: sorted[0],
    max: sorted[n - 1],
    quantiles: [0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantile(sorted, q)),
    distinct: new Set(values).size,
  };
}

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const close = (actual: number | null | undefined, expected: number, label: string, tolerance = 1e-9) =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${label}: got ${actual}, expected ${expected}`);

describe('profileDataset', function () {
  this.timeout(120000);
  const files = scratchFolder();
  const rows = generate();
  const csv = files.write('people.csv', csvText(header, rows));
  let profile: DatasetProfile;
  const col = (name: string): ColumnProfile => profile.columns.find((c) => c.name === name)!;
  before(async () => {
    profile = await profileDataset(csv, { labelColumn: 'label' });
  });
  after(() => files.remove());

  it('counts rows, columns, missing values (NULL and NaN) and exact duplicates', () => {
    assert.equal(profile.rowCount, 2010);
    assert.equal(profile.columnCount, header.length);
    assert.equal(profile.duplicateRows, 10);
    const x = column(rows, 'x');
    const missing = x.filter((v) => v === null || v === 'NaN').length;
    assert.equal(col('x').missing, missing);
    close(col('x').missingPercent, (100 * missing) / 2010, 'missing %');
    assert.equal(col('x').count, 2010 - missing);
  });

  it('gives numeric statistics equal to an independent computation', () => {
    for (const name of ['x', 'y', 'age', 'income']) {
      const expected = expectedNumeric(finite(column(rows, name)));
      const n = col(name).numeric!;
      close(n.mean, expected.mean, `${name} mean`);
      close(n.std, expected.std, `${name} std`);
      close(n.skewness, expected.skewness, `${name} skewness`, 1e-6);
      assert.equal(n.min, expected.min);
      assert.equal(n.max, expected.max);
      [n.p5, n.p25, n.median, n.p75, n.p95].forEach((q, i) => close(q, expected.quantiles[i], `${name} quantile ${i}`));
      assert.equal(n.quantilesApproximate, false);
      assert.equal(col(name).distinct, expected.distinct);
      assert.equal(col(name).distinctApproximate, false);
    }
  });

  it('bins histograms over [min, max] with every value counted once, one bin per integer when the range is small', () => {
    const values = finite(column(rows, 'x'));
    const { min, max } = expectedNumeric(values);
    const width = (max - min) / 20;
    const expected = new Array(20).fill(0);
    for (const v of values) expected[Math.min(19, Math.floor((v - min) / width))]++;
    assert.deepEqual(col('x').numeric!.histogram!.counts, expected);
    assert.equal(col('x').numeric!.histogram!.edges.length, 21);
    const rating = col('rating').numeric!.histogram!;
    assert.deepEqual(rating.edges, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(rating.counts, [1, 2, 3, 4, 5].map((r) => column(rows, 'rating').filter((v) => v === r).length));
  });

  it('lists top values with exact counts, most frequent first', () => {
    const counts = new Map<string, number>();
    for (const c of column(rows, 'city')) counts.set(String(c), (counts.get(String(c)) ?? 0) + 1);
    const expected = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const top = col('city').topValues!;
    assert.equal(col('city').kind, 'categorical');
    assert.deepEqual(top.values.map((v) => [v.value, v.count]), expected);
    assert.equal(top.otherCount, 0);
    close(top.values[0].percent, (100 * expected[0][1]) / 2010, 'top share');
    assert.deepEqual(col('rating').topValues!.values.map((v) => Number(v.value)).sort(), [1, 2, 3, 4, 5]);
  });

  it('profiles free text by length, dates by range and booleans by counts', () => {
    const notes = column(rows, 'note').map(String);
    const lengths = notes.map((n) => n.length);
    const note = col('note');
    assert.equal(note.kind, 'text');
    assert.equal(note.text!.minLength, Math.min(...lengths));
    assert.equal(note.text!.maxLength, Math.max(...lengths));
    close(note.text!.meanLength, lengths.reduce((a, b) => a + b, 0) / lengths.length, 'mean length');
    assert.equal(note.text!.histogram!.counts.reduce((a, b) => a + b, 0), 2010);
    const days = column(rows, 'day').map(String).sort();
    assert.equal(col('day').kind, 'datetime');
    assert.equal(col('day').datetime!.min, days[0]);
    assert.equal(col('day').datetime!.max, days[days.length - 1]);
    assert.equal(col('day').datetime!.histogram!.edgeLabels![0], days[0]);
    assert.equal(col('flag').kind, 'boolean');
    assert.equal(col('flag').topValues!.values.find((v) => v.value === 'true')!.count, column(rows, 'flag').filter((v) => v === 'true').length);
  });

  it('finds constant, identifier and correlated columns and the class balance of the label', () => {
    assert.deepEqual(profile.constantColumns, ['constant']);
    assert.ok(profile.highCardinalityColumns.includes('id'));
    const pairs = rows.filter((r) => typeof r[1] === 'number');
    const r = pearson(pairs.map((p) => p[1] as number), pairs.map((p) => p[2] as number));
    assert.equal(profile.correlations.length, 1);
    assert.deepEqual([profile.correlations[0].columnA, profile.correlations[0].columnB], ['x', 'y']);
    close(profile.correlations[0].r, r, 'pearson r', 1e-9);
    const positives = column(rows, 'label').filter((v) => v === 'pos').length;
    assert.deepEqual(profile.label!.classes.map((c) => [c.value, c.count]), [['neg', 2010 - positives], ['pos', positives]]);
    close(profile.label!.minorityPercent, (100 * positives) / 2010, 'minority share');
  });

  it('raises alerts that say in plain words what each finding means', () => {
    const find = (kind: string, columnName?: string) => profile.alerts.find((a) => a.kind === kind && (!columnName || a.column === columnName));
    assert.match(find('missing', 'x')!.message, /^5\.\d+% of "x" is missing \(\d+ rows\): models that drop incomplete rows will lose them; impute/);
    assert.equal(find('missing', 'x')!.severity, 'warning');
    assert.match(find('constant', 'constant')!.message, /"constant" has the same value \("same"\) in every row that has one: it cannot help a model/);
    assert.match(find('identifier', 'id')!.message, /looks like an identifier/);
    assert.match(find('free-text', 'note')!.message, /free text/);
    assert.match(find('duplicates')!.message, /^10 rows \(0\.50%\) are exact copies of an earlier row/);
    assert.match(find('correlated', 'x')!.message, /"x" and "y" are strongly correlated \(r = 1\.00\)/);
    assert.match(find('skewed', 'income')!.message, /strongly skewed/);
    const imbalance = find('imbalance', 'label')!;
    assert.equal(imbalance.severity, 'critical');
    assert.match(imbalance.message, /"label" is 99\.5% "neg" and only 0\.50% "pos" \(10 rows\): a model that always answers "neg" is 99\.5% accurate and useless/);
    assert.equal(profile.alerts[0].severity, 'critical');
    assert.ok(JSON.parse(JSON.stringify(profile)), 'plain JSON');
  });

  it('counts duplicate rows over whole rows even when a column is named like a table', async () => {
    const path = files.write('data.csv', 'data,b\n1,x\n1,y\n1,x\n');
    assert.equal((await profileDataset(path)).duplicateRows, 1);
  });

  it('gives the same profile from Parquet and JSON lines as from CSV', async () => {
    const engine = await DataEngine.create();
    const parquet = files.path('people.parquet');
    const jsonl = files.path('people.jsonl');
    try {
      const connection = await engine.connect();
      await runQuery(connection, `COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(parquet)} (FORMAT parquet)`);
      await runQuery(connection, `COPY (SELECT * FROM read_csv(${sqlString(csv)})) TO ${sqlString(jsonl)} (FORMAT json)`);
    } finally {
      engine.close();
    }
    for (const path of [parquet, jsonl]) {
      const other = await profileDataset(path, { labelColumn: 'label' });
      assert.equal(other.rowCount, 2010);
      assert.equal(other.duplicateRows, 10);
      for (const name of ['x', 'age', 'income']) {
        close(other.columns.find((c) => c.name === name)!.numeric!.mean, col(name).numeric!.mean!, `${path} ${name} mean`);
        assert.equal(other.columns.find((c) => c.name === name)!.missing, col(name).missing);
      }
      assert.deepEqual(other.label!.classes, profile.label!.classes);
    }
  });

  it('labels quantiles as approximate above the exact-size limit, except for columns of few values, counted exactly', async () => {
    const random = seededRandom(5);
    const many = Array.from({ length: 15000 }, () => [Number(normal(random, 100, 15).toFixed(6)), 18 + Math.floor(random() * 60)]);
    const path = files.write('many.csv', csvText(['value', 'age'], many));
    const exact = await profileDataset(path);
    const approximate = await profileDataset(path, { exactUpToRows: 100 });
    const value = approximate.columns[0].numeric!;
    const expectedValue = expectedNumeric(many.map((r) => r[0]));
    const exactValue = exact.columns[0].numeric!;
    assert.equal(exactValue.quantilesApproximate, false);
    [exactValue.p5, exactValue.p25, exactValue.median, exactValue.p75, exactValue.p95].forEach((q, i) => close(q, expectedValue.quantiles[i], `value quantile ${i}`));
    close(exactValue.mean, expectedValue.mean, 'value mean');
    close(exactValue.std, expectedValue.std, 'value std');
    close(exactValue.skewness, expectedValue.skewness, 'value skewness', 1e-6);
    assert.equal(exact.columns[0].distinct, expectedValue.distinct);
    assert.equal(exact.columns[0].distinctApproximate, false);
    const width = (expectedValue.max - expectedValue.min) / 20;
    const bins = new Array(20).fill(0);
    for (const [v] of many) bins[Math.min(19, Math.floor((v - expectedValue.min) / width))]++;
    assert.deepEqual(exactValue.histogram!.counts, bins);
    assert.equal(value.quantilesApproximate, true);
    assert.equal(approximate.columns[0].distinctApproximate, true);
    assert.ok(Math.abs(value.median! - exact.columns[0].numeric!.median!) < 0.5, `median ${value.median} vs ${exact.columns[0].numeric!.median}`);
    const expectedAge = expectedNumeric(many.map((r) => r[1]));
    const age = approximate.columns[1];
    assert.equal(age.numeric!.quantilesApproximate, false);
    assert.equal(age.distinctApproximate, false);
    [age.numeric!.p5, age.numeric!.p25, age.numeric!.median, age.numeric!.p75, age.numeric!.p95].forEach((q, i) => close(q, expectedAge.quantiles[i], `age quantile ${i}`));
    close(age.numeric!.std, expectedAge.std, 'age std');
    close(age.numeric!.skewness, expectedAge.skewness, 'age skewness', 1e-6);
  });

  it('stops when cancelled and leaves the session usable', async () => {
    const session = await DatasetSession.open(csv);
    try {
      const controller = new AbortController();
      const phases: string[] = [];
      await assert.rejects(
        profileSession(session, {
          signal: controller.signal,
          onProgress: (p) => {
            phases.push(p.phase);
            if (p.phase === 'statistics') controller.abort();
          },
        }),
        CancelledError,
      );
      assert.ok(!phases.includes('duplicates'), `went on after the abort: ${phases.join(', ')}`);
      assert.equal((await profileSession(session)).rowCount, 2010);
    } finally {
      session.close();
    }
  });

  it('closing a session in the middle of a profile cancels it and then frees the engine', async () => {
    const session = await DatasetSession.open(files.path('people.csv'));
    const running = profileSession(session, { onProgress: (p) => p.phase === 'statistics' && session.close() });
    await assert.rejects(running, CancelledError);
    await assert.rejects(session.withConnection(async () => 1), /closed/);
  });

  it('interrupts DuckDB in the middle of reading a file when the signal fires', async () => {
    let text = 'id,value,name\n';
    for (let i = 0; i < 1000000; i++) text += `${i},${i * 0.5},name${i % 100}\n`;
    const path = files.write('long.csv', text);
    const controller = new AbortController();
    let abortedAt = 0;
    let fractionAtAbort = 1;
    await assert.rejects(
      profileDataset(path, {
        signal: controller.signal,
        onProgress: (p) => {
          // A fraction strictly inside the reading phase comes from DuckDB's progress while its query runs.
          if (!abortedAt && p.phase === 'reading' && p.fraction > 0) {
            abortedAt = performance.now();
            fractionAtAbort = p.fraction;
            controller.abort();
          }
        },
      }),
      CancelledError,
    );
    assert.ok(abortedAt > 0 && fractionAtAbort < 0.45, 'the abort came while DuckDB was reading');
    assert.ok(performance.now() - abortedAt < 5000, 'interrupted promptly');
  });
});
