/**
 * An error the user can cause and fix (a bad file, query, parameter or store): its message says what was wrong
 * and what to do, so the CLI prints it as one line (exit 2) and the extension shows it as a notification.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The user stopped a long operation (an AbortSignal fired): not a failure, nothing to report. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'AbortError';
  }
}
