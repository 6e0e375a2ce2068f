import assert from 'node:assert/strict';
import path from 'node:path';
import { loadWorkflowFile, requirePlan } from '../../../src/engine';
import { OperationalError, UserError } from '../../../src/shared/errors';
import type { RunRecord } from '../../../src/shared/model';
import { fixedKeyProvider } from '../../../src/triggers/apiKeys';
import { WebhookServer, type WebhookServerOptions } from '../../../src/triggers/webhookServer';

const FIXTURES = path.resolve(__dirname, '../../fixtures/triggers');
const KEY = 'test-key-5f1c9a';

function fixture(name: string): string {
	return path.join(FIXTURES, `${name}.workflow.json`);
}

async function planOf(name: string) {
	return requirePlan(await loadWorkflowFile(fixture(name)));
}

/** A started server with the fixtures registered, and every run it reported. */
async function startServer(options: Partial<WebhookServerOptions> = {}) {
	const runs: RunRecord[] = [];
	const runWaiters: (() => void)[] = [];
	const server = new WebhookServer({
		keys: fixedKeyProvider([KEY]),
		port: 0,
		...options,
		onRun(record) {
			runs.push(record);
			runWaiters.splice(0).forEach((wake) => wake());
		},
	});
	for (const name of ['echo', 'queue', 'slow']) {
		server.registry.register(fixture(name), await planOf(name));
	}
	await server.start();
	const url = (pathAndQuery: string) => `${server.baseUrl}${pathAndQuery}`;
	const nextRun = () => new Promise<void>((resolve) => runWaiters.push(resolve));
	return { server, runs, url, nextRun };
}

type Started = Awaited<ReturnType<typeof startServer>>;

function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	return fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': KEY, ...headers },
		body: JSON.stringify(body),
	});
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
	const body = (await response.json()) as { error: { code: string; message: string } };
	return body.error;
}

describe('WebhookServer', () => {
	let started: Started;

	afterEach(async () => {
		await started?.server.stop();
	});

	describe('#authentication', () => {
		beforeEach(async () => {
			started = await startServer();
		});

		const ways: [string, (url: Started['url']) => Promise<Response>][] = [
			['query parameter', (url) => fetch(url(`echo?apiKey=${KEY}&x=1`))],
			['X-API-Key header', (url) => fetch(url('echo?x=1'), { headers: { 'X-API-Key': KEY } })],
			[
				'bearer token',
				(url) => fetch(url('echo?x=1'), { headers: { Authorization: `Bearer ${KEY}` } }),
			],
			['key in the path', (url) => fetch(url(`k/${KEY}/echo?x=1`))],
		];
		for (const [way, send] of ways) {
			it(`accepts the key as a ${way}`, async () => {
				const recorded = started.nextRun();

				const response = await send(started.url);
				await recorded;

				assert.equal(response.status, 201);
				const body = (await response.json()) as Record<string, unknown>;
				assert.equal(body.path, 'echo');
				assert.deepEqual(body.query, { x: '1' });
				const record = JSON.stringify(started.runs[0]);
				assert.equal(record.includes(KEY), false, 'the key reached the run record');
			});
		}

		it('rejects a request without a key', async () => {
			const response = await fetch(started.url('echo'));

			assert.equal(response.status, 401);
			assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="wireflow"');
			assert.equal((await errorOf(response)).code, 'missing_api_key');
		});

		it('rejects a wrong key', async () => {
			const response = await fetch(started.url('echo'), { headers: { 'X-API-Key': 'wrong' } });

			assert.equal(response.status, 401);
			assert.ok(response.headers.get('www-authenticate'));
			assert.equal((await errorOf(response)).code, 'invalid_api_key');
		});

		it('asks for a key before telling whether a path exists', async () => {
			const response = await fetch(started.url('no-such-hook'));

			assert.equal(response.status, 401);
		});
	});

	describe('#routing', () => {
		beforeEach(async () => {
			started = await startServer();
		});

		it('answers 404 for an unknown path', async () => {
			const response = await postJson(started.url('no-such-hook'), {});

			assert.equal(response.status, 404);
			assert.equal((await errorOf(response)).code, 'webhook_not_found');
		});

		it('answers 404 for a webhook that is not enabled', async () => {
			started.server.registry.setEnabled(fixture('echo'), false);

			const response = await postJson(started.url('echo'), {});

			assert.equal(response.status, 404);
			assert.equal((await errorOf(response)).code, 'webhook_not_enabled');
		});

		it('answers 405 with Allow for another method', async () => {
			const response = await fetch(started.url('queue/items'), {
				method: 'PUT',
				headers: { 'x-api-key': KEY },
			});

			assert.equal(response.status, 405);
			assert.equal(response.headers.get('allow'), 'POST');
			assert.equal((await errorOf(response)).code, 'method_not_allowed');
		});

		it('serves paths that contain slashes', async () => {
			const response = await postJson(started.url('queue/items'), { n: 1 });

			assert.equal(response.status, 202);
		});

		it('answers 404 outside /webhook', async () => {
			const response = await fetch(started.url('').replace('/webhook/', '/other'));

			assert.equal(response.status, 404);
			assert.equal((await errorOf(response)).code, 'not_found');
		});
	});

	describe('#bodies', () => {
		beforeEach(async () => {
			started = await startServer({ maxBodyBytes: 200 });
		});

		it('parses a JSON body', async () => {
			const response = await postJson(started.url('echo'), { a: [1, 2] });

			assert.deepEqual(((await response.json()) as { body: unknown }).body, { a: [1, 2] });
		});

		it('parses a form body', async () => {
			const response = await fetch(started.url('echo'), {
				method: 'PATCH',
				headers: { 'x-api-key': KEY, 'content-type': 'application/x-www-form-urlencoded' },
				body: 'name=ada&tag=a&tag=b',
			});

			const body = ((await response.json()) as { body: unknown; method: string }).body;
			assert.deepEqual(body, { name: 'ada', tag: ['a', 'b'] });
		});

		it('reads a text body as a string', async () => {
			const response = await fetch(started.url('echo'), {
				method: 'PUT',
				headers: { 'x-api-key': KEY, 'content-type': 'text/plain' },
				body: 'hello',
			});

			assert.equal(((await response.json()) as { body: unknown }).body, 'hello');
		});

		it('answers 400 with the parser message for bad JSON', async () => {
			const response = await fetch(started.url('echo'), {
				method: 'POST',
				headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
				body: '{"a": ',
			});

			assert.equal(response.status, 400);
			const error = await errorOf(response);
			assert.equal(error.code, 'invalid_body');
			assert.match(error.message, /^Invalid JSON body: .*JSON/);
		});

		it('answers 413 past the size limit', async () => {
			const response = await postJson(started.url('echo'), { text: 'x'.repeat(500) });

			assert.equal(response.status, 413);
			assert.equal((await errorOf(response)).code, 'body_too_large');
		});

		it('answers 415 for an unsupported media type', async () => {
			const response = await fetch(started.url('echo'), {
				method: 'POST',
				headers: { 'x-api-key': KEY, 'content-type': 'application/octet-stream' },
				body: 'bytes',
			});

			assert.equal(response.status, 415);
		});
	});

	describe('#responses', () => {
		it('sends the respond node status, headers and body', async () => {
			started = await startServer();

			const response = await postJson(started.url('echo?tag=x'), { n: 1 });

			assert.equal(response.status, 201);
			assert.equal(response.headers.get('x-echo'), 'yes');
			assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
			assert.deepEqual(await response.json(), {
				method: 'POST',
				path: 'echo',
				query: { tag: 'x' },
				body: { n: 1 },
			});
		});

		it('answers 202 with the run id without a respond node', async () => {
			started = await startServer();
			const recorded = started.nextRun();

			const response = await postJson(started.url('queue/items'), { n: 2 });
			await recorded;

			assert.equal(response.status, 202);
			const { runId } = (await response.json()) as { runId: string };
			assert.equal(started.runs[0].id, runId);
			assert.equal(started.runs[0].status, 'succeeded');
			assert.deepEqual(started.runs[0].output, { item: { n: 2 } });
		});

		it('answers 504 when the respond node is late and records the run', async () => {
			started = await startServer({ responseTimeoutMs: 50 });
			const recorded = started.nextRun();

			const response = await postJson(started.url('slow'), {});

			assert.equal(response.status, 504);
			assert.equal((await errorOf(response)).code, 'response_timeout');
			await recorded;
			assert.equal(started.runs[0].status, 'succeeded');
			assert.deepEqual(started.runs[0].response?.body, { waited: true });
		});

		it('answers 429 with Retry-After above the run limit', async () => {
			started = await startServer({ concurrency: 1 });
			const first = postJson(started.url('slow'), {});
			await waitFor(() => started.server.activeRuns === 1);

			const second = await postJson(started.url('slow'), {});

			assert.equal(second.status, 429);
			assert.equal(second.headers.get('retry-after'), '1');
			assert.equal((await errorOf(second)).code, 'too_many_runs');
			assert.equal((await first).status, 200);
		});
	});

	describe('#stop', () => {
		it('lets a run in flight answer and be recorded', async () => {
			started = await startServer();
			const inFlight = postJson(started.url('slow'), {});
			await waitFor(() => started.server.activeRuns === 1);

			await started.server.stop();
			const response = await inFlight;

			assert.equal(response.status, 200);
			assert.deepEqual(await response.json(), { waited: true });
			assert.equal(started.runs.length, 1);
			await assert.rejects(postJson(started.url('slow'), {}));
		});

		it('cancels runs still going after the stop timeout', async () => {
			started = await startServer({ stopTimeoutMs: 50 });
			const inFlight = postJson(started.url('slow'), {});
			await waitFor(() => started.server.activeRuns === 1);

			await started.server.stop();

			assert.equal(started.runs.length, 1);
			assert.equal(started.runs[0].status, 'cancelled');
			assert.equal((await inFlight.catch(() => undefined))?.status ?? 500, 500);
		});
	});

	describe('#start', () => {
		it('rejects a port in use naming the port and the setting', async () => {
			started = await startServer();
			const port = started.server.address?.port;
			const second = new WebhookServer({
				keys: fixedKeyProvider([KEY]),
				port,
				portSetting: 'the --port option',
			});

			const error = await second.start().then(
				() => undefined,
				(failure: unknown) => failure,
			);

			assert.ok(error instanceof OperationalError);
			assert.equal(error.code, 'port_in_use');
			assert.match(error.message, new RegExp(`Port ${port} `));
			assert.match(error.message, /--port option/);
		});

		it('listens on 127.0.0.1 by default', async () => {
			started = await startServer();

			assert.equal(started.server.address?.address, '127.0.0.1');
		});
	});

	describe('#registry', () => {
		it('rejects a second workflow on the same path naming both files', async () => {
			const server = new WebhookServer({ keys: fixedKeyProvider([KEY]) });
			server.registry.register(fixture('dup-a'), await planOf('dup-a'));

			const second = await planOf('dup-b');

			assert.throws(
				() => server.registry.register(fixture('dup-b'), second),
				(error: unknown) =>
					error instanceof UserError &&
					error.code === 'webhook_path_taken' &&
					error.message.includes('dup-a.workflow.json') &&
					error.message.includes('dup-b.workflow.json'),
			);
		});

		it('frees the path when a workflow is unregistered', async () => {
			const server = new WebhookServer({ keys: fixedKeyProvider([KEY]) });
			server.registry.register(fixture('dup-a'), await planOf('dup-a'));

			server.registry.unregister(fixture('dup-a'));

			assert.equal(
				server.registry.register(fixture('dup-b'), await planOf('dup-b')).path,
				'shared',
			);
		});

		it('rejects a workflow without a webhook trigger', async () => {
			const server = new WebhookServer({ keys: fixedKeyProvider([KEY]) });

			const schedule = await planOf('every-second');

			assert.throws(
				() => server.registry.register(fixture('every-second'), schedule),
				(error: unknown) => error instanceof UserError && error.code === 'not_a_webhook',
			);
		});
	});
});

/** Polls a condition every 5 ms for up to 2 s. */
async function waitFor(condition: () => boolean): Promise<void> {
	const deadline = Date.now() + 2000;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('condition not met within 2 s');
		}
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}
