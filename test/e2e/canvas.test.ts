import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CanvasView } from './harness/canvas';
import { REPOSITORY_ROOT } from './harness/paths';
import { sessionPerTest } from './harness/scenario';
import { waitFor } from './harness/waitFor';

const DEPLOY_WEBHOOK = 'deploy-webhook.workflow.json';
const TRIAGE_TICKET = 'triage-ticket.workflow.json';
const BROKEN = 'broken.workflow.json';

interface WorkflowJson {
	nodes: { id: string; type: string; name?: string; params?: Record<string, unknown> }[];
	connections: { from: string; to: string; output?: string }[];
	layout: Record<string, [number, number]>;
}

function repositoryText(...segments: string[]): string {
	return readFileSync(path.join(REPOSITORY_ROOT, ...segments), 'utf8');
}

describe('Canvas editor', () => {
	const sessions = sessionPerTest();

	it('shows an example with its nodes and connections', async () => {
		const session = await sessions.start({ name: 'open-example' });
		const original = repositoryText('examples', DEPLOY_WEBHOOK);
		const workflow = JSON.parse(original) as WorkflowJson;

		const canvas = new CanvasView(
			session.workbench.page,
			await session.workbench.openInWebview(DEPLOY_WEBHOOK, '.wf-node'),
		);
		await canvas
			.connections()
			.nth(workflow.connections.length - 1)
			.waitFor({ state: 'attached' });

		assert.deepEqual((await canvas.nodeIds()).sort(), workflow.nodes.map((node) => node.id).sort());
		assert.equal(await canvas.connections().count(), workflow.connections.length);
		assert.equal(await session.workbench.isDirty(DEPLOY_WEBHOOK), false);
		await session.workbench.screenshot('open-example');
		assert.equal(session.readFile(DEPLOY_WEBHOOK), original);
	});

	it('adds, connects and configures a node, then undoes it', async () => {
		const session = await sessions.start({ name: 'add-node' });
		const { workbench } = session;
		const original = session.readFile(DEPLOY_WEBHOOK);
		const before = JSON.parse(original) as WorkflowJson;
		const canvas = new CanvasView(
			workbench.page,
			await workbench.openInWebview(DEPLOY_WEBHOOK, '.wf-node'),
		);
		await canvas
			.connections()
			.nth(before.connections.length - 1)
			.waitFor({ state: 'attached' });

		// Drag "Log" from the palette to below the reply node.
		await canvas.frame.locator('.wf-palette-toggle').click();
		const logItem = canvas.frame.locator('.wf-palette-item[data-action-type="core.log"]');
		await logItem.waitFor();
		const reply = (await canvas.node('reply').boundingBox())!;
		const viewport = (await canvas.frame.locator('.wf-viewport').boundingBox())!;
		await logItem.dragTo(canvas.frame.locator('.wf-viewport'), {
			targetPosition: { x: reply.x - viewport.x, y: reply.y - viewport.y + 200 },
		});
		await canvas.frame.locator('.wf-node').nth(before.nodes.length).waitFor();
		const added = (await canvas.nodeIds()).filter((id) => !before.nodes.some((n) => n.id === id));
		assert.equal(added.length, 1, `one new node expected, found ${added.join(', ')}`);
		const newId = added[0];

		// The configuration panel now covers part of the graph: make room and fit it in view.
		await canvas.frame.locator('.wf-palette-toggle').click();
		await logItem.waitFor({ state: 'detached' });
		await canvas.frame.locator('vscode-button[aria-label="Fit to view"]').click();
		await canvas.connect('reply', newId);
		await canvas.connections().nth(before.connections.length).waitFor({ state: 'attached' });

		if (!(await canvas.panel().isVisible())) {
			await canvas.node(newId).click();
		}
		const message = canvas.paramInput('message');
		await message.fill('Answered {{ $input.service }}');
		// The message box is a text area: it reports the change when it loses focus.
		await message.press('Tab');
		await waitFor(
			'the new message in the document',
			10_000,
			async () => {
				await workbench.page.keyboard.press('Control+S');
				return session.readFile(DEPLOY_WEBHOOK).includes('Answered {{ $input.service }}');
			},
			1000,
		);
		await waitFor(
			'the tab to show no unsaved changes',
			10_000,
			async () => !(await workbench.isDirty(DEPLOY_WEBHOOK)),
		);
		await workbench.screenshot('add-node');

		const saved = session.readFile(DEPLOY_WEBHOOK);
		const after = JSON.parse(saved) as WorkflowJson;
		const node = after.nodes.find((candidate) => candidate.id === newId);
		assert.equal(node?.type, 'core.log');
		assert.equal(node?.params?.message, 'Answered {{ $input.service }}');
		assert.deepEqual(after.connections.at(-1), { from: 'reply', to: newId });
		assert.ok(Array.isArray(after.layout[newId]), 'the new node has a layout entry');
		assert.deepEqual(withoutNode(after, newId), before, 'nothing but the new node changed');
		assert.deepEqual(droppedLines(original, saved), [], 'every line of the file is kept');
		assert.ok(saved.endsWith('}\n'), 'the file ends with a newline');

		// Undo the three edits from the canvas: parameter, connection, node.
		await canvas.clickBackground();
		await workbench.page.keyboard.press('Control+Z');
		await waitFor(
			'the parameter edit to be undone',
			10_000,
			async () =>
				(await canvas.paramInput('message').count()) === 0 ||
				(await canvas.paramInput('message').inputValue()) !== 'Answered {{ $input.service }}',
		);
		await workbench.page.keyboard.press('Control+Z');
		await waitFor(
			'the connection to go',
			10_000,
			async () => (await canvas.connections().count()) === before.connections.length,
		);
		await workbench.page.keyboard.press('Control+Z');
		await waitFor(
			'the node to go',
			10_000,
			async () => (await canvas.nodeIds()).length === before.nodes.length,
		);
		await workbench.page.keyboard.press('Control+S');
		await waitFor(
			'the undone text on disk',
			10_000,
			() => session.readFile(DEPLOY_WEBHOOK) === original,
		);
		await workbench.screenshot('add-node-undone');
		assert.equal(await workbench.isDirty(DEPLOY_WEBHOOK), false);
	});

	it('follows edits made in the text editor beside it', async () => {
		const session = await sessions.start({
			name: 'text-beside',
			// Typed quotes must stay as typed.
			settings: { 'editor.autoClosingQuotes': 'never', 'editor.autoClosingBrackets': 'never' },
		});
		const { workbench } = session;
		const original = session.readFile(TRIAGE_TICKET);
		const lineIndex = original.split('\n').findIndex((line) => line.includes('"id": "to-billing"'));
		const column = original.split('\n')[lineIndex].indexOf('"type"') + 1;
		const canvas = new CanvasView(
			workbench.page,
			await workbench.openInWebview(TRIAGE_TICKET, '.wf-node'),
		);
		await canvas.node('to-billing').waitFor();

		await workbench.runCommand('View: Split Editor Right');
		await workbench.page
			.locator('.editor-group-container')
			.nth(1)
			.locator('.tab[data-resource-name="triage-ticket.workflow.json"]')
			.waitFor();
		await workbench.runCommand('Wireflow: Open as Text');
		const text = workbench.page.locator('.editor-group-container').nth(1).locator('.monaco-editor');
		await text.locator('.view-lines').click();
		await workbench.goToLine(lineIndex + 1, column);
		await workbench.page.keyboard.type('"name": "Billing desk", ');

		await canvas
			.node('to-billing')
			.locator('.wf-node-title', { hasText: 'Billing desk' })
			.waitFor({ timeout: 10_000 });
		await workbench.screenshot('text-beside');
		assert.equal(session.readFile(TRIAGE_TICKET), original, 'nothing is saved before Ctrl+S');

		await workbench.page.keyboard.press('Control+S');
		const expected = original.replace(
			'{ "id": "to-billing", "type"',
			'{ "id": "to-billing", "name": "Billing desk", "type"',
		);
		await waitFor(
			'the edited text on disk',
			10_000,
			() => session.readFile(TRIAGE_TICKET) === expected,
		);
	});

	it('shows the error view for a file with a syntax error', async () => {
		const broken = repositoryText('test', 'fixtures', 'invalid', 'syntax-error.workflow.json');
		const session = await sessions.start({ name: 'syntax-error', files: { [BROKEN]: broken } });
		const { workbench } = session;

		const view = await workbench.openInWebview(BROKEN, '.wf-error-view');

		await view.locator('.wf-error-view h1', { hasText: 'not valid JSON' }).waitFor();
		assert.ok((await view.locator('.wf-error-list li').count()) > 0, 'the problems are listed');
		assert.match(
			await view.locator('.wf-error-list li').first().innerText(),
			/Line \d+, column \d+/,
		);
		await workbench.screenshot('syntax-error');
		await view.locator('vscode-button', { hasText: 'Open as Text' }).click();
		await workbench.page.locator('.editor-group-container .monaco-editor').first().waitFor();
		assert.equal(await workbench.isDirty(BROKEN), false);
		await workbench.runCommand('View: Close All Editors');
		await workbench.tab(BROKEN).waitFor({ state: 'detached' });
		assert.equal(session.readFile(BROKEN), broken);
	});
});

/** Returns the workflow without `nodeId`, its connections and its layout entry. */
function withoutNode(workflow: WorkflowJson, nodeId: string): WorkflowJson {
	const layout = { ...workflow.layout };
	delete layout[nodeId];
	return {
		...workflow,
		nodes: workflow.nodes.filter((node) => node.id !== nodeId),
		connections: workflow.connections.filter((c) => c.from !== nodeId && c.to !== nodeId),
		layout,
	};
}

/**
 * Lines of `before` that are missing from `after`. A line that only gained a trailing comma,
 * because an element now follows it, counts as kept.
 */
function droppedLines(before: string, after: string): string[] {
	const afterLines = new Set(after.split('\n'));
	return before.split('\n').filter((line) => !afterLines.has(line) && !afterLines.has(`${line},`));
}
