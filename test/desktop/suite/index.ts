import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** Called by VS Code in the extension host: runs every `*.test.js` beside this file. */
export function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
	for (const name of readdirSync(__dirname).filter((file) => file.endsWith('.test.js'))) {
		mocha.addFile(path.join(__dirname, name));
	}
	return new Promise((resolve, reject) => {
		mocha.run((failures) =>
			failures > 0 ? reject(new Error(`${failures} desktop test(s) failed`)) : resolve(),
		);
	});
}
