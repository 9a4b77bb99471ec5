import type Database from 'better-sqlite3';
import { UserError } from '../../core/errors';
import type { ExtensionServices } from '../services';
import type { StoreService } from '../store/StoreService';

/** What the diagnostics panels and commands share. */
export interface DiagnosticsDeps {
  services: ExtensionServices;
  stores: StoreService;
}

/** The store's connection, or a message that says there is nothing to diagnose yet. */
export function storeDb(deps: DiagnosticsDeps): Database.Database {
  const store = deps.stores.get();
  if (!store) throw new UserError('There is no run store in this workspace yet: run a training script first ("mlcycle: Run Training Script…").');
  return store.db;
}
