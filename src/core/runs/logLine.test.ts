import { strict as assert } from 'node:assert';
import { parseLogLine, type LogEvent } from './logLine';

function event(line: string): LogEvent {
  const parsed = parseLogLine(line);
  assert.equal(parsed.type, 'event', `not an event: ${JSON.stringify(parsed)}`);
  return (parsed as { event: LogEvent }).event;
}

function malformed(line: string): string {
  const parsed = parseLogLine(line);
  assert.equal(parsed.type, 'output');
  assert.equal((parsed as { text: string }).text, line.replace(/\r$/, ''));
  const reason = (parsed as { malformed?: string }).malformed;
  assert.ok(reason, `expected ${line} to be counted as malformed`);
  return reason;
}

describe('parseLogLine', () => {
  it('reads a metric with its step, context and time', () => {
    assert.deepEqual(event('@mlcycle {"metric": "loss", "value": 0.31, "step": 12, "context": "train", "ts": 1700000000000}'), {
      kind: 'metrics',
      points: [{ key: 'loss', value: 0.31, step: 12, ts: 1700000000000, context: 'train' }],
    });
  });

  it('reads several metrics sharing a step, and NaN or Infinity however they are written', () => {
    const e = event('@mlcycle {"metrics": {"loss": NaN, "acc": 0.9, "grad": Infinity, "low": -Infinity, "n": null, "s": "nan"}, "step": 3}\r');
    assert.equal(e.kind, 'metrics');
    const values = Object.fromEntries((e as { points: { key: string; value: number; step?: number }[] }).points.map((p) => [p.key, [p.value, p.step]]));
    assert.deepEqual(values, { loss: [Number.NaN, 3], acc: [0.9, 3], grad: [Infinity, 3], low: [-Infinity, 3], n: [Number.NaN, 3], s: [Number.NaN, 3] });
  });

  it('reads params of any JSON type, tags, artifacts and datasets', () => {
    assert.deepEqual(event('@mlcycle {"param": "layers", "value": [64, {"act": "relu"}]}'), { kind: 'params', values: { layers: [64, { act: 'relu' }] } });
    assert.deepEqual(event('@mlcycle {"param": "note", "value": null}'), { kind: 'params', values: { note: null } });
    assert.deepEqual(event('@mlcycle {"params": {"lr": 0.1, "opt": "adam"}}'), { kind: 'params', values: { lr: 0.1, opt: 'adam' } });
    assert.deepEqual(event('@mlcycle {"tag": "stage", "value": "tuning"}'), { kind: 'tags', values: { stage: 'tuning' } });
    assert.deepEqual(event('@mlcycle {"tags": {"epochs": 3, "fast": true}}'), { kind: 'tags', values: { epochs: '3', fast: 'true' } });
    assert.deepEqual(event('@mlcycle {"artifact": "out/model.pt", "name": "model.pt"}'), { kind: 'artifact', path: 'out/model.pt', name: 'model.pt' });
    assert.deepEqual(event('@mlcycle {"dataset": "data/train.csv", "role": "train"}'), { kind: 'dataset', path: 'data/train.csv', role: 'train' });
  });

  it('keeps "NaN" inside strings as written', () => {
    assert.deepEqual(event('@mlcycle {"tag": "note", "value": "NaN, Infinity \\" NaN", "x": NaN}'), { kind: 'tags', values: { note: 'NaN, Infinity " NaN' } });
  });

  it('leaves ordinary output alone, uncounted', () => {
    for (const line of ['epoch 1 loss 0.3', '', '@mlcyclex {"metric": "a", "value": 1}', '  @mlcycle {"metric": "a", "value": 1}']) {
      assert.deepEqual(parseLogLine(line), { type: 'output', text: line });
    }
  });

  it('returns a malformed line as output with the reason, never throwing', () => {
    assert.match(malformed('@mlcycle'), /no JSON/);
    assert.match(malformed('@mlcycle {"metric": "loss", "value": 0.3'), /not valid JSON/);
    assert.match(malformed('@mlcycle [1, 2]'), /must be an object/);
    assert.match(malformed('@mlcycle {"hello": 1}'), /no kind: expected one of metric, metrics/);
    assert.match(malformed('@mlcycle {"metric": "a", "param": "b", "value": 1}'), /one kind per line/);
    assert.match(malformed('@mlcycle {"metric": "", "value": 1}'), /"metric" must be a non-empty string/);
    assert.match(malformed('@mlcycle {"metric": "a", "value": "high"}'), /value must be a number/);
    assert.match(malformed('@mlcycle {"metric": "a", "value": 1, "step": 1.5}'), /"step" must be an integer/);
    assert.match(malformed('@mlcycle {"metric": "a", "value": 1, "context": 3}'), /"context" must be a string/);
    assert.match(malformed('@mlcycle {"param": "lr"}'), /needs a "value"/);
    assert.match(malformed('@mlcycle {"tag": "t", "value": {"a": 1}}'), /string, number or boolean/);
    assert.match(malformed('@mlcycle {"dataset": "d.csv"}'), /"role" must be a non-empty string/);
    assert.match(malformed('@mlcycle {"metrics": [1]}'), /object of name: value/);
  });
});
