import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder for one test's store: `<tmp>/mlcycle-<label>-XXXX/.mlcycle/mlcycle.db` is the default layout. */
export function tempStorePath(label: string): string {
  return join(mkdtempSync(join(tmpdir(), `mlcycle-${label}-`)), '.mlcycle', 'mlcycle.db');
}
