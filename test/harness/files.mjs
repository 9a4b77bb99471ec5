import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** Files below dir (recursive) whose name ends with suffix, sorted. */
export function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) found.push(path);
  }
  return found.sort();
}
