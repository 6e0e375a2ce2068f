import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
	type LoadedWorkflow,
	type RunEvent,
	WorkflowFileCache,
	accountsFromEnvironment,
	checkAccounts,
	loadWorkflowFile,
	runWorkflow,
} from '../engine';
import type { AccountResolver } from '../shared/accounts';
import { OperationalError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { NodeRunRecord, RunRecord } from '../shared/model';
import { formatProblem } from '../shared/problems';
import { type CliIo, EXIT_RUN_FAILED, EXIT_USAGE, UsageError, paint, parseCommandArgs } from './io';

const HELP = `Usage: wireflow run FILE [options]

Runs a workflow once, as a manual run. Progress goes to stderr, one line per node;
the run's output goes to stdout as JSON.

Options:
  -i, --input JSON      Trigger data, as JSON text or @path/to/file.json
      --json            Print the whole run record instead of the output
  -w, --workspace DIR   Folder that file actions may read and write
                        (default: the current folder when it holds FILE,
                        otherwise FILE's folder)
      --timeout MS      Cancel the run after this many milliseconds
  -v, --verbose         Also print the engine's own log lines
  -h, --help            Show this help

Accounts: a node's "account": "team-slack" is read from the environment variable
WIREFLOW_ACCOUNT_TEAM_SLACK (the name upper-cased, other characters than A-Z and 0-9
as _), whose value is JSON with the integration, the auth kind and the fields:
  WIREFLOW_ACCOUNT_TEAM_SLACK='{"integration": "slack", "auth": "bearer", "token": "xoxb-…"}'
A workflow that names an account missing from the environment is not run.

Exit code: 0 when the run succeeded, 1 when it failed or was cancelled,
2 when the workflow is invalid, an account is missing, or the command line is wrong.
`;

/** `wireflow run`: runs one workflow and prints its output or record. */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseOptions(argv);
	if (values.help) {
		io.stdout(HELP);
		return 0;
	}
	if (positionals.length !== 1) {
		throw new UsageError(
			'run needs exactly one workflow file, such as: wireflow run examples/order-summary.workflow.json',
		);
	}
	const file = path.resolve(io.cwd, positionals[0]);
	const input = values.input === undefined ? undefined : await parseInput(values.input, io.cwd);
	const loaded = await loadOrReport(file, io);
	if (!loaded) {
		return EXIT_USAGE;
	}
	const problems = loaded.problems.filter((problem) => problem.severity === 'error');
	if (!loaded.plan) {
		problems.forEach((problem) =>
			io.stderr(`${formatProblem({ ...problem, file: positionals[0] })}\n`),
		);
		io.stderr(
			paint(io, 'red', `Not run: ${positionals[0]} is invalid (${problems.length} error(s)).\n`),
		);
		return EXIT_USAGE;
	}
	const accounts = readAccounts(io);
	if (reportAccountProblems(loaded, accounts, positionals[0], io)) {
		return EXIT_USAGE;
	}
	const controller = new AbortController();
	const timer = values.timeout
		? setTimeout(() => controller.abort(), parseTimeout(values.timeout))
		: undefined;
	const onSignal = () => controller.abort();
	process.once('SIGINT', onSignal);
	const record = await runWorkflow(loaded.plan, {
		trigger: { kind: 'manual', data: input },
		signal: controller.signal,
		logger: cliLogger(io, Boolean(values.verbose)),
		workspaceRoot: workspaceRoot(values.workspace, file, io.cwd),
		accounts,
		files: new WorkflowFileCache(),
		onEvent: (event) => printProgress(event, io),
	}).finally(() => {
		clearTimeout(timer);
		process.removeListener('SIGINT', onSignal);
	});
	io.stdout(`${JSON.stringify(values.json ? record : (record.output ?? null), null, 2)}\n`);
	printSummary(record, io);
	return record.status === 'succeeded' ? 0 : EXIT_RUN_FAILED;
}

/** Prints the account problems of a workflow; returns true when there is one. */
function reportAccountProblems(
	loaded: LoadedWorkflow,
	accounts: AccountResolver,
	shown: string,
	io: CliIo,
): boolean {
	const problems = checkAccounts(loaded, (name) => accounts.describe(name));
	problems.forEach((problem) => io.stderr(`${formatProblem({ ...problem, file: shown })}\n`));
	if (problems.length > 0) {
		io.stderr(
			paint(
				io,
				'red',
				`Not run: ${shown} names ${problems.length} account(s) this machine lacks or cannot use.\n`,
			),
		);
	}
	return problems.length > 0;
}

/** Reads the accounts from the environment; reports unreadable variables as warnings. */
export function readAccounts(io: CliIo): AccountResolver {
	const { accounts, errors } = accountsFromEnvironment(io.env ?? process.env);
	errors.forEach((error) => io.stderr(paint(io, 'yellow', `warning: ${error}\n`)));
	return accounts;
}

function parseOptions(argv: string[]) {
	return parseCommandArgs('run', argv, {
		input: { type: 'string', short: 'i' },
		json: { type: 'boolean' },
		workspace: { type: 'string', short: 'w' },
		timeout: { type: 'string' },
		verbose: { type: 'boolean', short: 'v' },
		help: { type: 'boolean', short: 'h' },
	});
}

async function parseInput(raw: string, cwd: string): Promise<unknown> {
	let text = raw;
	let source = '--input';
	if (raw.startsWith('@')) {
		source = raw.slice(1);
		try {
			text = await readFile(path.resolve(cwd, source), 'utf8');
		} catch (error) {
			throw new UsageError(
				`Cannot read the input file ${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message}.`,
			);
		}
	}
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new UsageError(
			`The input in ${source} is not valid JSON (${(error as Error).message}). Pass JSON, such as --input '{"id": 1}', or @file.json.`,
		);
	}
}

function parseTimeout(raw: string): number {
	const ms = Number(raw);
	if (!Number.isInteger(ms) || ms <= 0) {
		throw new UsageError(
			`Invalid --timeout "${raw}". Give a whole number of milliseconds, such as --timeout 30000.`,
		);
	}
	return ms;
}

async function loadOrReport(file: string, io: CliIo) {
	try {
		return await loadWorkflowFile(file);
	} catch (error) {
		if (error instanceof OperationalError) {
			io.stderr(`wireflow: ${error.message}\n`);
			return undefined;
		}
		throw error;
	}
}

function workspaceRoot(option: string | undefined, file: string, cwd: string): string {
	if (option) {
		return path.resolve(cwd, option);
	}
	const relative = path.relative(cwd, file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? path.dirname(file) : cwd;
}

function cliLogger(io: CliIo, verbose: boolean): Logger {
	const write = (level: string) => (message: string, meta?: Record<string, unknown>) => {
		const nodeId = meta?.nodeId;
		const fromNode = typeof nodeId === 'string' && Object.keys(meta ?? {}).length === 1;
		if (fromNode) {
			io.stderr(`  ${paint(io, 'dim', `[${nodeId}]`)} ${message}\n`);
		} else if (verbose) {
			io.stderr(paint(io, 'dim', `  ${level} ${message} ${meta ? JSON.stringify(meta) : ''}\n`));
		}
	};
	return {
		trace: () => {},
		debug: write('debug'),
		info: write('info'),
		warn: write('warn'),
		error: write('error'),
	};
}

function printProgress(event: RunEvent, io: CliIo): void {
	if (event.type !== 'nodeFinished') {
		return;
	}
	io.stderr(`${formatNodeLine(event.nodeId, event.record, io)}\n`);
}

function formatNodeLine(nodeId: string, record: NodeRunRecord, io: CliIo): string {
	switch (record.status) {
		case 'succeeded': {
			const ports =
				record.outputs && !(record.outputs.length === 1 && record.outputs[0] === 'out')
					? ` → ${record.outputs.join(', ')}`
					: '';
			return `${paint(io, 'green', '✓')} ${nodeId}${ports} ${paint(io, 'dim', `${record.durationMs ?? 0} ms`)}`;
		}
		case 'failed': {
			const handled = record.output !== undefined ? ' (continued)' : '';
			return `${paint(io, 'red', '✗')} ${nodeId}${handled}: ${record.error?.message ?? 'failed'}`;
		}
		case 'cancelled':
			return `${paint(io, 'yellow', '■')} ${nodeId}: cancelled (${record.error?.message ?? ''})`;
		case 'skipped':
			return `${paint(io, 'dim', `- ${nodeId} skipped (${(record.skipReason ?? '').replace(/_/g, ' ')})`)}`;
		default:
			return `  ${nodeId} ${record.status}`;
	}
}

function printSummary(record: RunRecord, io: CliIo): void {
	if (record.status === 'succeeded') {
		io.stderr(paint(io, 'green', `Run ${record.id} succeeded in ${record.durationMs} ms\n`));
		return;
	}
	const where = record.error?.nodeId ? ` at node "${record.error.nodeId}"` : '';
	io.stderr(
		paint(io, 'red', `Run ${record.id} ${record.status}${where}: ${record.error?.message ?? ''}\n`),
	);
}
