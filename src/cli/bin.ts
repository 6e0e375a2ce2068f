/** Entry point of the `wireflow` executable: runs the CLI on the process's arguments and streams. */
import { main } from './main';
import type { CliIo } from './io';

const io: CliIo = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
	cwd: process.cwd(),
	env: process.env,
};

main(process.argv.slice(2), io).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
		process.stderr.write(`wireflow: internal error: ${detail}\n`);
		process.exitCode = 70;
	},
);
