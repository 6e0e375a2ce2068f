import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/serve');
const KEY = 'serve-test-key-8d2e';

/** The built CLI; `npm test` builds it before the tests run. */
const CLI = path.join(ROOT, 'dist/cli.js');

/** A `wireflow serve` child process and everything it wrote to stderr. */
interface Served {
	child: ChildProcess;
	stderr: () => string;
	exited: Promise<number | null>;
}

function serve(cli: string, args: string[], env: Record<string, string>): Served {
	const child = spawn(process.execPath, [cli, 'serve', ...args], {
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, stderr: () => stderr, exited };
}

/** Waits for the "webhook server started" line and returns the port it names. */
async function portOf(served: Served): Promise<number> {
	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		const match = /webhook server started \{"host":"127\.0\.0\.1","port":(\d+)\}/.exec(
			served.stderr(),
		);
		if (match) {
			return Number(match[1]);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error(`serve did not start:\n${served.stderr()}`);
}

describe('wireflow serve', function () {
	this.timeout(30_000);
	let work: string;
	const cli = CLI;

	before(() => {
		assert.ok(existsSync(CLI), `${CLI} is missing; run "npm run build" first`);
		work = mkdtempSync(path.join(tmpdir(), 'wireflow-serve-'));
	});

	after(() => {
		rmSync(work, { recursive: true, force: true });
	});

	it('serves webhooks, records runs and stops on SIGTERM', async () => {
		const dir = path.join(work, 'workflows');
		cpSync(FIXTURES, dir, { recursive: true });
		for (const skipped of ['node_modules', '.hidden']) {
			mkdirSync(path.join(dir, skipped));
			cpSync(
				path.join(FIXTURES, 'nested/echo.workflow.json'),
				path.join(dir, skipped, 'copy.workflow.json'),
			);
		}
		const state = path.join(work, 'state');
		const served = serve(cli, [dir, '--port', '0', '--state', state], {
			WIREFLOW_API_KEYS: `other, ${KEY}`,
		});
		const base = `http://127.0.0.1:${await portOf(served)}/webhook`;

		const echo = await fetch(`${base}/echo`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
			body: '{"n":1}',
		});
		const queued = await fetch(`${base}/k/${KEY}/queue/items`, { method: 'POST', body: 'text' });
		const denied = await fetch(`${base}/echo`, {
			method: 'POST',
			headers: { 'x-api-key': 'nope' },
		});
		await new Promise((resolve) => setTimeout(resolve, 100));
		served.child.kill('SIGTERM');
		const code = await served.exited;

		assert.equal(echo.status, 201);
		assert.deepEqual(((await echo.json()) as { body: unknown }).body, { n: 1 });
		assert.equal(queued.status, 202);
		assert.equal(denied.status, 401);
		assert.equal(code, 0, served.stderr());
		const log = served.stderr();
		assert.match(log, /broken\.workflow\.json:\d+:\d+: error: /);
		assert.match(log, /workflow invalid, not served/);
		assert.doesNotMatch(log, /webhook_path_taken|already used by/);
		assert.equal(log.includes(KEY), false, 'the key reached the log');
		assert.match(log, /\[serve\] stopped/);
		const runFiles = readdirSync(path.join(state, 'runs'));
		const lines = runFiles.flatMap((name) =>
			readFileSync(path.join(state, 'runs', name), 'utf8')
				.split('\n')
				.filter(Boolean),
		);
		assert.equal(lines.length, 2);
		const runs = lines.map((line) => JSON.parse(line) as { status: string });
		assert.deepEqual(
			runs.map((run) => run.status),
			['succeeded', 'succeeded'],
		);
		assert.equal(lines.join('').includes(KEY), false, 'the key reached a run record');
	});

	it('refuses to start without an API key', async () => {
		const served = serve(cli, [FIXTURES, '--port', '0', '--state', path.join(work, 'no-key')], {});

		const code = await served.exited;

		assert.equal(code, 2);
		assert.match(served.stderr(), /No API key is configured.*WIREFLOW_API_KEY/);
	});

	it('exits 1 naming the port and --port when the port is in use', async () => {
		const first = serve(cli, [FIXTURES, '--port', '0', '--state', path.join(work, 'first')], {
			WIREFLOW_API_KEY: KEY,
		});
		const port = await portOf(first);

		const second = serve(
			cli,
			[FIXTURES, '--port', String(port), '--state', path.join(work, 'second')],
			{
				WIREFLOW_API_KEY: KEY,
			},
		);
		const code = await second.exited;
		first.child.kill('SIGTERM');
		await first.exited;

		assert.equal(code, 1);
		assert.match(
			second.stderr(),
			new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`),
		);
	});
});
