import { type ParseArgsConfig, parseArgs } from 'node:util';
/** Exit code of a run that failed or was cancelled. */
export const EXIT_RUN_FAILED = 1;

/** Exit code of an invalid workflow or a usage mistake. */
export const EXIT_USAGE = 2;

/** Output streams and working folder of the CLI, injected so tests can capture them. */
export interface CliIo {
	stdout(text: string): void;
	stderr(text: string): void;
	/** Whether stderr takes ANSI colours. */
	color: boolean;
	cwd: string;
	/** Environment variables, such as accounts; `process.env` when unset. */
	env?: NodeJS.ProcessEnv;
}

/** A mistake in the command line; printed without a stack, exit code 2. */
export class UsageError extends Error {}

const COLORS = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

/** Wraps text in an ANSI colour when the stream takes colours. */
export function paint(io: CliIo, color: keyof typeof COLORS, text: string): string {
	return io.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

/**
 * Parses a command's arguments with `util.parseArgs`; an unknown or malformed option becomes a
 * UsageError that points to the command's help.
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
	command: string,
	argv: string[],
	options: T,
) {
	try {
		return parseArgs({ args: argv, allowPositionals: true, options });
	} catch (error) {
		throw new UsageError(`${(error as Error).message}. See "wireflow ${command} --help".`);
	}
}
