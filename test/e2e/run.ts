/**
 * Entry point of `npm run test:e2e`. Installs code-server into the cache folder when it is not
 * there, then runs the mocha suite in a private network namespace, where only the loopback
 * interface exists, so neither code-server nor Chromium can reach another host.
 *
 * Arguments are passed on to mocha, for example `npm run test:e2e -- --grep canvas`.
 * `WIREFLOW_E2E_NETNS=0` runs without the namespace, on machines where `unshare -n` is not allowed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { installCodeServer } from './harness/installCodeServer';
import { REPOSITORY_ROOT, e2eSettings, log } from './harness/paths';

function main(): number {
	if (!existsSync(e2eSettings.vsix)) {
		console.error(`${e2eSettings.vsix} not found. Build it with: npm run package`);
		return 2;
	}
	installCodeServer(e2eSettings.cacheFolder);

	const mocha = [
		path.join(REPOSITORY_ROOT, 'node_modules', '.bin', 'mocha'),
		'--config',
		path.join(REPOSITORY_ROOT, 'test', 'e2e', '.mocharc.json'),
		...process.argv.slice(2),
	];
	const useNamespace = process.env.WIREFLOW_E2E_NETNS !== '0';
	if (useNamespace && !canUnshare()) {
		console.error(
			'unshare failed to create a network namespace on this machine. Run as root, allow ' +
				'unprivileged user namespaces, or set WIREFLOW_E2E_NETNS=0 to run without one.',
		);
		return 2;
	}
	const command = useNamespace ? inNetworkNamespace(mocha) : mocha;
	log(useNamespace ? 'running the suite in a private network namespace' : 'running the suite');
	const result = spawnSync(command[0], command.slice(1), {
		cwd: REPOSITORY_ROOT,
		stdio: 'inherit',
	});
	if (result.error) {
		console.error(`${command[0]} failed to start: ${result.error.message}`);
		return 2;
	}
	return result.status ?? 1;
}

/** Returns true when `unshare` can create a network namespace here. */
function canUnshare(): boolean {
	const [program, ...args] = inNetworkNamespace(['true']);
	return spawnSync(program, args).status === 0;
}

/**
 * Wraps a command so it runs in a new network namespace with the loopback interface up. Root
 * gets a plain `unshare -n`, and other users also get a user namespace (`-r`) that allows it.
 */
function inNetworkNamespace(command: string[]): string[] {
	const asRoot = process.getuid?.() === 0;
	return [
		'unshare',
		asRoot ? '-n' : '-rn',
		'--',
		'sh',
		'-c',
		'PATH="$PATH:/usr/sbin:/sbin" ip link set lo up && exec "$@"',
		'sh',
		...command,
	];
}

process.exitCode = main();
