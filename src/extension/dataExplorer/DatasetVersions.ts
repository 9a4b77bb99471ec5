import * as vscode from 'vscode';
import { existsSync, promises as fs } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { hashFile, registerDatasetVersion, type DatasetProfile, type DatasetSession } from '../../core/data';
import { snapshotPath, writeSnapshot } from '../../core/workspace/datasetSnapshots';
import { fileVersionStatus, versionProfile, versionRecord, versionsOfFiles, type FileVersion } from '../../core/workspace/datasetVersions';
import type { VersionStatusView } from '../../protocol/dataExplorer';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';

export function versionDate(createdAt: number): string {
  return new Date(createdAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Registered versions of the workspace's data files, as the explorer, the Datasets view and the commands see them. */
export class DatasetVersions {
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  constructor(private readonly services: ExtensionServices, private readonly stores: StoreService) {}

  get root(): string | undefined {
    return this.services.workspaceRoot;
  }

  /** The key a file is registered under: its workspace-relative path, or its absolute path outside the workspace. */
  keyOf(path: string): string {
    const root = this.root;
    if (!root) return path;
    const rel = relative(root, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
  }

  absolute(key: string): string {
    return isAbsolute(key) || !this.root ? key : join(this.root, key);
  }

  /** Versions of each file (keys as keyOf gives them), newest first; none when there is no store yet. */
  versionsOf(keys: string[]): Map<string, FileVersion[]> {
    const store = this.stores.get();
    if (!store) return new Map(keys.map((k) => [k, []]));
    return versionsOfFiles(store.db, this.root ?? '', keys);
  }

  async status(path: string, signal?: AbortSignal): Promise<VersionStatusView> {
    if (!this.stores.get()) return { state: 'no-store' };
    const versions = this.versionsOf([this.keyOf(path)]).get(this.keyOf(path)) ?? [];
    if (!versions.length) return { state: 'unregistered' };
    return fileVersionStatus(versions, await this.sha256(path, signal));
  }

  /** The file's content hash, remembered while its size and modification time stay the same. */
  async sha256(path: string, signal?: AbortSignal): Promise<string> {
    const stat = await fs.stat(path);
    const known = this.hashes.get(path);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.sha256;
    const sha256 = await hashFile(path, { signal });
    this.hashes.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, sha256 });
    return sha256;
  }

  /** Store the file's hash and profile as a version, and its rows as a snapshot for later comparisons. */
  async register(session: DatasetSession, profile: DatasetProfile, signal: AbortSignal): Promise<string> {
    const store = this.stores.require();
    const key = this.keyOf(session.path);
    const { version, created } = await registerDatasetVersion(store.db, session.path, profile, { key, signal });
    await writeSnapshot(session, snapshotPath(store.path, version.sha256), { signal });
    this.stores.notifyChanged();
    const number = (this.versionsOf([key]).get(key) ?? []).find((v) => v.sha256 === version.sha256)?.number ?? 1;
    const facts = `${profile.rowCount.toLocaleString('en-US')} rows, ${profile.columnCount} columns, sha256 ${version.sha256.slice(0, 12)}`;
    return created ? `Registered ${key} as version ${number} (${facts}).` : `${key} is already version ${number} (${facts}); its stored profile was updated.`;
  }

  /** The stored rows of a version, when it was registered from the editor (a run's log_dataset keeps only the hash). */
  snapshotOf(sha256: string): string | undefined {
    const store = this.stores.get();
    if (!store) return undefined;
    const file = snapshotPath(store.path, sha256);
    return existsSync(file) ? file : undefined;
  }

  profileOf(versionId: number): DatasetProfile | null {
    const store = this.stores.get();
    return store ? versionProfile(store.db, versionId) : null;
  }

  record(versionId: number): { key: string; sha256: string; createdAt: number } | undefined {
    const store = this.stores.get();
    return store ? versionRecord(store.db, versionId) : undefined;
  }

  /** Whether any store commit or file save may have changed what versions show. */
  onDidChange(listener: () => void): vscode.Disposable {
    return this.stores.onDidChange(listener);
  }
}
