import assert from 'node:assert/strict';
import path from 'node:path';
import { AccountMap, loadWorkflowFile, requirePlan } from '../../../../src/engine';
import type { RunRecord } from '../../../../src/shared/model';
import { fixedKeyProvider } from '../../../../src/triggers/apiKeys';
import { WebhookServer } from '../../../../src/triggers/webhookServer';
import { FakeService, jsonBody } from './fakeService';

const example = path.join(__dirname, '../../../../examples/release-announce.workflow.json');
const API_KEY = 'test-key';

/*
 * GitHub ──release──▶ webhook server ──▶ is-published ─true─▶ post-to-slack  ──▶ fake Slack
 *                                                      └────▶ publish-to-sns ──▶ fake SNS
 */
describe('release-announce example', () => {
	let slack: FakeService;
	let sns: FakeService;
	let server: WebhookServer;
	let runs: RunRecord[];

	beforeEach(async () => {
		slack = await FakeService.start(() => ({
			body: { ok: true, channel: 'C1', ts: '1767603600.000100', message: {} },
		}));
		sns = await FakeService.start(() => ({
			headers: { 'content-type': 'text/xml' },
			body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>msg-7</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>',
		}));
		runs = [];
		const accounts = new AccountMap([
			{
				name: 'team-slack',
				integration: 'slack',
				auth: 'bearer',
				fields: { token: 'xoxb-release', baseUrl: slack.url },
			},
			{
				name: 'aws-prod',
				integration: 'aws',
				auth: 'accessKey',
				fields: {
					accessKeyId: 'AKIDEXAMPLE',
					secretAccessKey: 'secret',
					region: 'eu-west-1',
					endpoint: sns.url,
				},
			},
		]);
		server = new WebhookServer({
			keys: fixedKeyProvider([API_KEY]),
			port: 0,
			accounts,
			onRun: (record) => runs.push(record),
		});
		server.registry.register(example, requirePlan(await loadWorkflowFile(example)));
		await server.start();
	});

	afterEach(async () => {
		await server.stop();
		await slack.close();
		await sns.close();
	});

	async function deliver(event: string, body: unknown): Promise<RunRecord> {
		const response = await fetch(`${server.baseUrl}/github/releases?apiKey=${API_KEY}`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-github-event': event,
				'x-github-delivery': 'delivery-1',
			},
			body: JSON.stringify(body),
		});
		assert.equal(response.status, 202, await response.text());
		for (let waited = 0; runs.length === 0 && waited < 10_000; waited += 20) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		assert.equal(runs.length, 1, 'the run finished');
		return runs[0];
	}

	const published = {
		action: 'published',
		release: {
			tag_name: 'v2.0.0',
			prerelease: false,
			html_url: 'https://github.com/octo-org/app/releases/tag/v2.0.0',
			author: { login: 'ada' },
		},
		repository: { name: 'app', full_name: 'octo-org/app' },
	};

	it('posts to Slack and publishes to SNS for a published release', async () => {
		const run = await deliver('release', published);

		assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
		assert.equal(slack.requests.length, 1);
		assert.equal(slack.last.path, '/chat.postMessage');
		assert.equal(slack.last.headers.authorization, 'Bearer xoxb-release');
		assert.deepEqual(jsonBody(slack.last), {
			channel: '#releases',
			text: ':rocket: octo-org/app v2.0.0 is out: https://github.com/octo-org/app/releases/tag/v2.0.0',
		});
		assert.equal(sns.requests.length, 1);
		assert.match(
			String(sns.last.headers.authorization),
			/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\//,
		);
		const form = Object.fromEntries(new URLSearchParams(sns.last.body));
		assert.equal(form.Action, 'Publish');
		assert.equal(form.TopicArn, 'arn:aws:sns:eu-west-1:123456789012:releases');
		assert.equal(form.Subject, 'app v2.0.0 released');
		assert.deepEqual(JSON.parse(form.Message), {
			repository: 'octo-org/app',
			tag: 'v2.0.0',
			url: 'https://github.com/octo-org/app/releases/tag/v2.0.0',
			author: 'ada',
		});
		assert.deepEqual(run.nodes['publish-to-sns'].output, {
			messageId: 'msg-7',
			sequenceNumber: null,
		});
	});

	it('sends nothing for another event', async () => {
		const run = await deliver('release', { ...published, action: 'created' });

		assert.equal(run.status, 'succeeded');
		assert.equal(run.nodes.skip.status, 'succeeded');
		assert.equal(slack.requests.length, 0);
		assert.equal(sns.requests.length, 0);
	});
});
