import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeServer, type ProfileFolders, createProfile, installExtension } from './codeServer';
import { REPOSITORY_ROOT, e2eSettings, log } from './paths';
import { Workbench } from './workbench';

/** Folders shared by the sessions of one suite run. */
interface SuiteFolders {
	/** Temporary folder that contains every profile and workspace of the run. */
	root: string;
	/** Extensions folder with the `.vsix` under test installed, shared by every session. */
	extensions: string;
}

let suite: SuiteFolders | undefined;
let sessionCount = 0;

/**
 * Empties the screenshot folder, creates the run folder and installs the extension package under
 * test once, before the first scenario. Called from the suite's root hook.
 */
export function setUpSuite(): void {
	// Screenshots of an earlier run would pass for this run's.
	rmSync(e2eSettings.outputFolder, { recursive: true, force: true });
	const root = mkdtempSync(path.join(os.tmpdir(), 'wireflow-e2e-'));
	const extensions = path.join(root, 'extensions');
	const installer = createProfile(path.join(root, 'installer'), extensions);
	const started = Date.now();
	installExtension(installer, e2eSettings.vsix);
	log(`installed ${e2eSettings.vsix} in ${Date.now() - started} ms`);
	suite = { root, extensions };
}

/** Deletes the run folder, unless WIREFLOW_E2E_KEEP=1 or a scenario failed. */
export function tearDownSuite(failed: boolean): void {
	if (!suite) {
		return;
	}
	if (failed || e2eSettings.keepRunFolder) {
		log(`profiles, workspaces and code-server logs are kept in ${suite.root}`);
		return;
	}
	rmSync(suite.root, { recursive: true, force: true });
}

/** How to start a session. */
export interface SessionOptions {
	/** Short name of the scenario, used for its folder. */
	name: string;
	/** When false, the workspace opens in restricted mode. Defaults to true. */
	trustWorkspace?: boolean;
	/** User settings on top of the harness defaults. */
	settings?: Record<string, unknown>;
	/** Extra workspace files, by path relative to the workspace folder. */
	files?: Record<string, string>;
}

/**
 * One scenario's VS Code: a fresh profile and a workspace holding copies of `examples/`, served by
 * its own code-server and shown in its own Chromium.
 */
export class Session {
	private constructor(
		readonly profile: ProfileFolders,
		readonly workspace: string,
		readonly server: CodeServer,
		readonly workbench: Workbench,
	) {}

	/** Starts code-server and the browser, and waits until the extension host is ready. */
	static async start(options: SessionOptions): Promise<Session> {
		if (!suite) {
			throw new Error('setUpSuite did not run; start the suite with npm run test:e2e');
		}
		const root = path.join(suite.root, `${++sessionCount}-${options.name}`);
		const profile = createProfile(root, suite.extensions);
		const workspace = createWorkspace(path.join(root, 'workspace'), options.files ?? {});
		const server = await CodeServer.start({
			profile,
			workspace,
			trustWorkspace: options.trustWorkspace ?? true,
			settings: options.settings,
		});
		try {
			const workbench = await Workbench.open(server.url, path.join(root, 'browser'));
			await server.waitForExtensionHost();
			return new Session(profile, workspace, server, workbench);
		} catch (error) {
			await server.stop();
			throw error;
		}
	}

	/** Returns the absolute path of a workspace file. */
	file(name: string): string {
		return path.join(this.workspace, name);
	}

	/** Reads a workspace file as it is on disk. */
	readFile(name: string): string {
		return readFileSync(this.file(name), 'utf8');
	}

	/** Closes the browser and ends code-server's process group. */
	async close(): Promise<void> {
		try {
			await this.workbench.close();
		} finally {
			await this.server.stop();
		}
		if (this.workbench.blockedRequests.length > 0) {
			log(`blocked requests to other hosts: ${this.workbench.blockedRequests.join(' ')}`);
		}
	}
}

/** Copies the examples, without their `out/` folder of run results, and adds `files`. */
function createWorkspace(folder: string, files: Record<string, string>): string {
	const examples = path.join(REPOSITORY_ROOT, 'examples');
	cpSync(examples, folder, {
		recursive: true,
		filter: (source) => source !== path.join(examples, 'out'),
	});
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
		writeFileSync(path.join(folder, name), text);
	}
	return folder;
}
