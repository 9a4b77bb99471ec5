import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';

export type Outcome<T> = { state: 'done'; value: T } | { state: 'cancelled' };

export type ReportProgress = (fraction: number, message: string) => void;

/**
 * Run long engine work behind a cancellable progress notification: the notification's Cancel (or `abort`, fired
 * when the editor closes or the work is superseded) aborts the signal the engine listens to. A cancellation comes
 * back as `{ state: 'cancelled' }`; any other failure is thrown to the caller.
 */
export async function withCancellableProgress<T>(
  title: string,
  abort: AbortController,
  work: (signal: AbortSignal, report: ReportProgress) => Promise<T>,
  onReport: ReportProgress = () => {},
): Promise<Outcome<T>> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const cancel = token.onCancellationRequested(() => abort.abort());
    let reported = 0;
    const report: ReportProgress = (fraction, message) => {
      const percent = Math.max(reported, Math.min(100, Math.round(fraction * 100)));
      progress.report({ increment: percent - reported, message: `${message} (${percent}%)` });
      reported = percent;
      onReport(fraction, message);
    };
    try {
      return { state: 'done', value: await work(abort.signal, report) };
    } catch (error) {
      if (error instanceof CancelledError || abort.signal.aborted) return { state: 'cancelled' };
      throw error;
    } finally {
      cancel.dispose();
    }
  });
}
