/** Log sink injected into the engine and triggers; the extension and the CLI provide one. */
export interface Logger {
	trace(message: string, meta?: Record<string, unknown>): void;
	debug(message: string, meta?: Record<string, unknown>): void;
	info(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
	error(message: string, meta?: Record<string, unknown>): void;
}

/** A logger that drops everything, for tests and benchmarks. */
export const silentLogger: Logger = {
	trace() {},
	debug() {},
	info() {},
	warn() {},
	error() {},
};
