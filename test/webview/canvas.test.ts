import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunRecord } from '../../src/shared/model';
import { FakeHost, HarnessServer, launchChromium } from './harness';

const SCREENSHOTS = resolve(__dirname, '../../test-output/webview');

/*
 * deploy-webhook:
 *
 *   on-deploy ──▶ is-prod ──true──▶ announce ──▶ reply
 *                        └─false──▶ ignore ───┘
 */
const deployWebhook = readFileSync(
	join(__dirname, 'fixtures', 'deploy-webhook.workflow.json'),
	'utf8',
);

interface WorkflowJson {
	nodes: { id: string; type: string }[];
	connections: { from: string; to: string; output?: string }[];
}

describe('workflow canvas webview', function () {
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

	beforeEach(async () => {
		page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
		host = new FakeHost(page, deployWebhook);
		await host.open(server.origin);
		await host.init();
		await page.waitForSelector('.wf-node');
	});

	afterEach(async function () {
		const name = this.currentTest?.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase() ?? 'test';
		await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
		assert.deepEqual(host.errors, [], 'the page logged no errors');
		await page.close();
	});

	async function nodeBox(id: string) {
		const box = await page.locator(`.wf-node[data-node-id="${id}"]`).boundingBox();
		assert.ok(box, `node ${id} is on screen`);
		return box;
	}

	async function selectedNodeIds(): Promise<string[]> {
		return page
			.locator('.wf-node-selected')
			.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.nodeId ?? ''));
	}

	async function waitForNodeCount(count: number): Promise<void> {
		await page.waitForFunction(
			(expected) => document.querySelectorAll('.wf-node').length === expected,
			count,
		);
	}

	it('renders the nodes and connections', async () => {
		const titles = await page.locator('.wf-node .wf-node-title').allTextContents();
		const connectors = await page.locator('.wf-surface svg.jtk-connector').count();
		const labels = await page.locator('.wf-port-label').allTextContents();

		assert.deepEqual(titles, ['on-deploy', 'is-prod', 'announce', 'ignore', 'reply']);
		assert.equal(connectors, 5);
		assert.deepEqual(labels.sort(), ['false', 'true']);
		assert.ok(await page.locator('.wf-node-trigger .codicon-radio-tower').isVisible());
	});

	it('keeps port labels off the connectors', async () => {
		const labels = await page
			.locator('.wf-port-label')
			.evaluateAll((elements) =>
				elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect),
			);
		const node = await nodeBox('is-prod');
		const ports = await page
			.locator('.wf-port-out')
			.evaluateAll((elements) =>
				elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect),
			);

		assert.equal(labels.length, 2);
		for (const label of labels) {
			const port = ports.find(
				(rect) => Math.abs(rect.top + rect.height / 2 - (label.top + label.height / 2)) < 2,
			);
			assert.ok(port, 'each label is level with its port');
			assert.ok(label.right <= port.left, 'the label ends left of its port dot');
			assert.ok(label.left >= node.x, 'the label starts inside the node');
		}
	});

	it('adds an action dragged from the palette', async () => {
		await page.locator('.wf-palette-toggle').click();
		const item = page.locator('.wf-palette-item[data-action-type="core.log"]');
		await item.dragTo(page.locator('.wf-viewport'), { targetPosition: { x: 600, y: 600 } });
		await waitForNodeCount(6);

		const [add] = host.sent('edit');
		assert.equal(add.edit.kind, 'addNode');
		assert.ok(add.edit.kind === 'addNode');
		assert.equal(add.edit.actionType, 'core.log');
		assert.equal(add.edit.position[0] % 20, 0);
		assert.equal(add.edit.connectFrom, undefined);
		assert.ok(await page.locator('.wf-node[data-node-id="log"]').isVisible());
		assert.match(host.text, /"log": \[\d+, \d+\]\n/);
	});

	it('connects an output to a node', async () => {
		const announce = await nodeBox('announce');
		const ignore = await nodeBox('ignore');
		const before = await page.locator('.wf-surface svg.jtk-connector').count();

		await page.mouse.move(announce.x + announce.width, announce.y + announce.height / 2);
		await page.mouse.down();
		await page.mouse.move(ignore.x + 40, ignore.y + 20, { steps: 10 });
		await page.mouse.move(ignore.x, ignore.y + ignore.height / 2, { steps: 5 });
		await page.mouse.up();
		await page.waitForFunction(
			(count) => document.querySelectorAll('.wf-surface svg.jtk-connector').length === count,
			before + 1,
		);

		const edits = host.sent('edit').map((message) => message.edit);
		assert.deepEqual(edits, [{ kind: 'connect', connection: { from: 'announce', to: 'ignore' } }]);
		assert.ok(host.text.includes('{ "from": "announce", "to": "ignore" }'));
	});

	it('moves a node with one edit on drop', async () => {
		const reply = await nodeBox('reply');
		const before = host.text;

		await page.mouse.move(reply.x + 100, reply.y + 30);
		await page.mouse.down();
		await page.mouse.move(reply.x + 150, reply.y + 60, { steps: 10 });
		await page.mouse.move(reply.x + 200, reply.y + 90, { steps: 10 });
		await page.mouse.up();
		await page.waitForFunction(() => document.querySelector('.wf-drag-cover') === null);
		await host.waitForReplies('edit');

		const edits = host.sent('edit').map((message) => message.edit);
		assert.equal(edits.length, 1);
		assert.equal(edits[0].kind, 'moveNodes');
		assert.ok(edits[0].kind === 'moveNodes');
		assert.deepEqual(Object.keys(edits[0].positions), ['reply']);
		const [x, y] = edits[0].positions.reply;
		assert.equal(x % 20, 0);
		assert.equal(y % 20, 0);
		assert.ok(x > 740);
		const changed = before
			.split('\n')
			.filter((line, index) => line !== host.text.split('\n')[index]);
		assert.deepEqual(changed, ['    "reply": [740, 160]']);
		const moved = await nodeBox('reply');
		assert.ok(moved.x > reply.x + 60);
	});

	it('deletes the selected node and its connections', async () => {
		await page.locator('.wf-node[data-node-id="ignore"]').click();
		await page.keyboard.press('Delete');
		await waitForNodeCount(4);

		const edits = host.sent('edit').map((message) => message.edit);
		assert.deepEqual(edits, [{ kind: 'delete', nodeIds: ['ignore'], connections: [] }]);
		assert.equal(await page.locator('.wf-surface svg.jtk-connector').count(), 3);
		assert.equal(host.text.includes('"ignore"'), false);
	});

	it('deletes the nodes a box selects', async () => {
		const announce = await nodeBox('announce');
		const ignore = await nodeBox('ignore');
		// From above the right edge of announce, clear of its connectors, to below ignore's left edge.
		const start = { x: announce.x + announce.width + 10, y: announce.y - 10 };
		const end = { x: ignore.x - 10, y: ignore.y + ignore.height + 10 };

		await page.mouse.move(start.x, start.y);
		await page.mouse.down();
		await page.mouse.move(end.x, end.y, { steps: 8 });
		const box = await page.locator('.wf-box-selection').boundingBox();
		await page.mouse.up();
		await page.locator('.wf-node-selected').nth(1).waitFor();
		const selected = await selectedNodeIds();
		await page.keyboard.press('Delete');
		await waitForNodeCount(3);

		assert.ok(box, 'the box shows while the pointer is down');
		// The box has a 1px border on each side, outside the width it is given.
		assert.ok(Math.abs(box.width - (start.x - end.x)) <= 2, `box width ${box.width}`);
		assert.deepEqual(selected, ['announce', 'ignore']);
		const edits = host.sent('edit').map((message) => message.edit);
		assert.deepEqual(edits, [{ kind: 'delete', nodeIds: ['announce', 'ignore'], connections: [] }]);
		const workflow = JSON.parse(host.text) as WorkflowJson;
		assert.deepEqual(
			workflow.nodes.map((node) => node.id),
			['on-deploy', 'is-prod', 'reply'],
		);
		assert.deepEqual(workflow.connections, [{ from: 'on-deploy', to: 'is-prod' }]);
	});

	it('moves between nodes by keyboard', async () => {
		await page.locator('.wf-node[data-node-id="reply"]').click();
		await page.locator('.wf-panel vscode-button[aria-label="Close panel"]').click();
		await page.locator('.wf-panel').waitFor({ state: 'detached' });
		// A click on the background focuses the canvas and clears the selection.
		await page.locator('.wf-viewport').click({ position: { x: 10, y: 10 } });
		await page.locator('.wf-node-selected').waitFor({ state: 'detached' });

		const visited: string[] = [];
		for (const key of ['Tab', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft']) {
			const before = visited.at(-1);
			await page.keyboard.press(key);
			await page.waitForFunction((previous) => {
				const focused = (document.activeElement as HTMLElement | null)?.dataset.nodeId;
				return focused !== undefined && focused !== previous;
			}, before);
			visited.push(
				await page.evaluate(() => (document.activeElement as HTMLElement).dataset.nodeId!),
			);
		}
		const selected = await selectedNodeIds();
		const panelsWhileMoving = await page.locator('.wf-panel').count();
		await page.keyboard.press('Enter');
		await page.locator('.wf-panel').waitFor();
		await page.waitForFunction(() => document.activeElement?.id === 'node-name');

		assert.deepEqual(visited, ['on-deploy', 'is-prod', 'announce', 'ignore', 'is-prod']);
		assert.deepEqual(selected, ['is-prod'], 'the focused node is the selection');
		assert.equal(panelsWhileMoving, 0, 'moving keeps a closed panel closed');
		assert.equal(await page.locator('.wf-panel-title').textContent(), 'is-prod');
		assert.equal(host.sent('edit').length, 0, 'moving the focus changes nothing in the file');
	});

	it('pastes copied nodes with new ids', async () => {
		await page.locator('.wf-node[data-node-id="announce"]').click();
		await page.locator('.wf-node[data-node-id="reply"]').click({ modifiers: ['Shift'] });
		await page.keyboard.press('Control+C');
		await page.locator('.wf-notice', { hasText: 'Copied 2 node(s).' }).waitFor();
		await page.keyboard.press('Control+V');
		await waitForNodeCount(7);
		await page.waitForFunction(
			() => document.querySelectorAll('.wf-surface svg.jtk-connector').length === 6,
		);

		assert.deepEqual(
			host.sent('copy').map(({ nodeIds, cut }) => ({ nodeIds, cut })),
			[{ nodeIds: ['announce', 'reply'], cut: false }],
		);
		assert.equal(host.sent('paste').length, 1);
		const workflow = JSON.parse(host.text) as WorkflowJson;
		const pasted = workflow.nodes.slice(5);
		assert.deepEqual(
			pasted.map((node) => node.id),
			['announce-2', 'reply-2'],
		);
		assert.deepEqual(
			pasted.map((node) => node.type),
			['core.set', 'core.respond'],
		);
		assert.deepEqual(workflow.connections.at(-1), { from: 'announce-2', to: 'reply-2' });
		assert.deepEqual(
			await selectedNodeIds(),
			['announce-2', 'reply-2'],
			'the pasted nodes are selected',
		);
	});

	it('edits an input in the configuration panel', async () => {
		await page.locator('.wf-node[data-node-id="is-prod"]').click();
		const field = page.locator('vscode-text-field#param-condition input');
		await field.fill("{{ $trigger.body.env = 'staging' }}");
		await field.press('Tab');
		await host.waitForReplies('edit');

		const [change] = host.sent('edit').map((message) => message.edit);
		assert.deepEqual(change, {
			kind: 'setParam',
			nodeId: 'is-prod',
			path: ['condition'],
			value: "{{ $trigger.body.env = 'staging' }}",
		});
		assert.ok(host.text.includes(`"condition": "{{ $trigger.body.env = 'staging' }}"`));
		assert.equal(await page.locator('.wf-panel-title').textContent(), 'is-prod');
	});

	it('shows the sample output, then the last run', async () => {
		await page.locator('.wf-node[data-node-id="on-deploy"]').click();
		assert.match((await page.locator('.wf-webhook').textContent()) ?? '', /server stopped/i);
		await page.locator('.wf-tab', { hasText: 'Output' }).click();
		const keys = await page.locator('.wf-json-key').allTextContents();
		assert.ok(keys.includes('body'), `sample output keys: ${keys.join(', ')}`);

		await page.locator('.wf-node[data-node-id="announce"]').click();
		await host.send({ type: 'runRecord', record: sampleRun() });
		await page.locator('.wf-json-key', { hasText: 'text' }).click();

		assert.deepEqual(host.sent('copyText'), [
			{ type: 'copyText', text: '{{ $nodes.announce.text }}' },
		]);
		assert.match((await page.locator('.wf-run-status').textContent()) ?? '', /succeeded/);
		assert.ok(
			await page.locator('.wf-node[data-node-id="announce"] .wf-status-succeeded').isVisible(),
		);
	});

	it('shows an error view for a file that is not JSON', async () => {
		host.text = '{ "version": 1, "nodes": [';
		await host.init();
		await page.locator('.wf-error-view vscode-button').click();

		assert.match((await page.locator('.wf-error-view h1').textContent()) ?? '', /not valid JSON/);
		assert.deepEqual(host.sent('openAsText'), [{ type: 'openAsText' }]);
		assert.equal(host.sent('edit').length, 0);
	});
});

function sampleRun(): RunRecord {
	return {
		id: 'run-1',
		workflowName: 'Announce deploys',
		trigger: { kind: 'webhook', nodeId: 'on-deploy', data: {} },
		status: 'succeeded',
		startedAt: '2025-01-01T00:00:00.000Z',
		nodes: {
			'on-deploy': { status: 'succeeded', output: { body: { env: 'prod' } } },
			'is-prod': { status: 'succeeded', output: { env: 'prod' } },
			announce: {
				status: 'succeeded',
				input: { env: 'prod' },
				output: { announced: true, text: 'checkout 2.14.0 is live' },
				durationMs: 2,
			},
		},
	};
}
