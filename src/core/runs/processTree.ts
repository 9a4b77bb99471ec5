import { readFileSync, readdirSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  pgid: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
  rssPages: number;
}

/** /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields are read after the last ')'. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3 of stat(5)); ppid is field 4, pgrp 5, utime 14, stime 15, rss 24.
  if (fields[0] === 'Z') return undefined;
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), cpuTicks: Number(fields[11]) + Number(fields[12]), rssPages: Number(fields[21]) };
}

function allProcesses(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** The root and every live descendant (children that changed process group included). */
export function processTree(rootPid: number): ProcStat[] {
  const all = allProcesses();
  const byParent = new Map<number, ProcStat[]>();
  for (const stat of all) byParent.set(stat.ppid, [...(byParent.get(stat.ppid) ?? []), stat]);
  const root = all.find((s) => s.pid === rootPid);
  if (!root) return [];
  const tree: ProcStat[] = [];
  const queue = [root];
  while (queue.length) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(byParent.get(next.pid) ?? []));
  }
  return tree;
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Stops a run's whole tree: SIGTERM to its process group and every descendant, then SIGKILL to whatever is left
 * after the grace period. Resolves once no process of the tree is alive.
 */
export async function killProcessTree(rootPid: number, graceMs = 5000): Promise<void> {
  const tree = processTree(rootPid).map((s) => s.pid);
  try {
    process.kill(-rootPid, 'SIGTERM');
  } catch {
    // not a group leader, or gone
  }
  signalAll(tree, 'SIGTERM');
  const alive = () => tree.filter((pid) => readProcStat(pid) !== undefined);
  const deadline = Date.now() + graceMs;
  while (alive().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const left = [...new Set([...alive(), ...processTree(rootPid).map((s) => s.pid)])];
  if (!left.length) return;
  try {
    process.kill(-rootPid, 'SIGKILL');
  } catch {
    // not a group leader, or gone
  }
  signalAll(left, 'SIGKILL');
  const hardDeadline = Date.now() + 5000;
  while (alive().length && Date.now() < hardDeadline) await new Promise((r) => setTimeout(r, 20));
}
