// Runs every benchmark in turn: `npm run bench`. Each prints Markdown tables; the figures,
// with the machine they were measured on, are kept in BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';

const benchmarks = [
	{ name: 'engine', args: ['--expose-gc', '--import', 'tsx', 'bench/engine.ts'] },
	{ name: 'canvas', args: ['bench/canvas.mjs'], file: 'bench/canvas.mjs' },
	{ name: 'webhook', args: ['bench/webhook.mjs'], file: 'bench/webhook.mjs' },
];

console.log(`# Wireflow benchmarks, ${new Date().toISOString()}`);
console.log(
	`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}\n`,
);
let failed = 0;
for (const benchmark of benchmarks) {
	if (benchmark.file && !existsSync(benchmark.file)) {
		continue;
	}
	console.log(`## ${benchmark.name}\n`);
	const result = spawnSync(process.execPath, [...benchmark.args, ...process.argv.slice(2)], {
		stdio: 'inherit',
	});
	if (result.status !== 0) {
		console.error(`benchmark ${benchmark.name} failed with exit code ${result.status}`);
		failed++;
	}
	console.log('');
}
process.exitCode = failed > 0 ? 1 : 0;
