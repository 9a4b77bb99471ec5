import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { processTree } from './processTree';

export interface SystemSample {
  cpuPercent: number;
  rssMb: number;
  gpu?: { utilizationPercent: number; memoryMb: number }[];
}

const ticksPerSecond = 100; // USER_HZ on Linux
const pageBytes = 4096;

/** CPU % (100 = one core busy) and resident memory of a process tree, from /proc, between two calls. */
export class ProcessTreeSampler {
  private last: { ticks: number; at: number } | undefined;

  constructor(private readonly rootPid: number) {}

  sample(): SystemSample | undefined {
    const tree = processTree(this.rootPid);
    if (!tree.length) return undefined;
    const ticks = tree.reduce((sum, s) => sum + s.cpuTicks, 0);
    const at = Date.now();
    const cpuPercent = this.last && at > this.last.at ? (((ticks - this.last.ticks) / ticksPerSecond) / ((at - this.last.at) / 1000)) * 100 : 0;
    this.last = { ticks, at };
    return { cpuPercent: Math.max(0, cpuPercent), rssMb: (tree.reduce((sum, s) => sum + s.rssPages, 0) * pageBytes) / 1024 / 1024 };
  }
}

/** GPU utilisation and memory through nvidia-smi where it exists; undefined on machines without it. */
export function sampleGpus(timeoutMs = 2000): Promise<SystemSample['gpu']> {
  const candidates = ['/usr/bin/nvidia-smi', '/usr/local/bin/nvidia-smi'];
  const binary = candidates.find((c) => existsSync(c));
  if (!binary) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(binary, ['--query-gpu=utilization.gpu,memory.used', '--format=csv,noheader,nounits'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return resolve(undefined);
      const gpus = out.trim().split('\n').filter(Boolean).map((line) => {
        const [util, mem] = line.split(',').map((v) => Number(v.trim()));
        return { utilizationPercent: util, memoryMb: mem };
      });
      resolve(gpus.length ? gpus : undefined);
    });
  });
}
