export { runsTableToCsv, type CsvOptions } from './csv';
export { loadMetricParamScatter, loadParallelCoordinates, type AxisModel, type ParallelCoordinatesModel, type ParallelCoordinatesOptions, type ScatterModel } from './parallel';
export { loadParamsDiff, type ParamsDiffModel, type ParamsDiffRow } from './paramsDiff';
export { loadRunsTable, type RunsTableOptions } from './runsTable';
export { emaSmooth } from './smoothing';
export type { Cell, ColumnInfo, ColumnKind, ColumnValueType, QueryErrorView, RunStatus, RunsTableModel, RunsTableRow, SortSpec, TableColumn } from './viewModels';
