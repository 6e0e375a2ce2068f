import assert from 'node:assert/strict';
import path from 'node:path';
import { loadWorkflowFile, requirePlan } from '../../../src/engine';
import {
	type RunHistory,
	curlCommand,
	findTestRun,
	sendTestRequest,
	testRequestUrl,
	waitForTestRun,
} from '../../../src/extension/editor/webhookTest';
import type { RunRecord } from '../../../src/shared/model';
import { fixedKeyProvider } from '../../../src/triggers/apiKeys';
import { WebhookServer } from '../../../src/triggers/webhookServer';

const FIXTURES = path.resolve(__dirname, '../../fixtures/triggers');
const KEY = 'panel-key-7d02';

/*
 * echo:  receive ─▶ reply (core.respond, 201 with the request)
 * queue: receive ─▶ keep  (no respond node, so 202 with the run id)
 */
function fixture(name: string): string {
	return path.join(FIXTURES, `${name}.workflow.json`);
}

/** A run history fed by the server's `onRun`, as the extension's run store is. */
class RecordedRuns implements RunHistory {
	readonly runs: RunRecord[] = [];
	private readonly _listeners = new Set<() => void>();

	add(record: RunRecord): void {
		this.runs.push(record);
		this._listeners.forEach((listener) => listener());
	}

	get(runId: string): RunRecord | undefined {
		return this.runs.find((run) => run.id === runId);
	}

	list(filter: { workflowFile: string; limit: number }): RunRecord[] {
		return this.runs
			.filter((run) => run.workflowFile === filter.workflowFile)
			.sort((a, b) => b.startedAt.localeCompare(a.startedAt))
			.slice(0, filter.limit);
	}

	onDidChange(listener: () => void): () => void {
		this._listeners.add(listener);
		return () => this._listeners.delete(listener);
	}
}

describe('webhook test requests', () => {
	let server: WebhookServer;
	let history: RecordedRuns;

	beforeEach(async () => {
		history = new RecordedRuns();
		server = new WebhookServer({
			keys: fixedKeyProvider([KEY]),
			port: 0,
			onRun: (record) => history.add(record),
		});
		for (const name of ['echo', 'queue']) {
			server.registry.register(fixture(name), requirePlan(await loadWorkflowFile(fixture(name))));
		}
		await server.start();
	});

	afterEach(async () => {
		await server.stop();
	});

	function urlOf(webhookPath: string): string {
		return testRequestUrl(server.baseUrl!, webhookPath);
	}

	describe('#sendTestRequest', () => {
		it('returns the respond node status, headers and body', async () => {
			const response = await sendTestRequest({
				method: 'POST',
				url: urlOf('echo'),
				apiKey: KEY,
				body: '{"env":"prod"}',
				timeoutMs: 5000,
			});

			assert.equal(response.status, 201);
			assert.equal(response.statusText, 'Created');
			assert.ok(response.headers.some(([name, value]) => name === 'x-echo' && value === 'yes'));
			assert.deepEqual(JSON.parse(response.body).body, { env: 'prod' });
			assert.match(response.body, /\n {2}"method": "POST"/);
			assert.equal(response.startedRun, true);
			assert.equal(response.runId, undefined);
		});

		it('returns the run id of a 202 answer', async () => {
			const response = await sendTestRequest({
				method: 'POST',
				url: urlOf('queue/items'),
				apiKey: KEY,
				body: '{"item":1}',
				timeoutMs: 5000,
			});

			assert.equal(response.status, 202);
			assert.equal(response.startedRun, true);
			assert.match(response.runId ?? '', /^[0-9a-f-]{36}$/);
		});

		it('reports a wrong key as a rejection without a run', async () => {
			const response = await sendTestRequest({
				method: 'POST',
				url: urlOf('echo'),
				apiKey: 'not-the-key',
				body: '{}',
				timeoutMs: 5000,
			});

			assert.equal(response.status, 401);
			assert.equal(response.startedRun, false);
			assert.match(response.body, /invalid_api_key/);
		});

		it('reports an unknown path as a rejection without a run', async () => {
			const response = await sendTestRequest({
				method: 'POST',
				url: urlOf('nowhere'),
				apiKey: KEY,
				body: '{}',
				timeoutMs: 5000,
			});

			assert.equal(response.status, 404);
			assert.equal(response.startedRun, false);
		});

		it('sends no body with GET', async () => {
			const response = await sendTestRequest({
				method: 'GET',
				url: urlOf('echo'),
				apiKey: KEY,
				body: '{"ignored":true}',
				timeoutMs: 5000,
			});

			assert.equal(response.status, 201);
			assert.equal(JSON.parse(response.body).method, 'GET');
		});

		it('throws a clear error when the server is stopped', async () => {
			const url = urlOf('echo');
			await server.stop();

			await assert.rejects(
				sendTestRequest({ method: 'POST', url, apiKey: KEY, body: '{}', timeoutMs: 5000 }),
				(error: Error & { code?: string }) => {
					assert.equal(error.code, 'test_request_failed');
					assert.match(error.message, /ECONNREFUSED/);
					assert.match(error.message, /Check that the webhook server is running/);
					return true;
				},
			);
		});
	});

	describe('#waitForTestRun', () => {
		it('finds the run of a 202 answer by id', async () => {
			const sentAt = new Date().toISOString();
			const response = await sendTestRequest({
				method: 'POST',
				url: urlOf('queue/items'),
				apiKey: KEY,
				body: '{"item":2}',
				timeoutMs: 5000,
			});

			const run = await waitForTestRun(
				history,
				{ workflowFile: fixture('queue'), runId: response.runId, sentAt },
				5000,
			);

			assert.equal(run?.id, response.runId);
			assert.equal(run?.status, 'succeeded');
			assert.deepEqual((run?.trigger.data as { body: unknown }).body, { item: 2 });
		});

		it('finds the newest run when the answer has no id', async () => {
			const sentAt = new Date().toISOString();
			await sendTestRequest({
				method: 'POST',
				url: urlOf('echo'),
				apiKey: KEY,
				body: '{"n":3}',
				timeoutMs: 5000,
			});

			const run = await waitForTestRun(history, { workflowFile: fixture('echo'), sentAt }, 5000);

			assert.ok(run);
			assert.equal(run.workflowFile, fixture('echo'));
			assert.ok(run.startedAt >= sentAt);
		});

		it('ignores runs from before the request', async () => {
			await sendTestRequest({
				method: 'POST',
				url: urlOf('echo'),
				apiKey: KEY,
				body: '{}',
				timeoutMs: 5000,
			});
			await waitForTestRun(history, { workflowFile: fixture('echo'), sentAt: '' }, 5000);
			const later = new Date(Date.now() + 1000).toISOString();

			const found = findTestRun(history, { workflowFile: fixture('echo'), sentAt: later });
			const waited = await waitForTestRun(
				history,
				{ workflowFile: fixture('echo'), sentAt: later },
				50,
			);

			assert.equal(found, undefined);
			assert.equal(waited, undefined);
		});

		it('stops waiting when aborted', async () => {
			const controller = new AbortController();
			const waiting = waitForTestRun(
				history,
				{ workflowFile: fixture('echo'), runId: 'unknown', sentAt: '' },
				10_000,
				controller.signal,
			);

			controller.abort();

			assert.equal(await waiting, undefined);
		});
	});
});

describe('testRequestUrl', () => {
	it('keeps a loopback base URL', () => {
		assert.equal(
			testRequestUrl('http://127.0.0.1:8787/webhook/', '/deploys/'),
			'http://127.0.0.1:8787/webhook/deploys',
		);
	});

	it('replaces a wildcard listen address with the loopback address', () => {
		assert.equal(
			testRequestUrl('http://0.0.0.0:8787/webhook/', 'deploys'),
			'http://127.0.0.1:8787/webhook/deploys',
		);
		assert.equal(
			testRequestUrl('http://[::]:8787/webhook/', 'deploys'),
			'http://[::1]:8787/webhook/deploys',
		);
	});

	it('rejects an address of another interface', () => {
		assert.throws(
			() => testRequestUrl('http://192.168.1.20:8787/webhook/', 'deploys'),
			/only go to 127\.0\.0\.1/,
		);
	});
});

describe('curlCommand', () => {
	it('reads the key from an environment variable', () => {
		const command = curlCommand({
			method: 'POST',
			url: 'http://127.0.0.1:8787/webhook/deploys',
			body: '{\n  "env": "prod"\n}',
		});

		assert.equal(
			command,
			`curl -X POST 'http://127.0.0.1:8787/webhook/deploys' -H "X-API-Key: $WIREFLOW_API_KEY" -H 'Content-Type: application/json' --data-raw '{"env":"prod"}'`,
		);
	});

	it('writes the key itself when given', () => {
		const command = curlCommand({
			method: 'POST',
			url: 'http://127.0.0.1:8787/webhook/deploys',
			apiKey: 'wf_abc',
		});

		assert.match(command, /-H 'X-API-Key: wf_abc'/);
		assert.doesNotMatch(command, /WIREFLOW_API_KEY/);
	});

	it('quotes single quotes in the body', () => {
		const command = curlCommand({
			method: 'POST',
			url: 'http://127.0.0.1:8787/webhook/x',
			body: `{"text":"it's"}`,
		});

		assert.ok(command.endsWith(`--data-raw '{"text":"it'\\''s"}'`));
	});

	it('leaves the body out for GET', () => {
		const command = curlCommand({
			method: 'GET',
			url: 'http://127.0.0.1:8787/webhook/x',
			body: '{}',
		});

		assert.doesNotMatch(command, /--data-raw|Content-Type/);
	});
});
