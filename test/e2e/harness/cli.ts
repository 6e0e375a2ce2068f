import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from './paths';

/**
 * Runs the order summary example with the command line in a scratch copy of `examples/` and
 * returns the output file it writes, which a run inside VS Code must match.
 */
export function expectedOrderSummary(): string {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'wireflow-cli-'));
	try {
		cpSync(path.join(REPOSITORY_ROOT, 'examples'), folder, { recursive: true });
		rmSync(path.join(folder, 'out'), { recursive: true, force: true });
		execFileSync(
			process.execPath,
			[
				path.join(REPOSITORY_ROOT, 'dist', 'cli.js'),
				'run',
				path.join(folder, 'order-summary.workflow.json'),
			],
			{ stdio: 'pipe' },
		);
		return readFileSync(path.join(folder, 'out', 'customer-summary.json'), 'utf8');
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}
