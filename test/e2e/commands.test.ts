import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { CanvasView } from './harness/canvas';
import { expectedOrderSummary } from './harness/cli';
import { freePort } from './harness/codeServer';
import { sessionPerTest } from './harness/scenario';
import { waitFor } from './harness/waitFor';

const ORDER_SUMMARY = 'order-summary.workflow.json';
const TICK = 'tick.workflow.json';

/**
 * A workflow whose schedule fires every second. Each run appends a line to out/ticks.log.
 *
 *   every-second ──▶ append
 */
const TICK_WORKFLOW = `{
  "version": 1,
  "name": "Tick",
  "nodes": [
    { "id": "every-second", "type": "trigger.schedule", "params": { "cron": "* * * * * *" } },
    { "id": "append", "type": "core.writeFile", "params": { "path": "out/ticks.log", "content": "{{ $trigger.firedAt & '\\\\n' }}", "append": true } }
  ],
  "connections": [{ "from": "every-second", "to": "append" }],
  "layout": { "every-second": [40, 80], "append": [280, 80] }
}
`;

describe('Commands', () => {
	const sessions = sessionPerTest();

	it('rejects a new workflow named Amazon…', async () => {
		const session = await sessions.start({ name: 'new-workflow-amazon' });
		const { workbench } = session;
		const before = readdirSync(session.workspace).sort();

		await workbench.runCommand('Wireflow: New Workflow');
		await workbench.quickInputBox().fill('Amazon order sync');
		const message = workbench.quickInputMessage();
		await message.filter({ hasText: 'amazon' }).waitFor({ timeout: 10_000 });
		await workbench.page.keyboard.press('Enter');

		assert.match(await message.innerText(), /starts with "Amazon"/);
		assert.ok(await workbench.quickInputBox().isVisible(), 'the input box stays open');
		await workbench.screenshot('new-workflow-amazon');
		await workbench.page.keyboard.press('Escape');
		assert.deepEqual(readdirSync(session.workspace).sort(), before, 'no file is created');
	});

	it('runs a workflow from the command palette', async () => {
		const session = await sessions.start({ name: 'run-workflow' });
		const { workbench } = session;
		const canvas = new CanvasView(
			workbench.page,
			await workbench.openInWebview(ORDER_SUMMARY, '.wf-node'),
		);
		const nodeIds = await canvas.nodeIds();

		await workbench.runCommand('Wireflow: Run Workflow');

		await workbench.notification(/Workflow "Order summary per customer" succeeded/).waitFor();
		await workbench.notification('Running order-summary').waitFor({ state: 'detached' });
		for (const id of nodeIds) {
			await canvas.node(id).and(canvas.frame.locator('.wf-node-status-succeeded')).waitFor();
		}
		await workbench.runCommand('Wireflow: Focus on Runs View');
		const run = workbench.viewRows('Runs').filter({ hasText: 'manual · succeeded' });
		await run.first().waitFor();
		await workbench.screenshot('run-workflow');
		assert.equal(await run.count(), 1);
		assert.deepEqual(
			JSON.parse(session.readFile('out/customer-summary.json')),
			JSON.parse(expectedOrderSummary()),
			'the run writes what the command line writes',
		);
	});

	it('answers webhooks that carry the API key', async () => {
		const port = await freePort();
		const session = await sessions.start({
			name: 'webhook',
			settings: { 'wireflow.webhook.port': port },
		});
		const { workbench } = session;
		const url = `http://127.0.0.1:${port}/webhook/deploys`;

		await workbench.runCommand('Wireflow: Create API Key');
		await workbench.quickInputBox().fill('e2e');
		await workbench.page.keyboard.press('Enter');
		await workbench.notification('Created API key "e2e"').waitFor();
		const key = await workbench.clipboardText();
		await workbench.runCommand('Wireflow: Start Webhook Server');
		await workbench.notification(`Webhook server running at http://127.0.0.1:${port}/`).waitFor();

		const body = { service: 'checkout', env: 'prod', version: '2.15.0', author: 'e2e' };
		const accepted = await post(url, body, { 'X-API-Key': key });
		const rejected = await post(url, body, {});

		assert.equal(accepted.status, 200);
		assert.equal(accepted.headers.get('x-wireflow-workflow'), 'announce-deploys');
		assert.deepEqual(await accepted.json(), {
			announced: true,
			text: 'checkout 2.15.0 is live in production (deployed by e2e)',
			service: 'checkout',
		});
		assert.equal(rejected.status, 401);
		await workbench.runCommand('Wireflow: Focus on Runs View');
		await workbench.viewRows('Runs').filter({ hasText: 'webhook · succeeded' }).first().waitFor();
		await workbench.screenshot('webhook');
	});

	it('runs a schedule until it is unscheduled', async () => {
		const session = await sessions.start({ name: 'schedule', files: { [TICK]: TICK_WORKFLOW } });
		const { workbench } = session;
		const ticks = () =>
			existsSync(session.file('out/ticks.log'))
				? session.readFile('out/ticks.log').split('\n').filter(Boolean).length
				: 0;
		await workbench.openInWebview(TICK, '.wf-node');

		await workbench.runCommand('Wireflow: Schedule Workflow');
		await workbench.notification(`Scheduled "${TICK}"`).waitFor();
		await waitFor('two scheduled runs', 15_000, () => ticks() >= 2);
		await workbench.runCommand('Wireflow: Focus on Runs View');
		await workbench.viewRows('Runs').filter({ hasText: 'schedule · succeeded' }).nth(1).waitFor();
		await workbench.screenshot('schedule');
		await workbench.runCommand('Wireflow: Unschedule Workflow');
		await workbench.quickInputRow(TICK).click();
		await workbench.notification(`Unscheduled "${TICK}"`).waitFor();

		// A run that fired just before the unschedule may still finish, but no run may follow it.
		await new Promise((resolve) => setTimeout(resolve, 500));
		const settled = ticks();
		await new Promise((resolve) => setTimeout(resolve, 3000));
		assert.equal(ticks(), settled, 'no run after the schedule is off');
	});

	it('refuses to run in an untrusted workspace', async () => {
		const session = await sessions.start({ name: 'untrusted', trustWorkspace: false });
		const { workbench } = session;
		await workbench.openInWebview(ORDER_SUMMARY, '.wf-node');

		await workbench.runCommand('Wireflow: Run Workflow');

		await workbench.notification(/this workspace is not trusted/).waitFor();
		await workbench.screenshot('untrusted');
		assert.equal(existsSync(session.file('out/customer-summary.json')), false);
	});
});

async function post(url: string, body: unknown, headers: Record<string, string>) {
	return fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
}
