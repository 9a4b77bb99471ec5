import type { RunsTablePageQuery, RunsTableQuery } from '../core/compare/runsTablePager';
import type { Cell, ColumnInfo, QueryErrorView, RunStatus, RunsTableModel, RunsTableRow, SortSpec, TableColumn } from '../core/compare/viewModels';

export type { Cell, ColumnInfo, QueryErrorView, RunStatus, RunsTableModel, RunsTablePageQuery, RunsTableQuery, RunsTableRow, SortSpec, TableColumn };

/** A page of the table, or why the filter cannot be read (the box shows the caret under the offending token). */
export type RunsTablePage = { ok: true; model: RunsTableModel } | { ok: false; error: QueryErrorView };

/** The focused run in the details pane: everything a person reads or edits about one run. */
export interface RunDetailsView {
  id: string;
  name: string;
  status: RunStatus;
  experiment: string;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  script: string | null;
  command: string[];
  gitCommit: string | null;
  gitBranch: string | null;
  gitDirty: boolean | null;
  exitCode: number | null;
  error: string | null;
  parentRunId: string | null;
  notes: string;
  tags: { key: string; value: string }[];
  /** A string as it is, any other value as its JSON text. */
  params: { key: string; value: string }[];
  /** Non-finite values as 'NaN', 'Infinity', '-Infinity' (JSON has no such numbers). */
  metrics: { key: string; context: string; last: Cell; min: Cell; max: Cell; count: number }[];
  artifacts: { path: string; size: number }[];
}

export type RunsTableRequests = {
  page: { params: RunsTablePageQuery; result: RunsTablePage };
  /** Every run id the query matches, in table order: "select all". */
  allIds: { params: RunsTableQuery; result: string[] };
  /** Where a run sits in the table, -1 when the filter leaves it out. */
  rowIndex: { params: RunsTableQuery & { runId: string }; result: number };
  runDetails: { params: { runId: string }; result: RunDetailsView | null };
  rename: { params: { runId: string; name: string }; result: null };
  setNotes: { params: { runId: string; notes: string }; result: null };
  setTag: { params: { runId: string; key: string; value: string }; result: null };
  deleteTag: { params: { runId: string; key: string }; result: null };
  compare: { params: { runIds: string[] }; result: null };
  /** Saves the table as shown (every matching row) where the user picks; null when they cancel. */
  exportCsv: { params: RunsTableQuery & { onlyDiffering: boolean }; result: { path: string | null } };
};

export type RunsTableNotification =
  | { type: 'storeChanged' }
  /** Show this run: select its row if the filter keeps it, and open its details. */
  | { type: 'focusRun'; runId: string }
  | { type: 'setFilter'; filter: string };

/** What the panel keeps across hide, show and window reloads (webview state). */
export interface RunsTableState {
  filter: string;
  sort: SortSpec | null;
  /** Chosen column ids; null for the default set. */
  columns: string[] | null;
  onlyDiffering: boolean;
  selected: string[];
  focusedRunId: string | null;
  scrollTop: number;
}
