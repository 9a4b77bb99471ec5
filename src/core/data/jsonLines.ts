import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The line that really fails to parse near the one DuckDB names: DuckDB 1.5 reports JSON errors one line further
 * down than the bad line, so check the named line and the one before it.
 */
export async function badJsonLine(path: string, reportedLine: number): Promise<number> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      if (number < reportedLine - 1) continue;
      if (!line.trim()) continue;
      try {
        JSON.parse(line);
      } catch {
        return number;
      }
      if (number >= reportedLine) break;
    }
  } finally {
    lines.close();
  }
  return reportedLine;
}
