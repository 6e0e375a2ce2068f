import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runOf, workflowOf } from '../../helpers/workflows';
import type { WorkflowNode } from '../../../src/shared/model';

/** Runs one node after a manual trigger and returns the run record. */
function runNode(node: Omit<WorkflowNode, 'id'>, options: Parameters<typeof runOf>[1] = {}) {
	return runOf(workflowOf([{ id: 'step', ...node }], [{ from: 'start', to: 'step' }]), options);
}

describe('core actions', () => {
	describe('core.http', () => {
		let server: http.Server;
		let base: string;
		const received: {
			method?: string;
			url?: string;
			headers: http.IncomingHttpHeaders;
			body: string;
		}[] = [];

		before(async () => {
			server = http.createServer((request, response) => {
				let body = '';
				request.on('data', (chunk) => (body += chunk));
				request.on('end', () => {
					received.push({
						method: request.method,
						url: request.url,
						headers: request.headers,
						body,
					});
					const url = new URL(request.url ?? '/', 'http://localhost');
					if (url.pathname === '/json') {
						response.writeHead(200, { 'content-type': 'application/json', 'x-trace': 't-1' });
						response.end(
							JSON.stringify({
								echo: body ? JSON.parse(body) : null,
								q: url.searchParams.get('q'),
							}),
						);
					} else if (url.pathname === '/missing') {
						response.writeHead(404, { 'content-type': 'application/json' });
						response.end('{"error":"not here"}');
					} else if (url.pathname === '/broken-json') {
						response.writeHead(200, { 'content-type': 'application/json' });
						response.end('{"half":');
					} else if (url.pathname === '/slow') {
						setTimeout(() => response.end('late'), 2000);
					} else {
						response.writeHead(200, { 'content-type': 'text/plain' });
						response.end('plain text');
					}
				});
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});

		after(async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		});

		beforeEach(() => {
			received.length = 0;
		});

		it('sends method, headers, query and a JSON body', async () => {
			const record = await runNode(
				{
					type: 'core.http',
					params: {
						method: 'POST',
						url: `${base}/json`,
						headers: { 'X-Token': 'abc' },
						query: { q: 'find me' },
						body: { n: '{{ $trigger.n }}' },
					},
				},
				{ trigger: { kind: 'manual', data: { n: 7 } } },
			);

			assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
			assert.equal(received[0].method, 'POST');
			assert.equal(received[0].url, '/json?q=find+me');
			assert.equal(received[0].headers['x-token'], 'abc');
			assert.equal(received[0].headers['content-type'], 'application/json');
			assert.deepEqual(record.output, {
				status: 200,
				headers: (record.output as { headers: Record<string, string> }).headers,
				body: { echo: { n: 7 }, q: 'find me' },
			});
			assert.equal(
				(record.output as { headers: Record<string, string> }).headers['x-trace'],
				't-1',
			);
		});

		it('returns text bodies as strings', async () => {
			const record = await runNode({ type: 'core.http', params: { url: `${base}/text` } });

			assert.equal((record.output as { body: unknown }).body, 'plain text');
		});

		it('fails on an error status with a clear message', async () => {
			const record = await runNode({ type: 'core.http', params: { url: `${base}/missing` } });

			assert.equal(record.status, 'failed');
			assert.equal(record.error?.code, 'http_status');
			assert.match(
				record.error?.message ?? '',
				/GET http:\/\/127\.0\.0\.1:\d+\/missing returned HTTP 404/,
			);
			assert.deepEqual(record.error?.details, { status: 404, body: { error: 'not here' } });
		});

		it('passes error statuses on when told to', async () => {
			const record = await runNode({
				type: 'core.http',
				params: { url: `${base}/missing`, failOnErrorStatus: false },
			});

			assert.equal(record.status, 'succeeded');
			assert.equal((record.output as { status: number }).status, 404);
		});

		it('reports a malformed JSON response', async () => {
			const record = await runNode({ type: 'core.http', params: { url: `${base}/broken-json` } });

			assert.equal(record.error?.code, 'http_invalid_json');
		});

		it('times out a slow response', async () => {
			const record = await runNode({
				type: 'core.http',
				params: { url: `${base}/slow`, timeoutMs: 100 },
			});

			assert.equal(record.error?.code, 'http_timeout');
			assert.match(record.error?.message ?? '', /no response within 100 ms/);
		});

		it('reports a refused connection', async () => {
			const closed = http.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const port = (closed.address() as AddressInfo).port;
			await new Promise((resolve) => closed.close(resolve));

			const record = await runNode({
				type: 'core.http',
				params: { url: `http://127.0.0.1:${port}/` },
			});

			assert.equal(record.error?.code, 'http_request_failed');
			assert.match(record.error?.message ?? '', /ECONNREFUSED/);
		});

		it('rejects a URL that is not http', async () => {
			const record = await runNode({ type: 'core.http', params: { url: 'file:///etc/passwd' } });

			assert.equal(record.error?.code, 'invalid_url');
		});
	});

	describe('core.readFile and core.writeFile', () => {
		let workspace: string;

		beforeEach(() => {
			workspace = mkdtempSync(path.join(tmpdir(), 'wireflow-files-'));
			mkdirSync(path.join(workspace, 'data'));
			writeFileSync(path.join(workspace, 'data', 'people.json'), '[{"name":"Ada"}]');
			writeFileSync(path.join(workspace, 'data', 'note.txt'), 'hello');
		});

		afterEach(() => {
			rmSync(workspace, { recursive: true, force: true });
		});

		it('reads JSON and text files', async () => {
			const json = await runNode(
				{ type: 'core.readFile', params: { path: 'data/people.json' } },
				{ workspaceRoot: workspace },
			);
			const text = await runNode(
				{ type: 'core.readFile', params: { path: 'data/note.txt' } },
				{ workspaceRoot: workspace },
			);

			assert.deepEqual(json.output, { path: 'data/people.json', content: [{ name: 'Ada' }] });
			assert.deepEqual(text.output, { path: 'data/note.txt', content: 'hello' });
		});

		it('writes JSON into new folders and appends text', async () => {
			await runNode(
				{ type: 'core.writeFile', params: { path: 'out/a/result.json', content: { ok: true } } },
				{ workspaceRoot: workspace },
			);
			await runNode(
				{
					type: 'core.writeFile',
					params: { path: 'data/note.txt', content: ' world', append: true },
				},
				{ workspaceRoot: workspace },
			);

			assert.equal(
				readFileSync(path.join(workspace, 'out/a/result.json'), 'utf8'),
				'{\n  "ok": true\n}\n',
			);
			assert.equal(readFileSync(path.join(workspace, 'data/note.txt'), 'utf8'), 'hello world');
		});

		it('rejects paths that escape the workspace', async () => {
			const read = await runNode(
				{ type: 'core.readFile', params: { path: '../../etc/passwd' } },
				{ workspaceRoot: workspace },
			);
			const write = await runNode(
				{ type: 'core.writeFile', params: { path: '/tmp/elsewhere.txt', content: 'x' } },
				{ workspaceRoot: workspace },
			);

			assert.equal(read.error?.code, 'path_outside_workspace');
			assert.equal(write.error?.code, 'path_outside_workspace');
		});

		it('rejects a symbolic link that leads outside the workspace', async () => {
			const outside = mkdtempSync(path.join(tmpdir(), 'wireflow-outside-'));
			symlinkSync(outside, path.join(workspace, 'link'));

			const record = await runNode(
				{ type: 'core.writeFile', params: { path: 'link/escape.txt', content: 'x' } },
				{ workspaceRoot: workspace },
			);

			rmSync(outside, { recursive: true, force: true });
			assert.equal(record.error?.code, 'path_outside_workspace');
		});

		it('reports a missing file by path', async () => {
			const record = await runNode(
				{ type: 'core.readFile', params: { path: 'data/none.json' } },
				{ workspaceRoot: workspace },
			);

			assert.equal(record.error?.code, 'file_not_found');
			assert.match(record.error?.message ?? '', /data\/none\.json/);
		});
	});

	describe('core.code', () => {
		it('returns the value of the code with input bound', async () => {
			const record = await runNode(
				{
					type: 'core.code',
					params: { code: 'return { n: input.values.reduce((a, b) => a + b, 0) };' },
				},
				{ trigger: { kind: 'manual', data: { values: [1, 2, 3] } } },
			);

			assert.deepEqual(record.output, { n: 6 });
		});

		it('does not treat braces in code as expressions', async () => {
			const record = await runNode({
				type: 'core.code',
				params: { code: 'const o = {a: {b: 1}}; return `{{${o.a.b}}}`;' },
			});

			assert.equal(record.output, '{{1}}');
		});

		it('stops code that runs too long', async () => {
			const record = await runNode({
				type: 'core.code',
				params: { code: 'while (true) {}', timeoutMs: 50 },
			});

			assert.equal(record.error?.code, 'code_timeout');
		});

		it('reports syntax errors and thrown errors', async () => {
			const syntax = await runNode({ type: 'core.code', params: { code: 'return (' } });
			const thrown = await runNode({
				type: 'core.code',
				params: { code: 'throw new Error("bad row")' },
			});

			assert.equal(syntax.error?.code, 'code_syntax_error');
			assert.equal(thrown.error?.code, 'code_error');
			assert.match(thrown.error?.message ?? '', /bad row/);
		});

		it('has no access to require or process', async () => {
			const record = await runNode({
				type: 'core.code',
				params: { code: 'return [typeof require, typeof process];' },
			});

			assert.deepEqual(record.output, ['undefined', 'undefined']);
		});
	});

	describe('core.set, core.log, core.delay', () => {
		it('keeps input fields when asked', async () => {
			const record = await runNode(
				{ type: 'core.set', params: { keepInput: true, values: { b: 2 } } },
				{ trigger: { kind: 'manual', data: { a: 1 } } },
			);

			assert.deepEqual(record.output, { a: 1, b: 2 });
		});

		it('logs through the injected logger and passes input on', async () => {
			const lines: string[] = [];
			const logger = {
				trace() {},
				debug() {},
				info: (message: string) => lines.push(message),
				warn() {},
				error() {},
			};

			const record = await runNode(
				{ type: 'core.log', params: { message: 'got {{ $input.a }}' } },
				{ logger, trigger: { kind: 'manual', data: { a: 5 } } },
			);

			assert.ok(lines.includes('got 5'));
			assert.deepEqual(record.output, { a: 5 });
		});

		it('rejects a negative delay from an expression', async () => {
			const record = await runNode({ type: 'core.delay', params: { ms: '{{ -5 }}' } });

			assert.equal(record.error?.code, 'invalid_input');
		});
	});
});
