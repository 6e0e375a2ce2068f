import { spawnSync } from 'node:child_process';
import {
	closeSync,
	copyFileSync,
	existsSync,
	mkdirSync,
	openSync,
	renameSync,
	rmSync,
} from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_VERSION, codeServerBinary, codeServerFolder, log } from './paths';

/**
 * Ripgrep release that the @vscode/ripgrep package inside code-server 4.100.3 downloads in its
 * install script, and the cache file name it looks for first.
 */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/**
 * Installs code-server from the npm registry into the cache folder, unless it is there already.
 * Runs outside the private network namespace because it needs the registry. Nothing else is
 * downloaded: ripgrep comes from Debian, and the native modules compile from source.
 */
export function installCodeServer(cacheFolder: string): void {
	const target = codeServerFolder(cacheFolder);
	if (existsSync(codeServerBinary(cacheFolder))) {
		log(`code-server ${CODE_SERVER_VERSION} is cached in ${target}`);
		return;
	}
	const started = Date.now();
	const partial = `${target}.partial`;
	const temporary = path.join(cacheFolder, 'tmp');
	rmSync(partial, { recursive: true, force: true });
	mkdirSync(partial, { recursive: true });
	mkdirSync(temporary, { recursive: true });
	seedRipgrepCache(cacheFolder, temporary);

	log(`installing code-server ${CODE_SERVER_VERSION} into ${target} (about a minute)`);
	const logFile = path.join(cacheFolder, 'install-code-server.log');
	const status = runInstall(partial, temporary, logFile);
	if (status !== 0) {
		throw new Error(
			`npm install code-server@${CODE_SERVER_VERSION} failed with exit code ${status}; see ${logFile}`,
		);
	}
	renameSync(partial, target);
	log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** Runs `npm install code-server` in `folder`, writing npm's output to `logFile`. */
function runInstall(folder: string, temporary: string, logFile: string): number | null {
	const output = openSync(logFile, 'w');
	try {
		const result = spawnSync(
			'npm',
			[
				'install',
				'--no-audit',
				'--no-fund',
				'--foreground-scripts',
				`code-server@${CODE_SERVER_VERSION}`,
			],
			{
				cwd: folder,
				stdio: ['ignore', output, output],
				env: { ...process.env, ...installEnvironment(temporary) },
			},
		);
		return result.status;
	} finally {
		closeSync(output);
	}
}

/**
 * npm settings that keep the install off the network beyond the registry:
 * - build_from_source: argon2, kerberos and @parcel/watcher compile here instead of fetching
 *   prebuilt binaries from GitHub releases;
 * - nodedir: node-gyp takes the headers of the running Node instead of downloading them;
 * - unsafe_perm: code-server's install script exits when run as root without it;
 * - yes: node-pty's install script runs `npx node-gyp`, which stops at a prompt otherwise.
 */
function installEnvironment(temporary: string): NodeJS.ProcessEnv {
	return {
		TMPDIR: temporary,
		npm_config_build_from_source: 'true',
		npm_config_nodedir: nodeHeadersFolder(),
		npm_config_unsafe_perm: 'true',
		npm_config_yes: 'true',
		JOBS: '2',
	};
}

/**
 * Puts Debian's ripgrep where @vscode/ripgrep looks before downloading its own build from
 * GitHub: `$TMPDIR/vscode-ripgrep-cache-<package version>/<archive>`. Debian 12 ships ripgrep
 * 13.0.0, and the package requests v13.0.0-10, Microsoft's build of the same release.
 */
function seedRipgrepCache(cacheFolder: string, temporary: string): void {
	const ripgrep = '/usr/bin/rg';
	if (!existsSync(ripgrep)) {
		throw new Error(`${ripgrep} not found. Install it with: apt-get install ripgrep`);
	}
	const staging = path.join(cacheFolder, 'ripgrep');
	const cache = path.join(temporary, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
	mkdirSync(staging, { recursive: true });
	mkdirSync(cache, { recursive: true });
	copyFileSync(ripgrep, path.join(staging, 'rg'));
	const tar = spawnSync('tar', ['czf', path.join(cache, RIPGREP_ARCHIVE), '-C', staging, 'rg']);
	if (tar.status !== 0) {
		throw new Error(`tar failed to pack ${ripgrep}: ${tar.stderr.toString()}`);
	}
}

/** Returns the prefix whose include/node contains the running Node's headers, such as /usr. */
function nodeHeadersFolder(): string {
	const prefix = path.resolve(path.dirname(process.execPath), '..');
	return existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : '/usr';
}
