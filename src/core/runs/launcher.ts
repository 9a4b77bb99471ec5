import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { sha256File } from '../store/files';
import type { Store } from '../store/store';
import type { RunStatus } from '../store/types';
import { captureEnvironment, captureGitState } from './capture';
import { assertScriptExists } from './interpreter';
import { LogLineApplier } from './logApplier';
import { LineSplitter, TailLines, ThrottledOutput } from './outputBuffer';
import { expandGrid, paramsToArgs, type Params } from './params';
import { killProcessTree } from './processTree';
import type { RunSpec } from './runSpec';
import { ProcessTreeSampler, sampleGpus } from './systemMetrics';

export interface LaunchRequest {
  spec: RunSpec;
  /** The workspace folder: scripts run here, relative paths resolve here. */
  cwd: string;
  /** The interpreter's argument array, e.g. ['/usr/bin/python3']; the script and its params follow it. */
  interpreter: string[];
  parentRunId?: string;
}

export interface RunOutcome {
  runId: string;
  status: Extract<RunStatus, 'finished' | 'failed' | 'killed'>;
  exitCode: number | null;
  /** For a failure: what went wrong, in words (with the last lines of stderr). */
  message?: string;
  stderrTail: string[];
}

export interface LauncherOptions {
  /** The bundled Python client's folder (put on PYTHONPATH). */
  pythonClientDir: string;
  maxParallel?: number;
  systemMetricsIntervalMs?: number;
  stopGraceMs?: number;
  /** Variables removed from the script's environment: the editor's own, which would confuse a script. */
  environmentDenyList?: RegExp;
}

interface LauncherEvents {
  output: [runId: string, text: string];
  status: [runId: string, status: RunStatus];
  metric: [runId: string, key: string, context: string, value: number, step: number | undefined];
  problem: [runId: string, message: string];
}

interface QueuedRun {
  runId: string;
  request: LaunchRequest;
  resolve: (outcome: RunOutcome) => void;
}

interface ActiveRun {
  /** Unset while git and the environment are captured, before the script starts. */
  child?: ChildProcess;
  stopping: boolean;
}

const defaultDenyList = /^(ELECTRON_|VSCODE_|MLCYCLE_|NODE_OPTIONS$|APPLICATION_INSIGHTS)/;

/**
 * Starts training scripts as runs: a row in the store for each, a queue with bounded parallelism, the script
 * spawned with an argument array (never a shell), its `@mlcycle` lines written to the store as they arrive,
 * its output kept as a log artifact, and its process tree stopped on request.
 */
export class RunLauncher extends EventEmitter<LauncherEvents> {
  private readonly queue: QueuedRun[] = [];
  private readonly active = new Map<string, ActiveRun>();
  private readonly outcomes = new Map<string, Promise<RunOutcome>>();
  private maxParallel: number;

  constructor(private readonly store: Store, private readonly options: LauncherOptions) {
    super();
    this.maxParallel = Math.max(1, options.maxParallel ?? 1);
  }

  setMaxParallel(value: number): void {
    this.maxParallel = Math.max(1, value);
    this.startQueued();
  }

  /** Queues one run; a spec whose params hold lists becomes a sweep (see `launchSweep`). Returns its run id. */
  launch(request: LaunchRequest): string {
    assertScriptExists(request.spec.script, request.cwd);
    const run = this.store.createRun({
      name: request.spec.name || this.defaultName(request.spec.script, request.spec.params),
      experiment: request.spec.experiment,
      status: 'queued',
      script: request.spec.script,
      cwd: request.cwd,
      command: [...request.interpreter, request.spec.script, ...paramsToArgs(request.spec.params)],
      parentRunId: request.parentRunId ?? null,
    });
    this.store.logParams(run.id, request.spec.params);
    if (Object.keys(request.spec.tags).length) this.store.setTags(run.id, request.spec.tags);
    this.outcomes.set(run.id, new Promise((resolve) => this.queue.push({ runId: run.id, request, resolve })));
    this.emit('status', run.id, 'queued');
    this.startQueued();
    return run.id;
  }

  /**
   * Lists in params expand into the grid of runs, queued under one parent run that records the sweep and
   * ends when its children have.
   */
  launchSweep(request: LaunchRequest): { parentId: string; childIds: string[] } {
    assertScriptExists(request.spec.script, request.cwd);
    const grid = expandGrid(request.spec.params);
    const parent = this.store.createRun({
      name: request.spec.name || `sweep of ${request.spec.script} (${grid.length} runs)`,
      experiment: request.spec.experiment,
      status: 'running',
      script: request.spec.script,
      cwd: request.cwd,
      startedAt: Date.now(),
    });
    this.store.logParams(parent.id, request.spec.params);
    this.store.setTags(parent.id, { ...request.spec.tags, 'mlcycle.sweep': String(grid.length) });
    this.emit('status', parent.id, 'running');
    const childIds = grid.map((params) => this.launch({ ...request, parentRunId: parent.id, spec: { ...request.spec, name: this.defaultName(request.spec.script, params, request.spec.name), params } }));
    void Promise.all(childIds.map((id) => this.outcomes.get(id)!)).then((outcomes) => {
      const status = outcomes.every((o) => o.status === 'finished') ? 'finished' : outcomes.some((o) => o.status === 'killed') ? 'killed' : 'failed';
      this.store.setRunStatus(parent.id, status);
      this.emit('status', parent.id, status);
    });
    return { parentId: parent.id, childIds };
  }

  /** Resolves when the run has ended (immediately for a run this launcher does not know). */
  outcome(runId: string): Promise<RunOutcome> | undefined {
    return this.outcomes.get(runId);
  }

  runningIds(): string[] {
    return [...this.active.keys()];
  }

  queuedIds(): string[] {
    return this.queue.map((q) => q.runId);
  }

  /** SIGTERM to the run's whole process tree, SIGKILL after the grace period; a queued run is just dropped. */
  async stop(runId: string): Promise<void> {
    const queued = this.queue.findIndex((q) => q.runId === runId);
    if (queued >= 0) {
      const [entry] = this.queue.splice(queued, 1);
      this.store.setRunStatus(runId, 'killed', { error: 'stopped before it started' });
      this.emit('status', runId, 'killed');
      entry.resolve({ runId, status: 'killed', exitCode: null, stderrTail: [] });
      return;
    }
    const active = this.active.get(runId);
    if (!active) return;
    active.stopping = true;
    if (active.child?.pid) await killProcessTree(active.child.pid, this.options.stopGraceMs ?? 5000);
    await this.outcomes.get(runId);
  }

  async dispose(): Promise<void> {
    for (const q of this.queue.splice(0)) {
      this.store.setRunStatus(q.runId, 'killed', { error: 'the editor closed before it started' });
      q.resolve({ runId: q.runId, status: 'killed', exitCode: null, stderrTail: [] });
    }
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }

  private defaultName(script: string, params: Params, prefix?: string): string {
    const shown = Object.entries(params).filter(([, v]) => !Array.isArray(v)).slice(0, 4).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return [prefix ?? script, ...shown].join(' ');
  }

  private startQueued(): void {
    while (this.active.size < this.maxParallel && this.queue.length) {
      const next = this.queue.shift()!;
      void this.execute(next);
    }
  }

  private environment(request: LaunchRequest, runId: string): NodeJS.ProcessEnv {
    const deny = this.options.environmentDenyList ?? defaultDenyList;
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !deny.test(key)));
    env.MLCYCLE_DB = this.store.path;
    env.MLCYCLE_RUN_ID = runId;
    env.MLCYCLE_PARAMS = JSON.stringify(request.spec.params);
    env.PYTHONPATH = [this.options.pythonClientDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
    env.PYTHONUNBUFFERED = '1';
    // The editor shows runs live, so the Python client writes twice a second rather than once.
    env.MLCYCLE_FLUSH_SECONDS = '0.5';
    return env;
  }

  private async execute({ runId, request, resolve }: QueuedRun): Promise<void> {
    // The slot is taken before the first await, so the queue never starts more than maxParallel runs.
    const active: ActiveRun = { stopping: false };
    this.active.set(runId, active);
    const artifactDir = this.store.artifactDir(runId);
    mkdirSync(artifactDir, { recursive: true });
    const [git, environment] = await Promise.all([captureGitState(request.cwd), captureEnvironment(request.interpreter, request.cwd)]);
    const args = [...request.interpreter.slice(1), request.spec.script, ...paramsToArgs(request.spec.params)];
    const log = createWriteStream(join(artifactDir, 'output.log'));
    const applier = new LogLineApplier(this.store, runId, { cwd: request.cwd, onProblem: (message) => this.emit('problem', runId, message) });
    const stderrTail = new TailLines(20);
    const live = new ThrottledOutput((text) => this.emit('output', runId, text));
    let child: ChildProcess;
    try {
      this.store.db.prepare('UPDATE runs SET git_commit = ?, git_branch = ?, git_dirty = ?, environment = ? WHERE id = ?').run(
        git?.commit ?? null, git?.branch ?? null, git ? Number(git.dirty) : null, JSON.stringify(environment), runId,
      );
      if (git?.diff) writeFileSync(join(artifactDir, 'git.diff'), git.diff);
      if (active.stopping) throw new Error('stopped before it started');
      child = spawn(request.interpreter[0], args, { cwd: request.cwd, env: this.environment(request, runId), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      if (active.stopping) {
        log.end();
        return this.finish(runId, resolve, { runId, status: 'killed', exitCode: null, stderrTail: [] });
      }
      log.end();
      return this.finish(runId, resolve, { runId, status: 'failed', exitCode: null, message: `could not start ${request.interpreter[0]}: ${(error as Error).message}`, stderrTail: [] });
    }
    active.child = child;
    this.store.setRunStatus(runId, 'running');
    this.emit('status', runId, 'running');
    live.write(`$ ${[request.interpreter[0], ...args].join(' ')}\n`);
    const sampler = this.sampleSystemMetrics(runId, child);

    const stdout = new LineSplitter();
    const stderr = new LineSplitter();
    // Backpressure: a script that floods its output waits for the log file instead of filling memory.
    let paused = false;
    const writeLog = (line: string) => {
      if (log.write(`${line}\n`) || paused) return;
      paused = true;
      child.stdout!.pause();
      child.stderr!.pause();
      log.once('drain', () => {
        paused = false;
        child.stdout!.resume();
        child.stderr!.resume();
      });
    };
    const onStdoutLine = (line: string) => {
      const parsed = applier.accept(line);
      if (parsed.type === 'event') {
        if (parsed.event.kind === 'metrics') for (const p of parsed.event.points) this.emit('metric', runId, p.key, p.context ?? '', p.value, p.step);
        return;
      }
      writeLog(line);
      live.write(parsed.malformed ? `${line}\n[mlcycle: this line was not understood: ${parsed.malformed}]\n` : `${line}\n`);
    };
    const onStderrLine = (line: string) => {
      writeLog(line);
      stderrTail.add(line);
      live.write(`${line}\n`);
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk, onStdoutLine));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk, onStderrLine));

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((done) => {
      child.once('error', (error) => done({ code: null, signal: null, error }));
      child.once('close', (code, signal) => done({ code, signal }));
    });
    clearInterval(sampler);
    stdout.end(onStdoutLine);
    stderr.end(onStderrLine);
    live.flush();
    if (!active.stopping && child.pid) await killProcessTree(child.pid, 1000);
    await applier.close();
    await new Promise<void>((done) => log.end(done));
    await this.keepArtifact(runId, artifactDir, 'output.log', 'log');
    if (git?.diff) await this.keepArtifact(runId, artifactDir, 'git.diff', 'diff');

    let outcome: RunOutcome;
    if (exit.error) {
      const missing = (exit.error as NodeJS.ErrnoException).code === 'ENOENT';
      outcome = { runId, status: 'failed', exitCode: null, stderrTail: [], message: missing ? `the interpreter "${request.interpreter[0]}" was not found. Install it or choose another (mlcycle.pythonPath, mlcycle.interpreters).` : `could not start the script: ${exit.error.message}` };
    } else if (active.stopping) {
      outcome = { runId, status: 'killed', exitCode: exit.code, stderrTail: stderrTail.get() };
    } else if (exit.code === 0) {
      outcome = { runId, status: 'finished', exitCode: 0, stderrTail: stderrTail.get() };
    } else {
      const how = exit.code !== null ? `exited with code ${exit.code}` : `was ended by ${exit.signal}`;
      const tail = stderrTail.get().slice(-5).join('\n');
      outcome = { runId, status: 'failed', exitCode: exit.code, stderrTail: stderrTail.get(), message: `${request.spec.script} ${how}${tail ? `:\n${tail}` : ''}` };
    }
    if (applier.counts.malformed) this.emit('problem', runId, `${applier.counts.malformed} @mlcycle line(s) were not understood; they are kept as ordinary output (see docs/LOG_PROTOCOL.md).`);
    this.active.delete(runId);
    this.finish(runId, resolve, outcome);
  }

  private finish(runId: string, resolve: (o: RunOutcome) => void, outcome: RunOutcome): void {
    this.active.delete(runId);
    this.store.setRunStatus(runId, outcome.status, { exitCode: outcome.exitCode, error: outcome.message ?? null });
    this.emit('status', runId, outcome.status);
    resolve(outcome);
    this.startQueued();
  }

  private async keepArtifact(runId: string, dir: string, name: string, kind: string): Promise<void> {
    try {
      const digest = await sha256File(join(dir, name));
      this.store.addArtifact(runId, { path: relative(dir, join(dir, name)), kind, ...digest });
    } catch (error) {
      this.emit('problem', runId, `could not keep ${name}: ${(error as Error).message}`);
    }
  }

  /** CPU %, resident memory (and GPUs where nvidia-smi exists) of the run's tree, as metrics in context "system". */
  private sampleSystemMetrics(runId: string, child: ChildProcess): NodeJS.Timeout {
    const sampler = new ProcessTreeSampler(child.pid!);
    sampler.sample();
    let step = 0;
    const timer = setInterval(async () => {
      const sample = sampler.sample();
      if (!sample) return;
      const gpus = await sampleGpus();
      const points = [
        { key: 'cpu_percent', value: sample.cpuPercent, step, context: 'system' },
        { key: 'memory_mb', value: sample.rssMb, step, context: 'system' },
        ...(gpus ?? []).flatMap((gpu, i) => [
          { key: `gpu${i}_utilization_percent`, value: gpu.utilizationPercent, step, context: 'system' },
          { key: `gpu${i}_memory_mb`, value: gpu.memoryMb, step, context: 'system' },
        ]),
      ];
      step++;
      try {
        this.store.logMetrics(runId, points);
      } catch {
        // a busy store skips one sample rather than stalling the run
      }
    }, this.options.systemMetricsIntervalMs ?? 3000);
    timer.unref();
    return timer;
  }
}

