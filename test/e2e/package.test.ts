import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipEntries } from './harness/zipEntries';
import { REPOSITORY_ROOT, e2eSettings } from './harness/paths';

/** Files the package must contain. vsce adds the manifest and renames README, CHANGELOG and LICENSE. */
const REQUIRED = [
	'extension.vsixmanifest',
	'[Content_Types].xml',
	'extension/package.json',
	'extension/readme.md',
	'extension/changelog.md',
	'extension/LICENSE.txt',
	'extension/dist/extension.js',
	'extension/dist/webview.js',
	'extension/dist/webview.css',
	'extension/dist/codicon.ttf',
	'extension/dist/workflow.schema.json',
];

/**
 * Media, and the examples that "Wireflow: Open Example" copies into the workspace: the workflow
 * files at the top of examples/ and the data they read.
 */
function isAsset(name: string): boolean {
	return (
		name.startsWith('extension/media/') ||
		/^extension\/examples\/[^/]+\.workflow\.json$/.test(name) ||
		name.startsWith('extension/examples/data/')
	);
}

describe('Extension package', () => {
	it('holds the bundles, assets and manifest only', () => {
		const entries = zipEntries(e2eSettings.vsix);

		for (const name of REQUIRED) {
			assert.ok(entries.includes(name), `${name} is in the package`);
		}
		const unexpected = entries.filter((name) => !REQUIRED.includes(name) && !isAsset(name));
		assert.deepEqual(unexpected, [], 'nothing else is in the package');
	});

	it('asks for no newer VS Code than the suite runs', () => {
		const manifest = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8'));

		// code-server 4.100.3 is VS Code 1.100.3, which rejects a package that requires a newer one.
		assert.equal(manifest.engines.vscode, '^1.100.0');
		assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
	});
});
