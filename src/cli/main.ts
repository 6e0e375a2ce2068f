import { runCommand } from './run';
import { serveCommand } from './serve';
import { validateCommand } from './validate';
import { EXIT_USAGE, UsageError, type CliIo } from './io';

const HELP = `Usage: wireflow <command> [options]

Runs and checks Wireflow workflow files (*.workflow.json) without VS Code.

Commands:
  run FILE        Run a workflow and print its output
  validate FILE…  Check workflow files and print each problem
  serve DIR       Serve the webhooks and run the schedules of every workflow under DIR

Run "wireflow <command> --help" for the options of a command.
`;

/** Runs the CLI with the given arguments and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	try {
		switch (command) {
			case 'run':
				return await runCommand(rest, io);
			case 'validate':
				return await validateCommand(rest, io);
			case 'serve':
				return await serveCommand(rest, io);
			case undefined:
			case '-h':
			case '--help':
			case 'help':
				io.stdout(HELP);
				return command === undefined ? EXIT_USAGE : 0;
			default:
				throw new UsageError(
					`Unknown command "${command}". Use "run", "validate" or "serve"; see "wireflow --help".`,
				);
		}
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr(`wireflow: ${error.message}\n`);
			return EXIT_USAGE;
		}
		throw error;
	}
}
