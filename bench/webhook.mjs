// Webhook throughput of `wireflow serve` against node:http, Express 5, Node-RED and n8n, run by
// the peer benchmark (run-peers.sh) in the folder named by PEERS_BENCH_DIR, which defaults to
// ../shared/bench/peers beside this repository. Skips with a message when that folder is missing.
//
//   node bench/webhook.mjs                  # Wireflow, node:http, Express 5 and Node-RED
//   SYSTEMS=product,n8n node bench/webhook.mjs
//   QUICK=1 node bench/webhook.mjs          # short phases, a smoke test
//
// Needs dist/cli.js (`npm run build`). The peer script installs wrk, Express and Node-RED
// (and n8n when named) outside the repository on first use; see its README for the phases.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const peersDir = path.resolve(repo, process.env.PEERS_BENCH_DIR ?? '../shared/bench/peers');
const script = path.join(peersDir, 'run-peers.sh');
const cli = path.join(repo, 'dist', 'cli.js');
const workflowDir = path.join(repo, 'examples', 'bench');

if (!existsSync(script)) {
	console.log(`Skipped: no peer benchmark at ${script}. Set PEERS_BENCH_DIR to its folder.`);
	process.exit(0);
}
if (!existsSync(cli)) {
	console.error(`Missing ${cli}; run "npm run build" first.`);
	process.exit(1);
}

// A throwaway key for this run only; it travels in the path, the form the harness can send.
const key = `bench-${randomBytes(12).toString('hex')}`;
const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
const command = [
	'exec node',
	quote(cli),
	'serve',
	quote(workflowDir),
	'--host "$BENCH_HOST" --port "$BENCH_PORT" --state "$BENCH_WORKDIR/state"',
].join(' ');

const env = {
	...process.env,
	WIREFLOW_API_KEY: key,
	PRODUCT_NAME: 'Wireflow (wireflow serve)',
	PRODUCT_CMD: command,
	PRODUCT_WORKFLOW: path.join(workflowDir, 'bench.workflow.json'),
	PRODUCT_PATH: `/webhook/k/${key}/bench`,
	PRODUCT_VERSION: `node -p ${quote(`'wireflow ' + require(${JSON.stringify(path.join(repo, 'package.json'))}).version`)}`,
};
env.SYSTEMS = process.env.SYSTEMS ?? 'product,node-http,express5,node-red';
// The peer script installs n8n (1.7 GB) unless told not to; only do so when n8n is asked for.
env.WITH_N8N = process.env.WITH_N8N ?? (env.SYSTEMS.includes('n8n') ? '1' : '0');
console.log(`Running ${script} with SYSTEMS=${env.SYSTEMS}${env.QUICK === '1' ? ', QUICK=1' : ''}`);
const result = spawnSync('bash', [script], { env, stdio: 'inherit' });
process.exitCode = result.status ?? 1;
