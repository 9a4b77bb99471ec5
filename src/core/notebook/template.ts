import { stringify } from 'yaml';
import { DEFAULT_EXPERIMENT } from '../store/store';
import type { RunDetail } from '../store/types';
import type { NotebookFileCell } from './format';

const markdown = (source: string): NotebookFileCell => ({ kind: 'markdown', language: 'markdown', source });

/** A new notebook: the loop written down once (question → hypothesis → run → what was learned → next step). */
export function experimentTemplate(script: string): NotebookFileCell[] {
  return [
    markdown([
      '# Experiment: what limits the model?',
      '',
      'Each pass of the loop is a few cells: a question, a hypothesis, a run, what it taught you, and the next step.',
      'Run cells hold a run spec in YAML or JSON; a list in `params` makes a sweep. The file keeps run ids, not results,',
      'so every output is read fresh from the run store and the notebook diffs cleanly in git.',
      '',
      '## Question',
      '',
      'How good is a small baseline, and is its error bias (underfitting) or variance (overfitting)?',
      '',
      '## Hypothesis',
      '',
      'A small MLP trained for a few epochs gets most of the way; the gap between train and dev error will say what to try next.',
    ].join('\n')),
    {
      kind: 'code',
      language: 'yaml',
      source: [
        'name: baseline',
        `script: ${script}`,
        'params:',
        '  model: mlp',
        '  lr: 0.01',
        '  epochs: 10',
        'tags:',
        '  stage: baseline',
      ].join('\n'),
    },
    markdown([
      '## What was learned',
      '',
      '- Train vs dev accuracy: …',
      '- Bias or variance? Open *Bias & variance* in the output above. Which examples fail? *Error analysis*.',
      '',
      '## Next step',
      '',
      'Change one thing and run again, e.g. a learning-rate sweep: `lr: [0.1, 0.01, 0.001]`. Then compare:',
    ].join('\n')),
    { kind: 'code', language: 'yaml', source: ['compare: all', 'metric: accuracy'].join('\n') },
  ];
}

function specText(run: RunDetail): string {
  const tags = Object.fromEntries(Object.entries(run.tags).filter(([key]) => !key.startsWith('mlcycle.')));
  const spec: Record<string, unknown> = { name: run.name, script: run.script ?? '' };
  if (Object.keys(run.params).length) spec.params = run.params;
  if (Object.keys(tags).length) spec.tags = tags;
  if (run.experiment !== DEFAULT_EXPERIMENT) spec.experiment = run.experiment;
  const text = stringify(spec).trimEnd();
  return run.script ? text : `# This run was not started by mlcycle, so its script is unknown: set "script" to run it again.\n${text}`;
}

/** A markdown cell saying what the run was and a run cell holding its spec and id (a sweep's: its children's). */
export function documentRunCells(run: RunDetail, childIds: string[]): NotebookFileCell[] {
  const when = new Date(run.startedAt ?? run.createdAt).toISOString().replace('T', ' ').slice(0, 16);
  const facts = [`\`${run.id}\``, run.status, when, run.script ? `\`${run.script}\`` : undefined, run.gitCommit ? `git ${run.gitCommit.slice(0, 8)}${run.gitDirty ? ' (with uncommitted changes)' : ''}` : undefined];
  const lines = [`### ${childIds.length ? 'Sweep' : 'Run'}: ${run.name}`, '', facts.filter(Boolean).join(' · ')];
  if (run.notes.trim()) lines.push('', run.notes.trim());
  lines.push('', '*What did this run show?* …');
  const cell: NotebookFileCell = { kind: 'code', language: 'yaml', source: specText(run), ...(childIds.length ? { sweepId: run.id, runIds: childIds } : { runIds: [run.id] }) };
  return [markdown(lines.join('\n')), cell];
}
