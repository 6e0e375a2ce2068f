import os from 'node:os';
import path from 'node:path';

/**
 * code-server release the suite runs: VS Code 1.100.3's workbench and extension host. It is the
 * newest release whose package accepts Node 20; later ones require Node 22 or 24.
 */
export const CODE_SERVER_VERSION = '4.100.3';

/** Root of the repository. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Settings read from the environment, with their defaults. */
export const e2eSettings = {
	/** Where code-server is installed once and reused: `WIREFLOW_E2E_CACHE`. */
	cacheFolder:
		process.env.WIREFLOW_E2E_CACHE ??
		path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'wireflow-e2e'),
	/** The extension package under test: `WIREFLOW_E2E_VSIX`. */
	vsix: process.env.WIREFLOW_E2E_VSIX ?? path.join(REPOSITORY_ROOT, 'dist', 'wireflow.vsix'),
	/** Screenshots and logs of failed scenarios: `WIREFLOW_E2E_OUTPUT`. */
	outputFolder: process.env.WIREFLOW_E2E_OUTPUT ?? path.join(REPOSITORY_ROOT, 'test-output', 'e2e'),
	/** Chromium executable: `WIREFLOW_E2E_CHROMIUM`. */
	chromium: process.env.WIREFLOW_E2E_CHROMIUM ?? '/usr/bin/chromium',
	/** Keep the throwaway profiles and workspaces after the run: `WIREFLOW_E2E_KEEP=1`. */
	keepRunFolder: process.env.WIREFLOW_E2E_KEEP === '1',
};

/** Returns the folder that contains the installed code-server package. */
export function codeServerFolder(cacheFolder: string): string {
	return path.join(cacheFolder, `code-server-${CODE_SERVER_VERSION}`);
}

/** Returns the path of the code-server executable inside the cache folder. */
export function codeServerBinary(cacheFolder: string): string {
	return path.join(codeServerFolder(cacheFolder), 'node_modules', '.bin', 'code-server');
}

const started = Date.now();

/** Prints a progress line with the seconds since the process started. */
export function log(message: string): void {
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(`[e2e +${seconds}s] ${message}`);
}
