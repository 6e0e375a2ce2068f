import type { Logger } from '../shared/logger';

/** Log levels of `wireflow serve`, least to most severe. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

export type LogLevel = (typeof LEVELS)[number];

/** Field names whose values are replaced before a line is written. */
const SECRET_FIELDS = /key|token|secret|password|authorization/i;

/**
 * A logger for a long-running command: one line per message, `<ISO time> <level> [<scope>]
 * <message> <JSON metadata>`. Lines are collected and written once per event-loop turn, so
 * a burst of runs costs one write, not one per run.
 */
export class BatchedLog {
	private _lines: string[] = [];
	private _scheduled = false;

	constructor(
		private readonly _write: (text: string) => void,
		private readonly _level: LogLevel,
	) {}

	/** Returns a logger whose lines carry the scope, such as `webhook` or `cron`. */
	scoped(scope: string): Logger {
		const threshold = LEVELS.indexOf(this._level);
		const at = (level: LogLevel) => {
			if (LEVELS.indexOf(level) < threshold) {
				return () => {};
			}
			return (message: string, meta?: Record<string, unknown>) =>
				this.push(level, scope, message, meta);
		};
		return {
			trace: at('trace'),
			debug: at('debug'),
			info: at('info'),
			warn: at('warn'),
			error: at('error'),
		};
	}

	/** Writes the lines collected so far. */
	flush(): void {
		this._scheduled = false;
		if (this._lines.length === 0) {
			return;
		}
		const text = this._lines.join('');
		this._lines = [];
		this._write(text);
	}

	private push(
		level: LogLevel,
		scope: string,
		message: string,
		meta?: Record<string, unknown>,
	): void {
		const fields = meta && hasFields(meta) ? ` ${JSON.stringify(redacted(meta))}` : '';
		this._lines.push(
			`${new Date().toISOString()} ${level.padEnd(5)} [${scope}] ${message}${fields}\n`,
		);
		if (!this._scheduled) {
			this._scheduled = true;
			setImmediate(() => this.flush());
		}
	}
}

function hasFields(meta: Record<string, unknown>): boolean {
	for (const _name in meta) {
		return true;
	}
	return false;
}

/** Replaces the string values of top-level fields whose names look like secrets. */
function redacted(meta: Record<string, unknown>): Record<string, unknown> {
	let copy: Record<string, unknown> | undefined;
	for (const name in meta) {
		if (SECRET_FIELDS.test(name) && typeof meta[name] === 'string') {
			copy ??= { ...meta };
			copy[name] = '[redacted]';
		}
	}
	return copy ?? meta;
}
