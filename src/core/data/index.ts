/** The dataset engine: quick look, profile, rows grid, versions and drift, over DuckDB. Everything returned is plain JSON. */
export { DatasetSession, type OpenOptions, type Relation } from './session';
export { DataEngine, type EngineOptions } from './engine';
export { DataFileError, type DataProblem } from './dataErrors';
export { dataFileExtensionsRead, formatOfPath, type DatasetFormat } from './fileCheck';
export type { ColumnSchema, TypeFamily } from './schema';
export type { CellValue } from './values';
export { quickLook, quickLookAt, type QuickLook, type QuickLookOptions } from './quickLook';
export { readRows, readRowsFrom, type RowsPage, type RowsQuery } from './rows';
export { profileDataset, profileSession } from './profile/profileDataset';
export type * from './profile/types';
export { hashFile, registerDatasetVersion, listDatasetVersions, datasetFileStatus, type DatasetVersion, type DatasetFileStatus } from './versions';
export { diffProfiles, type ProfileDiff } from './profileDiff';
export { detectDrift, detectDriftBetween } from './drift/detectDrift';
export type * from './drift/types';
