/**
 * Errors by fault. Each carries a stable snake_case `code` that tests, run records and the
 * webview match on; the message is for people.
 */

/** Base of every error Wireflow raises on purpose. */
export abstract class WireflowError extends Error {
	abstract readonly fault: 'user' | 'operational' | 'bug' | 'cancellation';

	constructor(
		readonly code: string,
		message: string,
		readonly details?: Record<string, unknown>,
	) {
		super(message);
		this.name = new.target.name;
	}
}

/** A problem in what the user wrote: a workflow, an expression, a cron, an input. */
export class UserError extends WireflowError {
	readonly fault = 'user';
}

/** A failure of the world outside: a busy port, an HTTP error, a missing file. */
export class OperationalError extends WireflowError {
	readonly fault = 'operational';
}

/** A broken invariant inside Wireflow; never raised for bad user input. */
export class BugError extends WireflowError {
	readonly fault = 'bug';
}

/** Work stopped because someone asked; callers treat it as an outcome, not a failure. */
export class CancellationError extends WireflowError {
	readonly fault = 'cancellation';

	constructor(message = 'cancelled') {
		super('cancelled', message);
	}
}

/** Returns the `code` of a Wireflow error, or `internal_error` for anything else. */
export function errorCode(error: unknown): string {
	return error instanceof WireflowError ? error.code : 'internal_error';
}

/** Returns the message of any thrown value. */
export function errorMessage(error: unknown): string {
	if (error instanceof Error) {
		return error.message;
	}
	return String(error);
}
