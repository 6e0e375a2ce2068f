// Canvas benchmark: loads generated workflows of 100, 500 and 1,000 nodes (1.2 connections per
// node) into the built webview in headless Chromium. It reports the time from `init` to the
// first complete render twice: fitted to the view, as a file opens the first time, and at
// 100 % with the view at the origin, as a saved view state restores it. At 100 % it
// also reports frame times while a node is dragged for 2 s and the number of text-edit requests
// the drag posts. Run `npm run bench:canvas` (it builds first). Timings are printed, never
// asserted: they depend on the machine.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const SIZES = [100, 500, 1000];
const DRAG_MS = 2000;
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf' };
/** Stands in for VS Code; `window.__viewState` is the view state the page starts from. */
const STUB = `
	window.__posted = [];
	window.acquireVsCodeApi = () => ({
		postMessage: (message) => window.__posted.push(message),
		getState: () => window.__viewState,
		setState: () => {},
	});
`;

/** View state of a canvas at 100 % with the origin in the top left corner. */
const ACTUAL_SIZE = { zoom: 1, panX: 0, panY: 0, selection: [] };

/** Builds a layered workflow: a trigger, then columns of 10 `core.set` nodes. */
function generateWorkflow(count) {
	const nodes = [{ id: 'n0', type: 'trigger.manual' }];
	const layout = { n0: [40, 40] };
	for (let i = 1; i < count; i++) {
		nodes.push({ id: `n${i}`, type: 'core.set', params: { values: { i } } });
		layout[`n${i}`] = [40 + Math.ceil(i / 10) * 260, 40 + ((i - 1) % 10) * 100];
	}
	const connections = [];
	for (let i = 1; i < count; i++) {
		const column = Math.ceil(i / 10);
		const from = column === 1 ? 0 : i - 10;
		connections.push({ from: `n${from}`, to: `n${i}` });
		// One extra edge for every fifth node gives 1.2 connections per node.
		if (i % 5 === 0 && column > 1) {
			connections.push({ from: `n${from + (i % 10 === 0 ? -1 : 1)}`, to: `n${i}` });
		}
	}
	return { version: 1, name: `Benchmark ${count}`, nodes, connections, layout };
}

async function startServer(html) {
	const server = createServer(async (request, response) => {
		const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
		if (path === '/') {
			response.writeHead(200, { 'content-type': 'text/html' }).end(html);
			return;
		}
		const file = normalize(join(ROOT, path));
		if (!file.startsWith(join(ROOT, 'dist') + '/')) {
			response.writeHead(404).end();
			return;
		}
		try {
			response
				.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
				.end(await readFile(file));
		} catch {
			response.writeHead(404).end();
		}
	});
	await new Promise((done) => server.listen(0, '127.0.0.1', done));
	return server;
}

/**
 * Opens a page, sends `init` and returns the time until the canvas is complete: the overview
 * drawn, or every rendered node with every connector between rendered nodes, plus one frame.
 */
async function openCanvas(browser, origin, workflow, viewState) {
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	await page.addInitScript(`window.__viewState = ${JSON.stringify(viewState)};`);
	await page.addInitScript(STUB);
	await page.goto(origin);
	await page.waitForFunction(() => window.__posted.some((message) => message.type === 'ready'));
	const result = await page.evaluate(
		async ({ workflow, descriptors }) => {
			const start = performance.now();
			window.postMessage(
				{ type: 'init', descriptors, document: { kind: 'valid', workflow, problems: [] } },
				'*',
			);
			const complete = () => {
				if (document.querySelector('.wf-overview')) {
					return true;
				}
				const rendered = new Set(
					[...document.querySelectorAll('.wf-node')].map((node) => node.dataset.nodeId),
				);
				const expected = workflow.connections.filter(
					(connection) => rendered.has(connection.from) && rendered.has(connection.to),
				).length;
				const drawn = document.querySelectorAll('.wf-surface svg.jtk-connector').length;
				return rendered.size > 0 && drawn === expected;
			};
			while (!complete()) {
				await new Promise((done) => requestAnimationFrame(done));
			}
			await new Promise((done) => requestAnimationFrame(done));
			return {
				renderMs: performance.now() - start,
				nodes: document.querySelectorAll('.wf-node').length,
				overview: document.querySelector('.wf-overview') !== null,
			};
		},
		{ workflow, descriptors },
	);
	return { page, ...result };
}

async function measure(browser, origin, descriptors, count) {
	const workflow = generateWorkflow(count);
	const connectionCount = workflow.connections.length;
	const fitted = await openCanvas(browser, origin, workflow, undefined);
	await fitted.page.close();
	const opened = await openCanvas(browser, origin, workflow, ACTUAL_SIZE);
	const { page, renderMs } = opened;

	// Drag a node well inside the view, so the drag stays on screen.
	const box = await page.evaluate(() => {
		const view = document.querySelector('.wf-viewport').getBoundingClientRect();
		for (const node of document.querySelectorAll('.wf-node')) {
			const rect = node.getBoundingClientRect();
			if (
				rect.left > view.left + 20 &&
				rect.right < view.right - 200 &&
				rect.top > view.top + 20 &&
				rect.bottom < view.bottom - 200
			) {
				return { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
			}
		}
		return undefined;
	});
	await page.evaluate(() => {
		window.__frames = [];
		let last = performance.now();
		const tick = (now) => {
			window.__frames.push(now - last);
			last = now;
			if (!window.__stopFrames) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	const x = box.x + box.width / 2;
	const y = box.y + box.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	const start = Date.now();
	for (let step = 1; Date.now() - start < DRAG_MS; step++) {
		await page.mouse.move(x + (step % 200), y + (step % 100));
	}
	await page.mouse.up();
	await page.waitForTimeout(100);
	const result = await page.evaluate(() => {
		window.__stopFrames = true;
		const edits = window.__posted.filter((message) => message.type === 'edit').length;
		return { frames: window.__frames.slice(1), edits };
	});
	await page.close();
	const sorted = [...result.frames].sort((a, b) => a - b);
	const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
	const dropped = result.frames.filter((ms) => ms > 20).length;
	return {
		count,
		connections: connectionCount,
		fitMs: fitted.renderMs,
		fitShows: fitted.overview ? 'overview' : `${fitted.nodes} nodes`,
		renderMs,
		rendered: opened.nodes,
		p95,
		dropped,
		frames: result.frames.length,
		edits: result.edits,
	};
}

/** The two actions the generated workflows use, shaped as the host sends them in `init`. */
const descriptors = [
	{
		type: 'trigger.manual',
		title: 'Manual Trigger',
		description: '',
		category: 'Triggers',
		icon: 'play',
		trigger: 'manual',
		inputs: {},
		outputs: ['out'],
		sampleOutput: {},
	},
	{
		type: 'core.set',
		title: 'Set Fields',
		description: '',
		category: 'Data',
		icon: 'symbol-field',
		inputs: {},
		outputs: ['out'],
		sampleOutput: {},
	},
];
const html = `<!DOCTYPE html><html><head><link rel="stylesheet" href="/dist/webview.css"></head><body><div id="root"></div><script src="/dist/webview.js"></script></body></html>`;
const server = await startServer(html);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
	],
});
try {
	console.log(
		'nodes  connections  fit: first render, shows  100 %: first render, nodes  drag p95  frames > 20 ms  frames  edits per drag',
	);
	for (const count of SIZES) {
		const r = await measure(browser, origin, descriptors, count);
		console.log(
			`${String(r.count).padStart(5)}  ${String(r.connections).padStart(11)}  ${r.fitMs.toFixed(0).padStart(8)} ms, ${r.fitShows.padEnd(9)}  ${r.renderMs.toFixed(0).padStart(12)} ms, ${String(r.rendered).padStart(5)}  ${r.p95.toFixed(1).padStart(5)} ms  ${String(r.dropped).padStart(14)}  ${String(r.frames).padStart(6)}  ${String(r.edits).padStart(14)}`,
		);
	}
} finally {
	await browser.close();
	server.close();
}
