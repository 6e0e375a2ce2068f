import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Workflow } from '../../src/shared/model';
import { FakeHost, HarnessServer, launchChromium } from './harness';

const SCREENSHOTS = resolve(__dirname, '../../test-output/webview');

/**
 * Builds a layered workflow like the canvas benchmark's: a trigger, then columns of 10
 * `core.set` nodes 260 px apart, each fed by the node left of it, and an extra connection for
 * every fifth node.
 */
function generateWorkflow(count: number): string {
	const nodes: Workflow['nodes'] = [{ id: 'n0', type: 'trigger.manual' }];
	const layout: NonNullable<Workflow['layout']> = { n0: [40, 40] };
	const connections: NonNullable<Workflow['connections']> = [];
	for (let i = 1; i < count; i++) {
		const column = Math.ceil(i / 10);
		nodes.push({ id: `n${i}`, type: 'core.set', params: { values: { i } } });
		layout[`n${i}`] = [40 + column * 260, 40 + ((i - 1) % 10) * 100];
		const from = column === 1 ? 0 : i - 10;
		connections.push({ from: `n${from}`, to: `n${i}` });
		if (i % 5 === 0 && column > 1) {
			connections.push({ from: `n${from + (i % 10 === 0 ? -1 : 1)}`, to: `n${i}` });
		}
	}
	const workflow: Workflow = { version: 1, name: 'Large', nodes, connections, layout };
	return `${JSON.stringify(workflow, null, 2)}\n`;
}

describe('large workflow canvas', function () {
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
		host = new FakeHost(page, generateWorkflow(1000));
		await host.open(server.origin);
		await host.init();
	});

	afterEach(async function () {
		const name = this.currentTest?.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase() ?? 'test';
		await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
		assert.deepEqual(host.errors, [], 'the page logged no errors');
		await page.close();
	});

	/** Returns the rendered node ids and the connections jsPlumb drew between them. */
	async function renderedState() {
		return page.evaluate(() => ({
			nodes: [...document.querySelectorAll<HTMLElement>('.wf-node')].map(
				(node) => node.dataset.nodeId!,
			),
			connectors: document.querySelectorAll('.wf-surface svg.jtk-connector').length,
		}));
	}

	function connectionsBetween(ids: string[]): number {
		const rendered = new Set(ids);
		const workflow = JSON.parse(host.text) as Workflow;
		return (workflow.connections ?? []).filter(
			(connection) => rendered.has(connection.from) && rendered.has(connection.to),
		).length;
	}

	it('fits 1,000 nodes into an overview', async () => {
		await page.locator('.wf-overview').waitFor();

		const boxes = await page.locator('.wf-overview-node').count();
		const overview = await page.locator('.wf-overview').boundingBox();
		const viewport = await page.locator('.wf-viewport').boundingBox();

		assert.equal(boxes, 1000);
		assert.equal(await page.locator('.wf-node').count(), 0);
		assert.ok(overview, 'the overview has a bounding box');
		assert.ok(viewport, 'the viewport has a bounding box');
		assert.ok(overview.x >= viewport.x, 'the graph starts inside the view');
		assert.ok(overview.x + overview.width <= viewport.x + viewport.width, 'and ends inside it');
		assert.match((await page.locator('.wf-overview-hint').textContent()) ?? '', /1000 nodes/);
	});

	it('renders only nodes near the view when zoomed in', async () => {
		await page.locator('.wf-overview-node[data-node-id="n455"]').dblclick();
		await page.waitForSelector('.wf-node[data-node-id="n455"]');
		await page.waitForTimeout(100);

		const state = await renderedState();

		assert.ok(state.nodes.length > 20, `${state.nodes.length} nodes rendered`);
		assert.ok(state.nodes.length < 300, `${state.nodes.length} nodes rendered`);
		assert.equal(state.connectors, connectionsBetween(state.nodes));
		assert.ok(state.nodes.includes('n445'), 'the node that feeds n455 is rendered');
		assert.equal(await page.locator('.wf-overview').count(), 0);
	});

	it('renders the nodes a pan brings into view', async () => {
		await page.locator('.wf-overview-node[data-node-id="n455"]').dblclick();
		await page.waitForSelector('.wf-node[data-node-id="n455"]');
		const before = await renderedState();

		await page.mouse.move(640, 400);
		for (let step = 0; step < 10; step++) {
			await page.mouse.wheel(600, 0);
		}
		await page.waitForSelector('.wf-node[data-node-id="n705"]');
		await page.waitForTimeout(100);
		const after = await renderedState();

		assert.equal(before.nodes.includes('n705'), false);
		assert.equal(after.nodes.includes('n445'), false, 'nodes far behind the view are dropped');
		assert.ok(after.nodes.includes('n455'), 'the selected node stays rendered');
		assert.equal(after.connectors, connectionsBetween(after.nodes));
	});

	it('moves a rendered node with one edit', async () => {
		await page.locator('.wf-overview-node[data-node-id="n455"]').dblclick();
		const node = page.locator('.wf-node[data-node-id="n455"]');
		await node.waitFor();
		const box = (await node.boundingBox())!;

		await page.mouse.move(box.x + 100, box.y + 30);
		await page.mouse.down();
		await page.mouse.move(box.x + 140, box.y + 70, { steps: 10 });
		await page.mouse.up();
		await page.waitForFunction(() => document.querySelector('.wf-drag-cover') === null);
		await page.waitForTimeout(100);

		const edits = host.sent('edit').map((message) => message.edit);
		assert.equal(edits.length, 1);
		assert.equal(edits[0].kind, 'moveNodes');
		assert.deepEqual(Object.keys(edits[0].kind === 'moveNodes' ? edits[0].positions : {}), [
			'n455',
		]);
	});
});
