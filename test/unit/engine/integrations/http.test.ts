import assert from 'node:assert/strict';
import {
	MAX_RATE_LIMIT_ATTEMPTS,
	retryAfterMs,
} from '../../../../src/engine/integrations/httpClient';
import { nextLink } from '../../../../src/engine/integrations/operationActions';
import type { AccountData } from '../../../../src/shared/accounts';
import { FakeService, jsonBody, runNode } from './fakeService';

function account(auth: string, fields: Record<string, string>): AccountData {
	return { name: 'api', integration: 'http', auth, fields };
}

describe('http.request', () => {
	let service: FakeService;

	beforeEach(async () => {
		service = await FakeService.start();
	});

	afterEach(async () => {
		await service.close();
	});

	describe('#auth', () => {
		it('sends basic credentials', async () => {
			const node = await runNode('http.request', { account: 'api', path: '/items' }, [
				account('basic', { baseUrl: service.url, username: 'ada', password: 's3cret' }),
			]);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(
				service.last.headers.authorization,
				`Basic ${Buffer.from('ada:s3cret').toString('base64')}`,
			);
			assert.equal(service.last.path, '/items');
		});

		it('sends a bearer token', async () => {
			await runNode('http.request', { account: 'api', path: '/items' }, [
				account('bearer', { baseUrl: service.url, token: 'tok' }),
			]);

			assert.equal(service.last.headers.authorization, 'Bearer tok');
		});

		it('sends an API key in the named header', async () => {
			await runNode('http.request', { account: 'api', path: '/items' }, [
				account('apiKeyHeader', { baseUrl: service.url, headerName: 'X-Key', apiKey: 'k1' }),
			]);

			assert.equal(service.last.headers['x-key'], 'k1');
			assert.equal(service.last.headers.authorization, undefined);
		});

		it('sends an API key in the named query param', async () => {
			await runNode('http.request', { account: 'api', path: '/items', query: { page: 2 } }, [
				account('apiKeyQuery', { baseUrl: service.url, paramName: 'key', apiKey: 'k2' }),
			]);

			assert.deepEqual(service.last.query, { page: '2', key: 'k2' });
		});

		it('runs without an account when given an absolute URL', async () => {
			const node = await runNode('http.request', { path: `${service.url}/open` }, []);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.path, '/open');
			assert.equal(service.last.headers.authorization, undefined);
		});
	});

	describe('#request', () => {
		it('sends the method, headers and JSON body and outputs the response', async () => {
			service.reply({ status: 201, body: { id: 7 }, headers: { 'x-request-id': 'r1' } });

			const node = await runNode(
				'http.request',
				{
					account: 'api',
					method: 'POST',
					path: '/items',
					headers: { 'X-Trace': 'abc' },
					body: { name: 'widget' },
				},
				[account('none', { baseUrl: `${service.url}/v1/` })],
			);

			assert.equal(service.last.method, 'POST');
			assert.equal(service.last.path, '/v1/items');
			assert.equal(service.last.headers['x-trace'], 'abc');
			assert.match(String(service.last.headers['content-type']), /^application\/json/);
			assert.deepEqual(jsonBody(service.last), { name: 'widget' });
			const output = node.output as {
				status: number;
				body: unknown;
				headers: Record<string, string>;
			};
			assert.equal(output.status, 201);
			assert.deepEqual(output.body, { id: 7 });
			assert.equal(output.headers['x-request-id'], 'r1');
		});
	});

	describe('#errors', () => {
		const api = () => [account('bearer', { baseUrl: service.url, token: 'bad' })];

		it('fails with integration_unauthorized on 401', async () => {
			service.reply({ status: 401, body: { error: 'invalid token' } });

			const node = await runNode('http.request', { account: 'api', path: '/me' }, api());

			assert.equal(node.status, 'failed');
			assert.equal(node.error?.code, 'integration_unauthorized');
			assert.match(node.error?.message ?? '', /account "api"/);
			assert.equal((node.error?.details as { status?: number } | undefined)?.status, 401);
		});

		it('fails with integration_not_found on 404', async () => {
			service.reply({ status: 404, body: 'missing' });

			const node = await runNode('http.request', { account: 'api', path: '/nope' }, api());

			assert.equal(node.error?.code, 'integration_not_found');
			assert.match(node.error?.message ?? '', /GET \/nope/);
		});

		it('fails with integration_http_status on 5xx without retrying', async () => {
			service.reply({ status: 503, body: 'down' });

			const node = await runNode('http.request', { account: 'api', path: '/x' }, api());

			assert.equal(node.error?.code, 'integration_http_status');
			assert.equal((node.error?.details as { status?: number } | undefined)?.status, 503);
			assert.equal(service.requests.length, 1);
		});

		it('retries 429 after Retry-After and succeeds', async () => {
			service.reply(
				{ status: 429, headers: { 'retry-after': '1' }, body: {} },
				{ status: 200, body: { ok: 1 } },
			);

			const node = await runNode('http.request', { account: 'api', path: '/x' }, api());

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.requests.length, 2);
			assert.ok(service.requests[1].at - service.requests[0].at >= 950, 'waited Retry-After');
		});

		it('gives up on 429 after the bounded attempts', async () => {
			service.handleWith(() => ({ status: 429, headers: { 'retry-after': '0' }, body: {} }));

			const node = await runNode('http.request', { account: 'api', path: '/x' }, api());

			assert.equal(node.error?.code, 'integration_rate_limited');
			assert.equal(service.requests.length, MAX_RATE_LIMIT_ATTEMPTS);
		});

		it('fails at once on 429 with a Retry-After above the maximum wait', async () => {
			service.reply({ status: 429, headers: { 'retry-after': '3600' }, body: {} });

			const node = await runNode('http.request', { account: 'api', path: '/x' }, api());

			assert.equal(node.error?.code, 'integration_rate_limited');
			assert.equal(service.requests.length, 1);
		});

		it('fails with integration_timeout when no reply comes in time', async () => {
			service.reply({ hang: true });

			const node = await runNode(
				'http.request',
				{ account: 'api', path: '/slow', timeoutMs: 200 },
				api(),
			);

			assert.equal(node.error?.code, 'integration_timeout');
			assert.match(node.error?.message ?? '', /200 ms/);
		});

		it('fails with integration_invalid_response on malformed JSON', async () => {
			service.reply({
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: '{"a":',
			});

			const node = await runNode('http.request', { account: 'api', path: '/x' }, api());

			assert.equal(node.error?.code, 'integration_invalid_response');
		});

		it('fails with integration_request_failed when nothing listens', async () => {
			const url = service.url;
			await service.close();
			service = await FakeService.start();

			const node = await runNode('http.request', { account: 'api', path: '/x' }, [
				account('none', { baseUrl: url }),
			]);

			assert.equal(node.error?.code, 'integration_request_failed');
		});
	});

	describe('#accounts', () => {
		it('fails with account_missing naming the account and the variable', async () => {
			const node = await runNode('http.request', { account: 'team-api', path: '/x' }, []);

			assert.equal(node.error?.code, 'account_missing');
			assert.match(node.error?.message ?? '', /"team-api"/);
			assert.match(node.error?.message ?? '', /WIREFLOW_ACCOUNT_TEAM_API/);
		});

		it('fails with account_wrong_integration for another integration', async () => {
			const node = await runNode('http.request', { account: 'api', path: '/x' }, [
				{ name: 'api', integration: 'slack', auth: 'bearer', fields: { token: 't' } },
			]);

			assert.equal(node.error?.code, 'account_wrong_integration');
		});

		it('fails with account_invalid when a required field is empty', async () => {
			const node = await runNode('http.request', { account: 'api', path: '/x' }, [
				account('bearer', { baseUrl: service.url }),
			]);

			assert.equal(node.error?.code, 'account_invalid');
			assert.match(node.error?.message ?? '', /"token"/);
			assert.equal(service.requests.length, 0);
		});
	});
});

describe('retryAfterMs', () => {
	it('reads seconds and HTTP dates', () => {
		const now = Date.parse('2026-01-05T09:00:00Z');

		assert.equal(retryAfterMs('2', now), 2000);
		assert.equal(retryAfterMs('Mon, 05 Jan 2026 09:00:03 GMT', now), 3000);
		assert.equal(retryAfterMs(undefined, now), 1000);
		assert.equal(retryAfterMs('soon', now), undefined);
	});
});

describe('nextLink', () => {
	it('finds rel="next" among other relations', () => {
		const header =
			'<https://api.github.com/r?page=3>; rel="next", <https://api.github.com/r?page=9>; rel="last"';

		assert.equal(nextLink(header), 'https://api.github.com/r?page=3');
		assert.equal(nextLink('<https://x/r?page=1>; rel="prev"'), undefined);
		assert.equal(nextLink(undefined), undefined);
	});
});
