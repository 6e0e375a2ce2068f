/**
 * Runs the desktop suite in VS Code 1.100.3 desktop through @vscode/test-electron, which
 * downloads that build from Microsoft's update server on first use. It covers the scenarios of
 * the end-to-end suite that the extension API can drive. The scenarios that look at or click
 * the canvas stay in test/e2e, which runs the same workbench in code-server.
 *
 * NOTE: this runner type-checks but has not been run yet, because no machine with access to
 * the update server has run it. Expect to fix small things on its first run.
 */
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The VS Code release that `engines.vscode` names and that the code-server suite runs. */
const VSCODE_VERSION = '1.100.3';

async function main(): Promise<number> {
	const root = path.resolve(__dirname, '..', '..');
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'wireflow-desktop-'));
	const workspace = path.join(scratch, 'workspace');
	cpSync(path.join(root, 'examples'), workspace, {
		recursive: true,
		filter: (source) => source !== path.join(root, 'examples', 'out'),
	});
	try {
		return await runTests({
			version: VSCODE_VERSION,
			extensionDevelopmentPath: root,
			extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
			launchArgs: [
				workspace,
				'--disable-workspace-trust',
				'--disable-extensions',
				'--skip-welcome',
				'--user-data-dir',
				path.join(scratch, 'user-data'),
			],
		});
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

main().then(
	(code) => (process.exitCode = code),
	(error: unknown) => {
		console.error('The desktop tests failed to run:', error);
		process.exitCode = 1;
	},
);
