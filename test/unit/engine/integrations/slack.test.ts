import assert from 'node:assert/strict';
import { testAccount } from '../../../../src/engine';
import type { AccountData } from '../../../../src/shared/accounts';
import { FakeService, jsonBody, runNode } from './fakeService';

describe('slack', () => {
	let service: FakeService;
	let bot: AccountData;
	let hook: AccountData;

	beforeEach(async () => {
		service = await FakeService.start();
		bot = {
			name: 'team-slack',
			integration: 'slack',
			auth: 'bearer',
			fields: { token: 'xoxb-1', baseUrl: `${service.url}/api` },
		};
		hook = {
			name: 'slack-hook',
			integration: 'slack',
			auth: 'webhook',
			fields: { webhookUrl: `${service.url}/services/T1/B1/secret` },
		};
	});

	afterEach(async () => {
		await service.close();
	});

	describe('#postMessage', () => {
		it('posts to chat.postMessage with the bot token', async () => {
			service.reply({
				body: { ok: true, channel: 'C1', ts: '1700000000.000100', message: { text: 'hi' } },
			});

			const node = await runNode(
				'slack.postMessage',
				{ account: 'team-slack', channel: '#releases', text: 'hi', threadTs: '1.2' },
				[bot],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.method, 'POST');
			assert.equal(service.last.path, '/api/chat.postMessage');
			assert.equal(service.last.headers.authorization, 'Bearer xoxb-1');
			assert.equal(service.last.headers['content-type'], 'application/json; charset=utf-8');
			assert.deepEqual(jsonBody(service.last), {
				channel: '#releases',
				text: 'hi',
				thread_ts: '1.2',
			});
			assert.deepEqual(node.output, {
				channel: 'C1',
				ts: '1700000000.000100',
				message: { text: 'hi' },
			});
		});

		it('fails on an ok: false body with the Slack error', async () => {
			service.reply({ body: { ok: false, error: 'channel_not_found' } });

			const node = await runNode(
				'slack.postMessage',
				{ account: 'team-slack', channel: '#nope', text: 'hi' },
				[bot],
			);

			assert.equal(node.error?.code, 'integration_api_error');
			assert.match(node.error?.message ?? '', /channel_not_found/);
			assert.equal((node.error?.details as { status?: number } | undefined)?.status, 200);
		});

		it('retries after a 429 with Retry-After', async () => {
			service.reply(
				{ status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } },
				{ body: { ok: true, channel: 'C1', ts: '1.1', message: {} } },
			);

			const node = await runNode(
				'slack.postMessage',
				{ account: 'team-slack', channel: 'C1', text: 'hi' },
				[bot],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.requests.length, 2);
		});

		it('rejects an incoming webhook account', async () => {
			const node = await runNode(
				'slack.postMessage',
				{ account: 'slack-hook', channel: 'C1', text: 'hi' },
				[hook],
			);

			assert.equal(node.error?.code, 'account_wrong_auth');
			assert.equal(service.requests.length, 0);
		});
	});

	describe('#sendWebhook', () => {
		it('posts the message to the webhook URL', async () => {
			service.reply({ body: 'ok' });

			const node = await runNode('slack.sendWebhook', { account: 'slack-hook', text: 'deployed' }, [
				hook,
			]);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.path, '/services/T1/B1/secret');
			assert.equal(service.last.headers.authorization, undefined);
			assert.deepEqual(jsonBody(service.last), { text: 'deployed' });
			assert.deepEqual(node.output, { ok: true });
		});

		it('reports the plain-text error without the secret URL', async () => {
			service.reply({ status: 404, body: 'channel_not_found' });

			const node = await runNode('slack.sendWebhook', { account: 'slack-hook', text: 'x' }, [hook]);

			assert.equal(node.error?.code, 'integration_not_found');
			assert.match(node.error?.message ?? '', /channel_not_found/);
			assert.doesNotMatch(node.error?.message ?? '', /secret/);
		});
	});

	describe('#listChannels', () => {
		it('follows next_cursor until the last page', async () => {
			service.reply(
				{ body: { ok: true, channels: [{ id: 'C1' }], response_metadata: { next_cursor: 'abc' } } },
				{ body: { ok: true, channels: [{ id: 'C2' }], response_metadata: { next_cursor: '' } } },
			);

			const node = await runNode('slack.listChannels', { account: 'team-slack' }, [bot]);

			assert.deepEqual(node.output, { items: [{ id: 'C1' }, { id: 'C2' }], count: 2 });
			assert.equal(service.requests[0].path, '/api/conversations.list');
			assert.equal(service.requests[0].query.cursor, undefined);
			assert.equal(service.requests[1].query.cursor, 'abc');
			assert.equal(service.requests[1].query.limit, '200');
		});
	});

	describe('#test', () => {
		it('calls auth.test and names the workspace and user', async () => {
			service.reply({ body: { ok: true, team: 'Acme', user: 'wireflow-bot' } });

			const summary = await testAccount(bot);

			assert.equal(service.last.path, '/api/auth.test');
			assert.equal(service.last.headers.authorization, 'Bearer xoxb-1');
			assert.match(summary, /Acme/);
			assert.match(summary, /wireflow-bot/);
		});

		it('fails on invalid_auth', async () => {
			service.reply({ body: { ok: false, error: 'invalid_auth' } });

			await assert.rejects(testAccount(bot), { code: 'integration_api_error' });
		});
	});
});
