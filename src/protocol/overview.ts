import type { ReadyMessage } from './messages';

export interface OverviewModel {
  version: string;
  workspaceName: string;
  storePath: string;
  storeExists: boolean;
  trusted: boolean;
  dataFiles: { path: string; sizeLabel: string }[];
}

export type OverviewToExtension = ReadyMessage | { type: 'command'; command: 'openDataFile'; path: string } | { type: 'command'; command: 'refresh' };

export type OverviewToWebview = { type: 'model'; model: OverviewModel };
