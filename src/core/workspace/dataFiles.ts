import { promises as fs } from 'node:fs';
import { join, relative, extname } from 'node:path';

export const dataFileExtensions = ['.csv', '.tsv', '.jsonl', '.ndjson', '.parquet'] as const;

export interface DataFile {
  /** Path relative to the workspace root, with forward slashes. */
  path: string;
  size: number;
  modifiedAt: number;
}

const skippedDirs = new Set(['node_modules', '.git', '.mlcycle', '__pycache__', '.venv', 'venv']);

/** Data files below root, breadth-first, stopping at `limit` so a huge tree never blocks the caller. */
export async function findDataFiles(root: string, limit = 2000): Promise<DataFile[]> {
  const found: DataFile[] = [];
  const queue = [root];
  while (queue.length && found.length < limit) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name) && !entry.name.startsWith('.')) queue.push(full);
      } else if (entry.isFile() && (dataFileExtensions as readonly string[]).includes(extname(entry.name).toLowerCase())) {
        const stat = await fs.stat(full);
        found.push({ path: relative(root, full).split('\\').join('/'), size: stat.size, modifiedAt: stat.mtimeMs });
        if (found.length >= limit) break;
      }
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
