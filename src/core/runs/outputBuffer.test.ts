import { strict as assert } from 'node:assert';
import { LineSplitter, TailLines, ThrottledOutput } from './outputBuffer';

describe('run output', () => {
  it('splits chunks into lines across chunk borders and CRLF', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter();
    splitter.push('a\r\nb', (l) => lines.push(l));
    splitter.push('c\nd', (l) => lines.push(l));
    splitter.end((l) => lines.push(l));
    assert.deepEqual(lines, ['a', 'bc', 'd']);
  });

  it('keeps the last lines for a failure message', () => {
    const tail = new TailLines(2);
    ['1', '2', '3'].forEach((l) => tail.add(l));
    assert.deepEqual(tail.get(), ['2', '3']);
  });

  it('throttles a flood of output and says where the rest is', () => {
    const delivered: string[] = [];
    const out = new ThrottledOutput((t) => delivered.push(t), 1000, 10);
    out.write('0123456789');
    out.write('more text');
    out.flush();
    assert.equal(delivered.length, 1);
    assert.match(delivered[0], /^0123456789\n\[mlcycle: 9 more characters of output are in the run's output.log artifact\]/);
  });
});
