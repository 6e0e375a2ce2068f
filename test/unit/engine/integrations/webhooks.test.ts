import assert from 'node:assert/strict';
import { testAccount } from '../../../../src/engine';
import type { AccountData } from '../../../../src/shared/accounts';
import { FakeService, jsonBody, runNode } from './fakeService';

describe('teams and discord', () => {
	let service: FakeService;

	beforeEach(async () => {
		service = await FakeService.start();
	});

	afterEach(async () => {
		await service.close();
	});

	describe('teams.postMessage', () => {
		const teams = (): AccountData => ({
			name: 'teams-ops',
			integration: 'teams',
			auth: 'webhook',
			fields: { webhookUrl: `${service.url}/workflows/abc/triggers/manual/paths/invoke?sig=xyz` },
		});

		it('posts an Adaptive Card with the title and text', async () => {
			service.reply({ status: 202, body: '' });

			const node = await runNode(
				'teams.postMessage',
				{ account: 'teams-ops', title: 'Deployed', text: 'v1.4.2 is live' },
				[teams()],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.last.method, 'POST');
			assert.equal(service.last.path, '/workflows/abc/triggers/manual/paths/invoke');
			assert.equal(service.last.query.sig, 'xyz');
			const body = jsonBody(service.last) as {
				type: string;
				attachments: { contentType: string; content: { type: string; body: { text: string }[] } }[];
			};
			assert.equal(body.type, 'message');
			assert.equal(body.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
			assert.equal(body.attachments[0].content.type, 'AdaptiveCard');
			assert.deepEqual(
				body.attachments[0].content.body.map((block) => block.text),
				['Deployed', 'v1.4.2 is live'],
			);
			assert.deepEqual(node.output, { ok: true, status: 202 });
		});

		it('reports a 400 with the plain-text reason', async () => {
			service.reply({ status: 400, body: 'Bad payload received by generic incoming webhook.' });

			const node = await runNode('teams.postMessage', { account: 'teams-ops', text: 'x' }, [
				teams(),
			]);

			assert.equal(node.error?.code, 'integration_http_status');
			assert.match(node.error?.message ?? '', /Bad payload/);
			assert.doesNotMatch(node.error?.message ?? '', /sig=xyz/);
		});
	});

	describe('discord.sendMessage', () => {
		const discord = (): AccountData => ({
			name: 'discord-releases',
			integration: 'discord',
			auth: 'webhook',
			fields: { webhookUrl: `${service.url}/api/webhooks/123/token` },
		});

		it('posts with wait=true and outputs the created message', async () => {
			service.reply({ body: { id: '999', channel_id: '555', content: 'hi' } });

			const node = await runNode(
				'discord.sendMessage',
				{ account: 'discord-releases', content: 'hi', username: 'Wireflow' },
				[discord()],
			);

			assert.equal(service.last.path, '/api/webhooks/123/token');
			assert.equal(service.last.query.wait, 'true');
			assert.deepEqual(jsonBody(service.last), { content: 'hi', username: 'Wireflow' });
			assert.deepEqual(node.output, { id: '999', channel_id: '555', content: 'hi' });
		});

		it('retries a 429 after Retry-After', async () => {
			service.reply(
				{
					status: 429,
					headers: { 'retry-after': '0' },
					body: { message: 'You are being rate limited.', retry_after: 0 },
				},
				{ body: { id: '1' } },
			);

			const node = await runNode(
				'discord.sendMessage',
				{ account: 'discord-releases', content: 'x' },
				[discord()],
			);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.requests.length, 2);
		});

		it('reports Unknown Webhook on 404', async () => {
			service.reply({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } });

			const node = await runNode(
				'discord.sendMessage',
				{ account: 'discord-releases', content: 'x' },
				[discord()],
			);

			assert.equal(node.error?.code, 'integration_not_found');
			assert.match(node.error?.message ?? '', /Unknown Webhook/);
		});

		it('testAccount reads the webhook with GET', async () => {
			service.reply({ body: { name: 'Releases', channel_id: '555' } });

			const summary = await testAccount(discord());

			assert.equal(service.last.method, 'GET');
			assert.match(summary, /"Releases" posts to channel 555/);
		});
	});
});
