/**
 * Messages of the Data Explorer custom editor (one per open data file). The engine's results (profile, drift, diff)
 * travel as the plain JSON core returns; the rest are small view models declared here.
 */
import type { DriftReport } from '../core/data/drift/types';
import type { DatasetFormat, DatasetProfile } from '../core/data/profile/types';
import type { ProfileDiff } from '../core/data/profileDiff';
import type { ColumnSchema } from '../core/data/schema';

export type { DriftReport, DatasetProfile, ProfileDiff, ColumnSchema };

/** A grid cell: text, a number, a boolean or missing (temporal and nested values arrive as text). */
export type CellValue = string | number | boolean | null;

/** What the editor shows at once: schema and first rows, read without scanning the file. */
export interface QuickLookView {
  fileName: string;
  /** Path relative to the workspace (absolute outside it). */
  displayPath: string;
  format: DatasetFormat;
  sizeBytes: number;
  columns: ColumnSchema[];
  rows: CellValue[][];
  rowCount: number | null;
  estimatedRowCount: number | null;
  notices: string[];
  elapsedMs: number;
}

/** Why a file cannot be shown, in the engine's words, with where it went wrong when known. */
export interface FileProblem {
  message: string;
  problem: string;
  line?: number;
  offset?: number;
  /** Ragged rows: reading leniently (pad short rows, drop extra fields) would work. */
  canReadLeniently: boolean;
}

export type OpenResult = { ok: true; quickLook: QuickLookView } | { ok: false; problem: FileProblem };

export type ProfileResult = { state: 'done'; profile: DatasetProfile } | { state: 'cancelled' } | { state: 'failed'; problem: FileProblem };

export interface RowsRequest {
  offset: number;
  limit: number;
  orderBy?: { column: string; direction: 'asc' | 'desc' };
  where?: string;
}

export interface RowsPageView {
  /** The columns as a full read typed them (a column can turn out to be text further down than the quick look saw). */
  columns: ColumnSchema[];
  rows: CellValue[][];
  /** Each row's 0-based position among the file's data rows; null when the engine cannot number them (a filtered page of a very wide file). */
  rowNumbers: number[] | null;
  offset: number;
  totalRows: number;
  fileRows: number;
  where: string;
  elapsedMs: number;
}

/** A registered version as the explorer names it. */
export interface VersionView {
  id: number;
  /** 1 for the oldest version of this file. */
  number: number;
  sha256: string;
  rows: number | null;
  columns: number | null;
  createdAt: number;
  /** Runs that logged this version with log_dataset. */
  runs: { runId: string; runName: string; role: string }[];
  hasProfile: boolean;
}

export type VersionStatusView =
  | { state: 'no-store' }
  | { state: 'unregistered' }
  | { state: 'unchanged'; version: VersionView; versionCount: number }
  | { state: 'changed'; latest: VersionView; matchesOlder: VersionView | null; versionCount: number };

export type RegisterResult = { state: 'done'; message: string } | { state: 'cancelled' };

export type ChangesResult =
  | { state: 'done'; diff: ProfileDiff; before: VersionView; fileName: string }
  | { state: 'cancelled' }
  | { state: 'unavailable'; message: string };

/** What the current file is compared with: another data file or a registered version's stored snapshot. */
export type ComparisonTarget = { kind: 'file'; path: string } | { kind: 'version'; versionId: number };

export type DriftResult =
  | { state: 'done'; report: DriftReport; target: ComparisonTarget; referenceLabel: string; currentLabel: string; swapped: boolean }
  | { state: 'cancelled' }
  | { state: 'failed'; message: string };

export type DataExplorerRequests = {
  /** Open the file (leniently when asked; again from disk on reload) and return its quick look, or say why it cannot be read. */
  open: { params: { lenient: boolean; reload?: boolean }; result: OpenResult };
  /** Profile the whole file behind a cancellable progress notification. */
  profile: { params: { labelColumn?: string }; result: ProfileResult };
  rows: { params: RowsRequest; result: RowsPageView };
  versionStatus: { params: Record<string, never>; result: VersionStatusView };
  register: { params: Record<string, never>; result: RegisterResult };
  changes: { params: Record<string, never>; result: ChangesResult };
  /** Without a target the person picks one (another file or a version); undefined when they dismiss the picker. */
  compare: { params: { target?: ComparisonTarget; swapped?: boolean }; result: DriftResult | undefined };
  openAsText: { params: Record<string, never>; result: void };
};

export type ExplorerTab = 'profile' | 'rows' | 'drift' | 'changes';

export type DataExplorerNotification =
  | { type: 'progress'; task: 'profile' | 'drift' | 'register'; fraction: number; message: string }
  | { type: 'progressDone'; task: 'profile' | 'drift' | 'register' }
  /** Show the rows whose `column` (default: the id-like column) equals `value`, e.g. an example id from error analysis. */
  | { type: 'revealRow'; column?: string; value: string }
  /** A profile computed outside the webview's own request (e.g. while registering a version). */
  | { type: 'profile'; profile: DatasetProfile }
  /** The file or its versions changed: ask for the status again. */
  | { type: 'versionsChanged' }
  /** Run the comparison picker (the editor toolbar's "Compare With…"). */
  | { type: 'compareRequested' }
  | { type: 'fileChangedOnDisk' };
