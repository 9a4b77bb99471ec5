// Seeds a workspace's store with runs for the diagnostics views, through the core Store API: a digits run with
// metrics by context, a learning-curve run, its dev dataset and predictions for every row of data/dev.csv; and
// runs that lack what the views need (no predictions; no dev metric, unlabelled rows, an only-predicted class).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../src/core/store/store';
import type { PredictionRow } from '../../src/core/store/types';

export interface SeededRuns {
  storePath: string;
  experiment: string;
  mainRunId: string;
  mainRunName: string;
  curveRunId: string;
  noPredictionsRunId: string;
  badInputRunId: string;
  devCsv: string;
  /** Example ids of the main run's errors, in the order the examples table lists them (by id as text). */
  errorIds: string[];
}

interface DigitRow {
  id: string;
  label: string;
  ink: number;
  width: number;
  height: number;
}

function readDigits(path: string): DigitRow[] {
  const [, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return lines.map((line) => {
    const cells = line.split(',');
    const pixels = cells.slice(1, 65).map(Number);
    const inkAt = (r: number, c: number) => pixels[r * 8 + c] > 0;
    const range = [0, 1, 2, 3, 4, 5, 6, 7];
    return {
      id: cells[0],
      label: String(Number(cells[65])),
      ink: pixels.reduce((a, b) => a + b, 0),
      width: range.filter((c) => range.some((r) => inkAt(r, c))).length,
      height: range.filter((r) => range.some((c) => inkAt(r, c))).length,
    };
  });
}

/** A confusion a digit classifier makes: faint digits are misread, 8s taken for 1s, 9s for 3s and so on. */
function predictionFor(row: DigitRow, index: number): { yPred: string; score: number } {
  const confusions: Record<string, string> = { '8': '1', '9': '3', '3': '8', '4': '7', '1': '8', '5': '9', '7': '4', '2': '3', '6': '5', '0': '6' };
  const score = 0.4 + ((index * 37) % 50) / 100;
  if ((row.ink < 260 && index % 2 === 0) || (row.label === '8' && index % 4 === 1) || (row.width <= 4 && index % 2 === 0)) return { yPred: confusions[row.label], score };
  if (index % 29 === 7) return { yPred: String((Number(row.label) + 3) % 10), score };
  return { yPred: row.label, score: 0.8 + ((index * 13) % 20) / 100 };
}

export function seedDiagnosticsRuns(workspace: string): SeededRuns {
  const storePath = join(workspace, '.mlcycle', 'mlcycle.db');
  const devCsv = join(workspace, 'data', 'dev.csv');
  const store = openStore(storePath);
  const experiment = 'digits-diagnostics';
  const now = Date.now();
  try {
    const main = store.createRun({ name: 'seeded mlp', experiment, status: 'finished', script: 'train.py', createdAt: now - 60_000 });
    store.logParams(main.id, { model: 'mlp', lr: 0.01, epochs: 10 });
    const bytes = readFileSync(devCsv);
    store.linkDataset(main.id, { path: devCsv, role: 'dev', sha256: createHash('sha256').update(bytes).digest('hex'), size: statSync(devCsv).size });
    const digits = readDigits(devCsv);
    const rows: PredictionRow[] = digits.map((row, i) => ({ exampleId: row.id, yTrue: row.label, ...predictionFor(row, i), features: { ink: row.ink, width: row.width, height: row.height } }));
    store.logPredictions(main.id, rows, 'dev');
    // Each curve ends at its final accuracy; the dev one at the accuracy of the predictions, so both views agree.
    const curveTo = (final: number, scale: number, pace: number) => (step: number) => final - scale * (Math.exp(-step / pace) - Math.exp(-10 / pace));
    const devAccuracy = rows.filter((r) => r.yPred === r.yTrue).length / rows.length;
    const [train, trainDev, dev] = [curveTo(0.988, 0.2, 2), curveTo(0.962, 0.2, 2.2), curveTo(devAccuracy, 0.22, 2.5)];
    const epochs = Array.from({ length: 10 }, (_, i) => i + 1);
    store.logMetrics(main.id, epochs.flatMap((step) => [
      { key: 'accuracy', context: 'train', step, value: train(step) },
      { key: 'accuracy', context: 'train-dev', step, value: trainDev(step) },
      { key: 'accuracy', context: 'dev', step, value: dev(step) },
    ]));
    store.logMetrics(main.id, [{ key: 'accuracy', context: 'test', step: 10, value: devAccuracy - 0.006 }]);

    const curve = store.createRun({ name: 'seeded mlp learning curve', experiment, status: 'finished', createdAt: now - 50_000 });
    store.setTags(curve.id, { curve: 'train_size', curve_of: main.id });
    store.logMetrics(curve.id, [100, 200, 400, 700, 970].flatMap((size) => [
      { key: 'accuracy', context: 'train', step: size, value: 1 - 0.02 * Math.exp(-size / 500) - 0.012 },
      { key: 'accuracy', context: 'dev', step: size, value: 0.93 - 0.35 * Math.exp(-size / 220) },
    ]));

    const noPredictions = store.createRun({ name: 'no predictions', experiment, status: 'finished', createdAt: now - 40_000 });
    store.logMetrics(noPredictions.id, [{ key: 'accuracy', context: 'train', step: 1, value: 0.9 }, { key: 'accuracy', context: 'dev', step: 1, value: 0.8 }]);

    const bad = store.createRun({ name: 'bad input', experiment, status: 'finished', createdAt: now - 30_000 });
    store.logMetrics(bad.id, [{ key: 'accuracy', context: 'train', step: 1, value: 0.9 }]);
    store.logPredictions(bad.id, [
      { exampleId: 'a', yTrue: 'cat', yPred: 'cat', score: 0.9 },
      { exampleId: 'b', yTrue: 'cat', yPred: 'dog', score: Number.NaN },
      { exampleId: 'c', yTrue: 'dog', yPred: 'bird', score: 0.7 },
      { exampleId: 'd', yTrue: null, yPred: 'cat', score: 0.6 },
      { exampleId: 'e', yTrue: 'dog', yPred: 'dog', score: null },
    ], 'dev');

    const errorIds = rows.filter((r) => r.yPred !== r.yTrue).map((r) => String(r.exampleId)).sort();
    return { storePath, experiment, mainRunId: main.id, mainRunName: main.name, curveRunId: curve.id, noPredictionsRunId: noPredictions.id, badInputRunId: bad.id, devCsv, errorIds };
  } finally {
    store.close();
  }
}
