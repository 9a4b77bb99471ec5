import { arch, cpus, platform, release, totalmem } from 'node:os';
import { spawnText } from './spawnText';

export interface GitState {
  commit: string;
  branch: string | undefined;
  dirty: boolean;
  /** `git diff HEAD` of tracked files when dirty: kept as an artifact so the exact code can be rebuilt. */
  diff: string | undefined;
  untracked: string[];
}

/** The code version of a run; undefined outside a git repository or without git. */
export async function captureGitState(cwd: string): Promise<GitState | undefined> {
  const head = await spawnText('git', ['rev-parse', 'HEAD'], { cwd });
  if (head.code !== 0) return undefined;
  const [branch, status, diff] = await Promise.all([
    spawnText('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd }),
    spawnText('git', ['status', '--porcelain', '--untracked-files=normal'], { cwd }),
    spawnText('git', ['diff', 'HEAD', '--no-color', '--no-ext-diff'], { cwd, maxBytes: 20 * 1024 * 1024 }),
  ]);
  const statusLines = status.stdout.split('\n').filter(Boolean);
  const untracked = statusLines.filter((l) => l.startsWith('??')).map((l) => l.slice(3));
  const dirty = statusLines.length > 0;
  const branchName = branch.stdout.trim();
  return {
    commit: head.stdout.trim(),
    branch: branchName && branchName !== 'HEAD' ? branchName : undefined,
    dirty,
    diff: dirty && diff.stdout ? diff.stdout : undefined,
    untracked,
  };
}

export interface EnvironmentInfo {
  os: string;
  arch: string;
  cpus: number;
  memoryGb: number;
  node: string;
  interpreter?: { command: string[]; version?: string; libraries?: Record<string, string>; error?: string };
}

const pythonProbe = `import sys, json
out = {"version": sys.version.split()[0]}
try:
    from importlib import metadata
    out["libraries"] = {d.metadata["Name"]: d.version for d in metadata.distributions() if d.metadata["Name"]}
except Exception as e:
    out["libraries"] = {}
print(json.dumps(out))`;

/**
 * OS, hardware and the interpreter with its libraries; the interpreter probe is bounded in time so a slow
 * environment never delays the run by more than timeoutMs.
 */
export async function captureEnvironment(interpreter: string[] | undefined, cwd: string, timeoutMs = 4000): Promise<EnvironmentInfo> {
  const info: EnvironmentInfo = {
    os: `${platform()} ${release()}`,
    arch: arch(),
    cpus: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
  if (!interpreter?.length) return info;
  const [command, ...prefix] = interpreter;
  const isPython = /python/i.test(command);
  const probe = isPython
    ? await spawnText(command, [...prefix, '-c', pythonProbe], { cwd, timeoutMs })
    : await spawnText(command, [...prefix, '--version'], { cwd, timeoutMs });
  if (probe.timedOut) {
    info.interpreter = { command: interpreter, error: `no answer within ${timeoutMs} ms` };
  } else if (probe.code !== 0) {
    info.interpreter = { command: interpreter, error: (probe.stderr || probe.stdout).trim().split('\n').pop() };
  } else if (isPython) {
    try {
      const parsed = JSON.parse(probe.stdout.trim().split('\n').pop()!) as { version: string; libraries: Record<string, string> };
      info.interpreter = { command: interpreter, version: parsed.version, libraries: parsed.libraries };
    } catch {
      info.interpreter = { command: interpreter, error: 'the interpreter answered in an unexpected form' };
    }
  } else {
    info.interpreter = { command: interpreter, version: (probe.stdout || probe.stderr).trim().split('\n')[0] };
  }
  return info;
}
