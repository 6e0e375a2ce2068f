// Bundles the desktop test runner and its suites into out/desktop/ for `npm run test:desktop`.
// VS Code loads the suites with require(), so they are CommonJS; `vscode` comes from the
// extension host and mocha from node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const suites = readdirSync('test/desktop/suite')
	.filter((name) => name.endsWith('.test.ts'))
	.map((name) => `test/desktop/suite/${name}`);

const common = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: 'inline',
	logLevel: 'warning',
	external: ['vscode', 'mocha', '@vscode/test-electron'],
};

await esbuild.build({
	...common,
	entryPoints: ['test/desktop/runTests.ts'],
	outfile: 'out/desktop/runTests.js',
});
await esbuild.build({
	...common,
	entryPoints: ['test/desktop/suite/index.ts', ...suites],
	outdir: 'out/desktop/suite',
});
