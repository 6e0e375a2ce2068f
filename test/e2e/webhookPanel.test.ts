import assert from 'node:assert/strict';
import { CanvasView } from './harness/canvas';
import { freePort } from './harness/codeServer';
import { sessionPerTest } from './harness/scenario';

const DEPLOY_WEBHOOK = 'deploy-webhook.workflow.json';

describe('Webhook panel', () => {
	const sessions = sessionPerTest();

	it('sends a test request to the server', async () => {
		const port = await freePort();
		const session = await sessions.start({
			name: 'webhook-panel',
			settings: { 'wireflow.webhook.port': port },
		});
		const { workbench } = session;
		const canvas = new CanvasView(
			workbench.page,
			await workbench.openInWebview(DEPLOY_WEBHOOK, '.wf-node'),
		);
		await canvas.node('on-deploy').click();
		const section = canvas.panel().locator('.wf-webhook');
		await section.locator('.wf-server-stopped').waitFor();

		// Both buttons run workbench commands, so Create API Key asks for the name in an input box.
		await section.locator('vscode-button', { hasText: 'Create API Key' }).click();
		await workbench.quickInputBox().fill('panel');
		await workbench.page.keyboard.press('Enter');
		await workbench.notification('Created API key "panel"').waitFor();
		const keyPicker = section.locator('vscode-dropdown#webhook-key');
		await keyPicker.waitFor();
		await section.locator('vscode-button', { hasText: 'Start Server' }).click();
		await section.locator('.wf-server-running').waitFor();
		assert.equal(
			await section.locator('#webhook-url').evaluate((field) => (field as HTMLInputElement).value),
			`http://127.0.0.1:${port}/webhook/deploys`,
		);
		assert.equal(
			await keyPicker.locator('vscode-option[aria-selected="true"]').innerText(),
			'panel',
		);

		await section.locator('.wf-webhook-send').click();

		await section.locator('.wf-test-status').waitFor({ timeout: 15_000 });
		await section.locator('.wf-test-run', { hasText: 'succeeded' }).waitFor({ timeout: 15_000 });
		// The panel opens the run beside the canvas after the response, and an editor that opens
		// closes the command palette, so the Runs view is reached through the activity bar.
		await workbench.page
			.locator('.tabs-container .tab[data-resource-name^="deploy-webhook "]')
			.waitFor();
		await workbench.showViewContainer('Wireflow');
		await workbench.viewRows('Runs').filter({ hasText: 'webhook · succeeded' }).first().waitFor();
		await section.locator('.wf-test-body').scrollIntoViewIfNeeded();
		await workbench.screenshot('webhook-panel');
		assert.match(await section.locator('.wf-test-status').innerText(), /^200 OK/);
		assert.deepEqual(JSON.parse(await section.locator('.wf-test-body').innerText()), {
			announced: true,
			text: 'checkout 2.14.0 is live in production (deployed by dana)',
			service: 'checkout',
		});
		assert.equal(
			await workbench
				.viewRows('Runs')
				.filter({ hasText: /webhook · \w+/ })
				.count(),
			1,
			'the test request started one run',
		);
	});
});
