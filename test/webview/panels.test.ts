import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadDocumentState } from '../../src/extension/editor/documentState';
import type { WebhookTestResponse } from '../../src/shared/protocol';
import { FakeHost, HarnessServer, launchChromium } from './harness';

const SCREENSHOTS = resolve(__dirname, '../../test-output/webview');

/*
 * deploy-webhook: on-deploy (webhook "deploys") ──▶ is-prod ──true/false──▶ … ──▶ reply
 * notify-slack:   start ──▶ notify (slack.postMessage, account "team-slack")
 */
const deployWebhook = readFileSync(
	join(__dirname, 'fixtures', 'deploy-webhook.workflow.json'),
	'utf8',
);
const notifySlack = readFileSync(join(__dirname, 'fixtures', 'notify-slack.workflow.json'), 'utf8');

const accepted: WebhookTestResponse = {
	method: 'POST',
	url: 'http://127.0.0.1:8787/webhook/deploys',
	status: 202,
	statusText: 'Accepted',
	headers: [
		['content-type', 'application/json; charset=utf-8'],
		['content-length', '49'],
	],
	body: '{\n  "runId": "3f2c9a4e-0b1d-4c55-9a61-2f0e8d7c6b5a"\n}',
	bodyTruncated: false,
	durationMs: 12,
	startedRun: true,
	runId: '3f2c9a4e-0b1d-4c55-9a61-2f0e8d7c6b5a',
};

describe('configuration panel webview', function () {
	let server: HarnessServer;
	let browser: Browser;
	let page: Page;
	let host: FakeHost;

	before(async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		server = await HarnessServer.start();
		browser = await launchChromium();
	});

	after(async () => {
		await browser?.close();
		await server?.close();
	});

	afterEach(async function () {
		const name = this.currentTest?.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase() ?? 'test';
		await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
		assert.deepEqual(host.errors, [], 'the page logged no errors');
		await page.close();
	});

	async function open(text: string, setUp: (host: FakeHost) => void = () => undefined) {
		page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		host = new FakeHost(page, text);
		setUp(host);
		await host.open(server.origin);
		await host.init();
		await page.waitForSelector('.wf-node');
	}

	async function choose(selectId: string, label: string): Promise<void> {
		await page.locator(`vscode-dropdown#${selectId}`).click();
		await page.locator(`vscode-dropdown#${selectId} vscode-option`, { hasText: label }).click();
	}

	describe('webhook trigger', () => {
		it('starts the server and creates a key', async () => {
			await open(deployWebhook);
			await page.locator('.wf-node[data-node-id="on-deploy"]').click();
			const section = page.locator('.wf-webhook');

			assert.match((await section.textContent()) ?? '', /Server stopped/);
			assert.equal(
				await page.locator('#webhook-url').evaluate((field) => (field as HTMLInputElement).value),
				'http://127.0.0.1:8787/webhook/deploys',
			);
			await section.locator('vscode-button', { hasText: 'Start Server' }).click();
			await section.locator('.wf-server-running').waitFor();
			await section.locator('vscode-button', { hasText: 'Create API Key' }).click();
			await page.locator('vscode-dropdown#webhook-key').waitFor();

			assert.equal(host.sent('startWebhookServer').length, 1);
			assert.equal(host.sent('createApiKey').length, 1);
			assert.equal(
				await page
					.locator('vscode-dropdown#webhook-key vscode-option[aria-selected="true"]')
					.textContent(),
				'ci',
			);
			assert.ok(await section.locator('.wf-webhook-send').isEnabled());
		});

		it('copies the URL and curl commands by key name', async () => {
			await open(deployWebhook, (fake) => {
				fake.webhookStatus = {
					...fake.webhookStatus,
					running: true,
					servedPath: 'deploys',
					keyNames: ['ci', 'deploy-bot'],
				};
			});
			await page.locator('.wf-node[data-node-id="on-deploy"]').click();

			await page.locator('vscode-button[aria-label="Copy URL"]').click();
			await choose('webhook-key', 'deploy-bot');
			await page.locator('vscode-button', { hasText: 'Copy as curl' }).click();
			await page.locator('vscode-button', { hasText: 'Copy with key' }).click();
			await page.locator('.wf-notice', { hasText: 'API key in it' }).waitFor();

			const copies = host.sent('copyWebhook');
			assert.deepEqual(
				copies.map((message) => [message.format, message.keyName]),
				[
					['url', 'ci'],
					['curl', 'deploy-bot'],
					['curlWithKey', 'deploy-bot'],
				],
			);
			assert.deepEqual(JSON.parse(copies[1].body ?? ''), {
				service: 'checkout',
				env: 'prod',
				version: '2.14.0',
				author: 'dana',
			});
		});

		it('sends a test request and shows the response and run', async () => {
			await open(deployWebhook, (fake) => {
				fake.webhookStatus = {
					...fake.webhookStatus,
					running: true,
					servedPath: 'deploys',
					keyNames: ['ci'],
				};
				fake.testResponse = accepted;
			});
			await page.locator('.wf-node[data-node-id="on-deploy"]').click();
			const before = host.text;
			const body = page.locator('#webhook-body textarea');

			await body.fill('{ "service": "search", "env": "staging" }');
			await page.locator('.wf-webhook-send').click();
			await page.locator('.wf-test-status').waitFor();
			const [request] = host.sent('sendTestRequest');
			await host.send({
				type: 'testRequestRun',
				requestId: request.requestId,
				run: { id: accepted.runId!, status: 'succeeded' },
			});
			await page.locator('.wf-test-run vscode-button', { hasText: 'Open run' }).click();

			assert.equal(request.keyName, 'ci');
			assert.equal(request.body, '{ "service": "search", "env": "staging" }');
			assert.equal(host.text, before, 'the draft body stays out of the file');
			assert.match((await page.locator('.wf-test-status').textContent()) ?? '', /202 Accepted/);
			assert.match((await page.locator('.wf-test-body').textContent()) ?? '', /"runId"/);
			assert.match(
				(await page.locator('.wf-test-run').textContent()) ?? '',
				/Run 3f2c9a4e succeeded/,
			);
			assert.deepEqual(host.sent('openRun'), [{ type: 'openRun', runId: accepted.runId }]);
		});

		it('saves the draft body as the sample body', async () => {
			await open(deployWebhook, (fake) => {
				fake.webhookStatus = { ...fake.webhookStatus, running: true, keyNames: ['ci'] };
			});
			await page.locator('.wf-node[data-node-id="on-deploy"]').click();

			await page.locator('#webhook-body textarea').fill('{"env":"dev"}');
			await page.locator('vscode-button', { hasText: 'Save as sample body' }).click();
			await host.waitForReplies('edit');
			await page.waitForFunction(() =>
				document
					.querySelector('.wf-webhook-body')
					?.textContent?.includes('sample body of the workflow file'),
			);

			assert.deepEqual(host.sent('edit')[0].edit, {
				kind: 'setParam',
				nodeId: 'on-deploy',
				path: ['sampleBody'],
				value: { env: 'dev' },
			});
			assert.match(host.text, /"sampleBody": \{\s*"env": "dev"\s*\}/);
		});

		it('rejects a body that is not JSON', async () => {
			await open(deployWebhook, (fake) => {
				fake.webhookStatus = { ...fake.webhookStatus, running: true, keyNames: ['ci'] };
			});
			await page.locator('.wf-node[data-node-id="on-deploy"]').click();

			await page.locator('#webhook-body textarea').fill('{ env: dev }');
			await page.locator('.wf-webhook-send[disabled]').waitFor({ state: 'attached' });

			assert.match(
				(await page.locator('.wf-webhook-body .wf-field-error').textContent()) ?? '',
				/Invalid JSON/,
			);
			assert.equal(await page.locator('.wf-webhook-send').getAttribute('disabled'), '');
		});

		it('shows a webhook path another file claims on the trigger', async () => {
			await open(deployWebhook);

			await host.send({
				type: 'documentChanged',
				document: loadDocumentState(host.text, '/w/deploy.workflow.json', {
					others: [
						{
							file: '/w/other/deploy-copy.workflow.json',
							name: 'Copy',
							valid: true,
							webhookPath: 'deploys',
							accounts: [],
						},
					],
					label: (file) => file.replace('/w/', ''),
				}),
			});
			await page.locator('.wf-node-trigger.wf-node-error').waitFor();
			await page.locator('.wf-node[data-node-id="on-deploy"]').click();

			const badge = page.locator('.wf-node[data-node-id="on-deploy"] .wf-node-badge');
			assert.match(
				(await badge.getAttribute('title')) ?? '',
				/also used by other\/deploy-copy\.workflow\.json/,
			);
			assert.match(
				(await page.locator('[data-param="path"] .wf-field-error').textContent()) ?? '',
				/also used by other\/deploy-copy\.workflow\.json/,
			);
		});
	});

	describe('integration node', () => {
		function withAccounts(fake: FakeHost): void {
			fake.accounts = { available: true, byIntegration: { slack: ['ops-slack', 'team-slack'] } };
		}

		it('shows the integration, account and operation', async () => {
			await open(notifySlack, withAccounts);
			await page.locator('.wf-node[data-node-id="notify"]').click();

			assert.match((await page.locator('.wf-integration-name').textContent()) ?? '', /Slack/);
			assert.equal(
				await page.locator('#node-account vscode-option[aria-selected="true"]').textContent(),
				'team-slack',
			);
			assert.equal(
				await page.locator('#node-operation vscode-option[aria-selected="true"]').textContent(),
				'Post Message',
			);
			assert.equal(await page.locator('[data-param="account"]').count(), 0);
			assert.equal(await page.locator('[data-param="channel"]').count(), 1);
		});

		it('chooses an account by name', async () => {
			await open(notifySlack, withAccounts);
			await page.locator('.wf-node[data-node-id="notify"]').click();

			await choose('node-account', 'ops-slack');
			await host.waitForReplies('edit');
			await page
				.locator('#node-account vscode-option[aria-selected="true"]', { hasText: 'ops-slack' })
				.waitFor({ state: 'attached' });

			assert.deepEqual(
				host.sent('edit').map((message) => message.edit),
				[{ kind: 'setParam', nodeId: 'notify', path: ['account'], value: 'ops-slack' }],
			);
			assert.match(host.text, /"account": "ops-slack"/);
		});

		it('adds an account and uses it', async () => {
			await open(notifySlack, withAccounts);
			await page.locator('.wf-node[data-node-id="notify"]').click();

			await choose('node-account', 'Add account…');
			// The account list changes first, then the edit that picks the new account follows.
			await host.waitForReplies('edit');
			await page
				.locator('#node-account vscode-option[aria-selected="true"]', { hasText: 'new-account' })
				.waitFor({ state: 'attached' });

			assert.deepEqual(
				host.sent('addAccount').map((message) => message.integration),
				['slack'],
			);
			assert.deepEqual(
				host.sent('edit').map((message) => message.edit),
				[{ kind: 'setParam', nodeId: 'notify', path: ['account'], value: 'new-account' }],
			);
			assert.match(host.text, /"account": "new-account"/);
		});

		it('changes the operation and keeps shared params', async () => {
			await open(notifySlack, withAccounts);
			await page.locator('.wf-node[data-node-id="notify"]').click();

			await choose('node-operation', 'List Channels');
			await page.waitForFunction(() =>
				document
					.querySelector('.wf-node[data-node-id="notify"]')
					?.textContent?.includes('List Channels'),
			);

			assert.deepEqual(host.sent('edit')[0].edit, {
				kind: 'changeOperation',
				nodeId: 'notify',
				actionType: 'slack.listChannels',
			});
			assert.match(host.text, /"type": "slack.listChannels"/);
			assert.match(host.text, /"account": "team-slack"/);
			assert.doesNotMatch(host.text, /"channel"/);
		});

		it('marks an account this machine lacks', async () => {
			await open(notifySlack, (fake) => {
				fake.accounts = { available: true, byIntegration: { slack: ['ops-slack'] } };
			});
			await page.locator('.wf-node[data-node-id="notify"]').click();

			assert.match(
				(await page.locator('#node-account + .wf-field-error').textContent()) ?? '',
				/no Slack account named "team-slack"/,
			);
		});

		it('groups the palette by integration', async () => {
			await open(notifySlack, withAccounts);
			await page.locator('.wf-palette-toggle').click();

			const slackGroup = page.locator('.wf-palette-group', {
				has: page.locator('.wf-palette-category', { hasText: /^Slack$/ }),
			});
			const titles = await slackGroup.locator('.wf-palette-title').allTextContents();
			assert.deepEqual(titles, ['Post Message', 'List Channels', 'Send to Incoming Webhook']);
			assert.equal(await slackGroup.locator('.wf-palette-category .codicon').count(), 1);
		});
	});
});
