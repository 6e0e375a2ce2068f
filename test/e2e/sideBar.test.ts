import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { expectedOrderSummary } from './harness/cli';
import { sessionPerTest } from './harness/scenario';
import { waitFor } from './harness/waitFor';

const WORKFLOWS = 'Workflows';

/**
 * Workflow name, trigger icon and description of each example in the Workflows view. A webhook
 * shows its path and a schedule its cron expression, each with whether it is on.
 */
const EXAMPLES: [name: string, icon: string, description: string][] = [
	['Announce deploys', 'radio-tower', '/deploys · off'],
	['Announce releases', 'radio-tower', '/github/releases · off'],
	['Order summary per customer', 'play', 'manual'],
	['Triage a support ticket', 'play', 'manual'],
	['Weekly sales report', 'watch', '0 8 * * 1 · off'],
	['Webhook benchmark', 'radio-tower', '/bench · off'],
];

/**
 * A workflow whose only connection ends at a node id with a typo, on line 8.
 *
 *   start ──▶ archiv (no such node)      archive
 */
const BROKEN_NAME = 'Archive old tickets';
const BROKEN_WORKFLOW = `{
  "version": 1,
  "name": "${BROKEN_NAME}",
  "nodes": [
    { "id": "start", "type": "trigger.manual" },
    { "id": "archive", "type": "core.log", "params": { "message": "archiving" } }
  ],
  "connections": [{ "from": "start", "to": "archiv" }]
}
`;

describe('Wireflow side bar', () => {
	const sessions = sessionPerTest();

	it('lists workflows and the first error', async () => {
		const session = await sessions.start({ name: 'side-bar-workflows' });
		const { workbench } = session;

		await workbench.showViewContainer('Wireflow');
		for (const [name] of EXAMPLES) {
			await workbench.viewRow(WORKFLOWS, name).waitFor();
		}
		for (const [name, icon, description] of EXAMPLES) {
			const row = workbench.viewRow(WORKFLOWS, name);
			assert.equal(await row.locator('.label-description').innerText(), description, name);
			assert.equal(
				await row.locator(`.custom-view-tree-node-item-icon.codicon-${icon}`).count(),
				1,
				`${name} has the ${icon} icon`,
			);
		}
		writeFileSync(session.file('archive-tickets.workflow.json'), BROKEN_WORKFLOW);
		const broken = workbench.viewRow(WORKFLOWS, BROKEN_NAME);
		await broken.waitFor({ timeout: 15_000 });
		await workbench.screenshot('side-bar-workflows');

		assert.match(
			await broken.locator('.label-description').innerText(),
			/^line 8: Connection 1 ends at "archiv", which is not a node id/,
		);
		assert.equal(await broken.locator('.custom-view-tree-node-item-icon.codicon-error').count(), 1);
		assert.equal(
			await broken.locator('.actions a[aria-label="Run Workflow"]').count(),
			0,
			'an invalid workflow has no Run action',
		);
		assert.equal(await workbench.viewRows(WORKFLOWS).count(), EXAMPLES.length + 1);
	});

	it('runs and schedules from inline actions', async () => {
		const session = await sessions.start({ name: 'side-bar-actions' });
		const { workbench } = session;
		await workbench.showViewContainer('Wireflow');
		const orderSummary = workbench.viewRow(WORKFLOWS, 'Order summary per customer');
		await orderSummary.waitFor();

		await workbench.clickRowAction(orderSummary, 'Run Workflow');

		await workbench.notification(/Workflow "Order summary per customer" succeeded/).waitFor();
		const run = workbench.viewRows('Runs').filter({ hasText: 'manual · succeeded' });
		await run.first().waitFor();
		await orderSummary.locator('.label-description', { hasText: /^manual · ✓/ }).waitFor();
		await workbench.screenshot('side-bar-run');
		assert.equal(await run.count(), 1);
		await waitFor('the output file', 5_000, () =>
			existsSync(session.file('out/customer-summary.json')),
		);
		assert.deepEqual(
			JSON.parse(session.readFile('out/customer-summary.json')),
			JSON.parse(expectedOrderSummary()),
		);

		const weekly = workbench.viewRow(WORKFLOWS, 'Weekly sales report');
		await workbench.clickRowAction(weekly, 'Schedule Workflow');
		await workbench.notification('Scheduled "weekly-report.workflow.json"').waitFor();
		await weekly.locator('.label-description', { hasText: 'scheduled 0 8 * * 1' }).waitFor();
		await workbench.expandView('Schedules');
		const schedule = workbench.viewRow('Schedules', 'Weekly sales report');
		await schedule.waitFor();
		await workbench.screenshot('side-bar-schedule');
		assert.equal(
			await schedule.locator('.label-description').innerText(),
			'0 8 * * 1 · Europe/Paris',
		);

		await workbench.clickRowAction(weekly, 'Unschedule Workflow');
		await workbench.notification('Unscheduled "weekly-report.workflow.json"').waitFor();
		await weekly.locator('.label-description', { hasText: '0 8 * * 1 · off' }).waitFor();
		await schedule.waitFor({ state: 'detached' });
	});
});
