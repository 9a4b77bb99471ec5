// Plain-JSON view models the runs table and compare webviews render directly (they import these as types).
import type { QueryErrorView } from '../query/errors';
import type { MetricAggregate } from '../query/fields';

export type { QueryErrorView };

/**
 * One value in a table cell. null: the run has no such value. Metrics that are not finite come as the strings
 * 'NaN', 'Infinity' and '-Infinity' (JSON has no such numbers); a param holding an array or object comes as its JSON text.
 */
export type Cell = number | string | boolean | null;

export type ColumnKind = 'attribute' | 'param' | 'metric' | 'tag';
export type ColumnValueType = 'number' | 'text' | 'time' | 'boolean' | 'mixed' | 'empty';
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'killed';

export interface ColumnInfo {
  /** The field as the filter language writes it (`params.lr`, `metrics.acc[dev].min`, `created`): stable, usable in a filter. */
  id: string;
  /** "lr", "acc [dev] (min)", "Created". */
  label: string;
  kind: ColumnKind;
  /** The param, tag or metric key; for an attribute its name. */
  key: string;
  context?: string;
  aggregate?: MetricAggregate;
}

export interface TableColumn extends ColumnInfo {
  /** What the shown rows hold: numbers align right, times and durations format as such. */
  valueType: ColumnValueType;
}

export interface SortSpec {
  column: string;
  direction: 'asc' | 'desc';
}

export interface RunsTableRow {
  id: string;
  name: string;
  status: RunStatus;
  experiment: string;
  experimentId: number;
  /** ms since 1970. */
  created: number;
  /** Seconds; a running run's lasts until the table was read; null before it started. */
  duration: number | null;
  /** One per entry of RunsTableModel.columns, in that order (arrays keep 10,000-row models small and fast to post). */
  cells: Cell[];
}

export interface RunsTableModel {
  filter: string;
  availableColumns: ColumnInfo[];
  columns: TableColumn[];
  sort: SortSpec;
  rows: RunsTableRow[];
  /** Runs matching the filter, before offset and limit. */
  total: number;
  /** Runs in the experiment (or the store) before the filter. */
  totalInScope: number;
  offset: number;
  /** Chosen columns whose value is not the same in every returned row (a missing value differs from any value). */
  differingColumns: string[];
  /** Filter terms that can match nothing, e.g. a metric only logged under a context. */
  warnings: string[];
}
