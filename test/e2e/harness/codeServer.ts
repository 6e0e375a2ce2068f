import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { codeServerBinary, e2eSettings } from './paths';
import { waitFor } from './waitFor';

/**
 * Extension gallery on a loopback port where nothing listens. code-server's default gallery is a
 * public host; this keeps it from looking for extension updates and recommendations.
 */
const CLOSED_GALLERY = JSON.stringify({
	serviceUrl: 'http://127.0.0.1:9/gallery',
	itemUrl: 'http://127.0.0.1:9/item',
	resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
});

/** User settings of every profile: no tips, walkthroughs, telemetry or update checks. */
const BASE_SETTINGS = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'git.enabled': false,
	'npm.fetchOnlinePackageInfo': false,
	'typescript.disableAutomaticTypeAcquisition': true,
	'files.simpleDialog.enable': true,
};

/** Folders of one throwaway profile. */
export interface ProfileFolders {
	/** Parent of everything below; deleted with the run folder. */
	root: string;
	userData: string;
	extensions: string;
	/** Stands in for HOME and the XDG folders, which code-server writes to even for --version. */
	home: string;
}

/** How to start one code-server. */
export interface CodeServerOptions {
	profile: ProfileFolders;
	workspace: string;
	/** When false, workspace trust is on and the folder opens in restricted mode. */
	trustWorkspace: boolean;
	/** User settings on top of the defaults. */
	settings?: Record<string, unknown>;
}

/** Creates the folders of a profile under `root`. */
export function createProfile(root: string, extensions: string): ProfileFolders {
	const profile = {
		root,
		userData: path.join(root, 'user-data'),
		extensions,
		home: path.join(root, 'home'),
	};
	mkdirSync(path.join(profile.userData, 'User'), { recursive: true });
	mkdirSync(profile.extensions, { recursive: true });
	mkdirSync(profile.home, { recursive: true });
	return profile;
}

/**
 * Installs a `.vsix` into the profile's extensions folder with code-server's own installer, the
 * way a user installs a downloaded package.
 */
export function installExtension(profile: ProfileFolders, vsix: string): void {
	const result = spawnSync(
		codeServerBinary(e2eSettings.cacheFolder),
		[
			'--user-data-dir',
			profile.userData,
			'--extensions-dir',
			profile.extensions,
			'--install-extension',
			vsix,
		],
		{ env: codeServerEnvironment(profile), encoding: 'utf8' },
	);
	const output = `${result.stdout}${result.stderr}`;
	if (result.status !== 0 || !/successfully installed/i.test(output)) {
		throw new Error(`code-server failed to install ${vsix}:\n${output}`);
	}
}

/** A running code-server serving one workspace on a loopback port. */
export class CodeServer {
	private _exited = false;

	private constructor(
		private readonly _process: ChildProcess,
		readonly port: number,
		readonly options: CodeServerOptions,
		readonly logFile: string,
	) {
		_process.once('exit', () => (this._exited = true));
	}

	/** URL of the workbench with the workspace folder open. */
	get url(): string {
		return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.options.workspace)}`;
	}

	/**
	 * Starts code-server and waits for its health check. The process is spawned detached, which
	 * calls setsid(2): it leads a new process group, so `stop` can end its file watchers and
	 * extension host with it.
	 */
	static async start(options: CodeServerOptions): Promise<CodeServer> {
		const { profile } = options;
		writeFileSync(
			path.join(profile.userData, 'User', 'settings.json'),
			JSON.stringify(userSettings(options), null, '\t'),
		);
		const port = await freePort();
		const logFile = path.join(profile.root, 'code-server.log');
		const output = openSync(logFile, 'w');
		const child = spawn(codeServerBinary(e2eSettings.cacheFolder), serverArguments(options, port), {
			detached: true,
			stdio: ['ignore', output, output],
			env: codeServerEnvironment(profile),
		});
		closeSync(output);
		const server = new CodeServer(child, port, options, logFile);
		try {
			await waitFor(`code-server health check on port ${port}`, 30_000, () => server._isHealthy());
		} catch (error) {
			await server.stop();
			throw new Error(`${(error as Error).message}\n${readFileSync(logFile, 'utf8')}`);
		}
		return server;
	}

	/**
	 * Waits until the extension host has registered every extension. A workflow file opened
	 * before that opens in the plain text editor, because the canvas is not registered yet.
	 */
	async waitForExtensionHost(timeoutMs = 60_000): Promise<void> {
		await waitFor('"Eager extensions activated" in the extension host log', timeoutMs, () =>
			this._extensionHostLog().includes('Eager extensions activated'),
		);
	}

	/** Ends code-server's whole process group: SIGTERM, then SIGKILL after 10 s. */
	async stop(): Promise<void> {
		const group = -this._process.pid!;
		signal(group, 'SIGTERM');
		try {
			await waitFor('code-server to exit', 10_000, () => !isAlive(group));
		} catch {
			signal(group, 'SIGKILL');
		}
	}

	private async _isHealthy(): Promise<boolean> {
		if (this._exited) {
			throw new Error(`code-server exited during start (exit code ${this._process.exitCode})`);
		}
		try {
			const response = await fetch(`http://127.0.0.1:${this.port}/healthz`);
			return response.ok;
		} catch {
			return false;
		}
	}

	/** Text of `<user-data>/logs/<session>/exthost*\/remoteexthost.log`, or '' before it exists. */
	private _extensionHostLog(): string {
		const logs = path.join(this.options.profile.userData, 'logs');
		const texts: string[] = [];
		for (const session of safeReaddir(logs)) {
			for (const entry of safeReaddir(path.join(logs, session))) {
				if (entry.startsWith('exthost')) {
					texts.push(safeRead(path.join(logs, session, entry, 'remoteexthost.log')));
				}
			}
		}
		return texts.join('\n');
	}
}

function userSettings(options: CodeServerOptions): Record<string, unknown> {
	return {
		...BASE_SETTINGS,
		'security.workspace.trust.enabled': !options.trustWorkspace,
		// Open untrusted folders in restricted mode without the trust dialog.
		'security.workspace.trust.startupPrompt': 'never',
		...options.settings,
	};
}

function serverArguments(options: CodeServerOptions, port: number): string[] {
	const { profile } = options;
	return [
		'--bind-addr',
		`127.0.0.1:${port}`,
		'--auth',
		'none',
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-getting-started-override',
		...(options.trustWorkspace ? ['--disable-workspace-trust'] : []),
		'--user-data-dir',
		profile.userData,
		'--extensions-dir',
		profile.extensions,
		options.workspace,
	];
}

function codeServerEnvironment(profile: ProfileFolders): NodeJS.ProcessEnv {
	return {
		...process.env,
		HOME: profile.home,
		XDG_CONFIG_HOME: path.join(profile.home, '.config'),
		XDG_DATA_HOME: path.join(profile.home, '.local', 'share'),
		XDG_CACHE_HOME: path.join(profile.home, '.cache'),
		EXTENSIONS_GALLERY: CLOSED_GALLERY,
	};
}

/** Returns a loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function signal(group: number, name: NodeJS.Signals): void {
	try {
		process.kill(group, name);
	} catch {
		// The group has exited already.
	}
}

function isAlive(group: number): boolean {
	try {
		process.kill(group, 0);
		return true;
	} catch {
		return false;
	}
}

function safeReaddir(folder: string): string[] {
	try {
		return readdirSync(folder);
	} catch {
		return [];
	}
}

function safeRead(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}
