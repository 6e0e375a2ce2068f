import path from 'node:path';
import { formatProblem } from '../shared/problems';
import { checkAccounts, loadWorkflowFile } from '../engine';
import { OperationalError } from '../shared/errors';
import { type CliIo, EXIT_USAGE, UsageError, paint, parseCommandArgs } from './io';
import { readAccounts } from './run';

const HELP = `Usage: wireflow validate FILE…

Checks each workflow file: JSON syntax, the format's schema, node types and inputs,
expressions, connections and the name rule. Prints one line per problem, as
file:line:column: severity: message.

Accounts that integration nodes name are looked up in the environment, as
"wireflow run" does (WIREFLOW_ACCOUNT_<NAME>); a missing one is a warning, because
the machine that runs the workflow may have it.

Exit code: 0 when every file is valid (warnings allowed), 2 otherwise.

Options:
  -q, --quiet              Print errors only, not warnings or the summary
      --require-accounts   Report missing accounts as errors, not warnings
  -h, --help               Show this help
`;

/** `wireflow validate`: prints every problem of every file. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseOptions(argv);
	if (values.help) {
		io.stdout(HELP);
		return 0;
	}
	if (positionals.length === 0) {
		throw new UsageError(
			'validate needs at least one workflow file, such as: wireflow validate examples/*.workflow.json',
		);
	}
	let invalid = 0;
	const accounts = readAccounts(io);
	const accountSeverity = values['require-accounts'] ? 'error' : 'warning';
	for (const file of positionals) {
		const shown = path.relative(io.cwd, path.resolve(io.cwd, file)) || file;
		try {
			const loaded = await loadWorkflowFile(path.resolve(io.cwd, file));
			const accountProblems = checkAccounts(
				loaded,
				(name) => accounts.describe(name),
				accountSeverity,
			);
			const problems = [...loaded.problems, ...accountProblems].filter(
				(problem) => !values.quiet || problem.severity === 'error',
			);
			for (const problem of problems) {
				const line = formatProblem({ ...problem, file: shown });
				io.stdout(`${problem.severity === 'error' ? line : paint(io, 'yellow', line)}\n`);
			}
			if (!loaded.plan || accountProblems.some((problem) => problem.severity === 'error')) {
				invalid++;
			}
		} catch (error) {
			if (!(error instanceof OperationalError)) {
				throw error;
			}
			io.stdout(`${shown}:1:1: error: ${error.message}\n`);
			invalid++;
		}
	}
	if (!values.quiet) {
		const valid = positionals.length - invalid;
		io.stderr(
			paint(
				io,
				invalid ? 'red' : 'green',
				`${valid} of ${positionals.length} workflow file(s) valid\n`,
			),
		);
	}
	return invalid > 0 ? EXIT_USAGE : 0;
}

function parseOptions(argv: string[]) {
	return parseCommandArgs('validate', argv, {
		quiet: { type: 'boolean', short: 'q' },
		'require-accounts': { type: 'boolean' },
		help: { type: 'boolean', short: 'h' },
	});
}
