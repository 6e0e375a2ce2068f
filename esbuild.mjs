// Builds the three bundles: the extension host, the webview and the CLI.
// `node esbuild.mjs` builds once; `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmod, mkdir, writeFile } from 'node:fs/promises';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {esbuild.BuildOptions} */
const common = {
	bundle: true,
	sourcemap: production ? false : 'linked',
	minify: production,
	logLevel: 'info',
	legalComments: 'none',
};

// Some dependencies ship ES modules that read import.meta.url; CommonJS bundles define it.
const importMetaShim = "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const nodeDefines = { 'import.meta.url': 'importMetaUrl' };
// ES module bundles give bundled CommonJS dependencies a `require` of their own.
const esmRequireShim =
	"import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);";
// jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow.
const nodeMainFields = ['module', 'main'];

const targets = [
	{
		...common,
		entryPoints: ['src/extension/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		banner: { js: importMetaShim },
		define: nodeDefines,
		mainFields: nodeMainFields,
	},
	{
		...common,
		entryPoints: ['src/webview/main.tsx'],
		outfile: 'dist/webview.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		jsx: 'automatic',
		jsxImportSource: 'preact',
	},
	{
		...common,
		// Webview styles with the codicon font, which lands beside them as dist/codicon.ttf.
		entryPoints: ['media/webview.css'],
		outfile: 'dist/webview.css',
		loader: { '.ttf': 'file' },
		assetNames: '[name]',
	},
	{
		...common,
		// The CLI is split into ES module chunks, so the code of integrations such as the AWS SDK
		// is read only when a workflow uses them: starting `wireflow serve` parses a fraction.
		entryPoints: { cli: 'src/cli/bin.ts' },
		outdir: 'dist/cli',
		outExtension: { '.js': '.mjs' },
		platform: 'node',
		format: 'esm',
		splitting: true,
		target: 'node20',
		banner: { js: esmRequireShim },
		mainFields: nodeMainFields,
	},
];

/** Writes `dist/cli.js`, the executable that loads the CLI's ES module entry. */
async function writeCliLauncher() {
	await writeFile('dist/cli.js', "#!/usr/bin/env node\n'use strict';\nimport('./cli/cli.mjs');\n");
	await chmod('dist/cli.js', 0o755);
}

/** Writes the workflow JSON Schema where the manifest's `jsonValidation` points. */
async function writeSchema() {
	const { workflowSchema } = await import('./dist/schema.mjs');
	await writeFile('dist/workflow.schema.json', JSON.stringify(workflowSchema, null, '\t') + '\n');
}

async function buildSchemaModule() {
	await esbuild.build({
		entryPoints: ['src/shared/schema.ts'],
		outfile: 'dist/schema.mjs',
		bundle: true,
		platform: 'node',
		format: 'esm',
		logLevel: 'warning',
	});
	await writeSchema();
}

await mkdir('dist', { recursive: true });
if (watch) {
	for (const options of targets) {
		const context = await esbuild.context(options);
		await context.watch();
	}
	await buildSchemaModule();
} else {
	await Promise.all(targets.map((options) => esbuild.build(options)));
	await buildSchemaModule();
	await writeCliLauncher();
}
