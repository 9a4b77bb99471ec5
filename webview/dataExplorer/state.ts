import type { ComparisonTarget, ExplorerTab } from '../../src/protocol/dataExplorer';
import { vscodeApi } from '../shared/vscode';

/** Everything a person set in the explorer, kept by VS Code across a reload or a hidden tab. */
export interface ViewState {
  tab: ExplorerTab;
  lenient: boolean;
  /** undefined: not chosen yet (a column named like a label is guessed); null: no label. */
  labelColumn?: string | null;
  where: string;
  sort?: { column: string; direction: 'asc' | 'desc' };
  rowsScrollTop: number;
  rowsScrollLeft: number;
  /** Page scroll of each tab that scrolls as a page. */
  pageScroll: Partial<Record<ExplorerTab, number>>;
  columnFilter: string;
  comparison?: { target: ComparisonTarget; swapped: boolean };
  onlyDrifted: boolean;
}

const defaults: ViewState = { tab: 'profile', lenient: false, where: '', rowsScrollTop: 0, rowsScrollLeft: 0, pageScroll: {}, columnFilter: '', onlyDrifted: false };

const api = vscodeApi<ViewState>();

export const state: ViewState = { ...defaults, ...(api.getState() ?? {}) };

let timer: ReturnType<typeof setTimeout> | undefined;

/** Change the state and save it (saving is batched: scrolling changes it many times a second). */
export function updateState(change: Partial<ViewState>): void {
  Object.assign(state, change);
  clearTimeout(timer);
  timer = setTimeout(() => api.setState(state), 150);
}

export function saveStateNow(): void {
  clearTimeout(timer);
  api.setState(state);
}
