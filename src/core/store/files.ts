import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../errors';
import type { Store } from './store';
import type { ArtifactRecord } from './types';

export interface FileDigest {
  sha256: string;
  size: number;
}

/** Streams the file: a multi-gigabyte dataset is hashed without being held in memory or blocking the event loop. */
export async function sha256File(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function copyHashing(source: string, target: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await mkdir(dirname(target), { recursive: true });
  await pipeline(createReadStream(source), tap, createWriteStream(target));
  return { sha256: hash.digest('hex'), size };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))));
  return nested.flat();
}

/**
 * Copies a file (or every file of a folder) into the run's artifact folder under `name` (default: its base name),
 * hashing while copying, and records one artifacts row per file with its path relative to that folder.
 */
export async function storeArtifact(store: Store, runId: string, source: string, name = basename(source)): Promise<ArtifactRecord[]> {
  store.requireRun(runId);
  const root = store.artifactDir(runId);
  const target = resolve(root, name);
  if (isAbsolute(name) || !(target + sep).startsWith(root + sep)) throw new UserError(`artifact name "${name}" must be a relative path inside the run's artifact folder`);
  let info;
  try {
    info = await stat(source);
  } catch {
    throw new UserError(`artifact ${source} does not exist`);
  }
  const sources = info.isDirectory() ? await filesUnder(source) : [source];
  const records: ArtifactRecord[] = [];
  for (const file of sources) {
    const destination = info.isDirectory() ? join(target, relative(source, file)) : target;
    const digest = await copyHashing(file, destination);
    const record = { path: relative(root, destination).split(sep).join('/'), kind: 'file', ...digest, createdAt: Date.now() };
    store.addArtifact(runId, record);
    records.push(record);
  }
  return records;
}
