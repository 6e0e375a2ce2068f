import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { actionRegistry } from '../../src/engine';
import { loadDocumentState } from '../../src/extension/editor/documentState';
import { createNonce, renderWebviewHtml } from '../../src/extension/editor/webviewHtml';
import {
	computePaste,
	computeWorkflowEdit,
	copyToClipboardText,
} from '../../src/extension/edits/workflowEdits';
import type { RunRecord } from '../../src/shared/model';
import type {
	HostMessage,
	IntegrationAccounts,
	RequestMessage,
	RequestResult,
	WebhookStatus,
	WebhookTestResponse,
	WebviewMessage,
} from '../../src/shared/protocol';
import type { ActionDescriptor } from '../../src/shared/actions';

const ROOT = resolve(__dirname, '../..');

/** Folders the static server may serve, relative to the repository root. */
const SERVED_FOLDERS = ['dist', 'test/webview'];

const CONTENT_TYPES: Record<string, string> = {
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.ttf': 'font/ttf',
	'.map': 'application/json',
	'.html': 'text/html',
};

/** Chromium flags for a headless run that talks to nothing but the loopback server. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const lookupAction = (type: string) => actionRegistry.get(type);

/** Stands in for `acquireVsCodeApi`: posts go to the Node side, state stays in the page. */
const VSCODE_API_STUB = `
	let state;
	window.acquireVsCodeApi = () => ({
		postMessage: (message) => window.__wireflowPost(JSON.parse(JSON.stringify(message))),
		getState: () => state,
		setState: (next) => { state = next; },
	});
`;

/** Serves the webview bundle and a page built like the one the extension host builds. */
export class HarnessServer {
	private constructor(
		private readonly _server: Server,
		readonly origin: string,
	) {}

	static async start(): Promise<HarnessServer> {
		const server = createServer((request, response) => {
			void serve(request.url ?? '/', `http://${request.headers.host}`).then(
				({ status, type, body }) => {
					response.writeHead(status, { 'content-type': type });
					response.end(body);
				},
			);
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		const { port } = server.address() as AddressInfo;
		return new HarnessServer(server, `http://127.0.0.1:${port}`);
	}

	close(): Promise<void> {
		return new Promise((done) => this._server.close(() => done()));
	}
}

async function serve(
	url: string,
	origin: string,
): Promise<{ status: number; type: string; body: string | Buffer }> {
	const path = decodeURIComponent(new URL(url, origin).pathname);
	if (path === '/') {
		return { status: 200, type: 'text/html', body: harnessPage(origin) };
	}
	if (path === '/favicon.ico') {
		return { status: 204, type: 'image/x-icon', body: '' };
	}
	const file = normalize(join(ROOT, path));
	const allowed = SERVED_FOLDERS.some((folder) => file.startsWith(join(ROOT, folder) + '/'));
	if (!allowed) {
		return { status: 404, type: 'text/plain', body: 'not found' };
	}
	try {
		return {
			status: 200,
			type: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
			body: await readFile(file),
		};
	} catch {
		return { status: 404, type: 'text/plain', body: 'not found' };
	}
}

/** Builds the extension's page and adds the theme variables VS Code would inject. */
function harnessPage(origin: string): string {
	const html = renderWebviewHtml({
		cspSource: origin,
		nonce: createNonce(),
		scriptUri: `${origin}/dist/webview.js`,
		styleUri: `${origin}/dist/webview.css`,
		title: 'Wireflow harness',
	});
	return html.replace(
		'</head>',
		`\t<link rel="stylesheet" href="${origin}/test/webview/theme-dark.css">\n</head>`,
	);
}

/** Launches the system Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: CHROMIUM_ARGS,
	});
}

/**
 * Plays the extension host for one page: records what the webview posts, replies to requests
 * with the real edit code, then sends the changed document back as the host does.
 */
export class FakeHost {
	readonly messages: WebviewMessage[] = [];
	readonly errors: string[] = [];
	clipboard = '';
	/** Descriptors `init` sends; the engine's actions by default. */
	descriptors: ActionDescriptor[] = actionRegistry.descriptors();
	/** Server state `init` sends, as the host's webhook service reports it. */
	webhookStatus: WebhookStatus = {
		available: true,
		running: false,
		baseUrl: 'http://127.0.0.1:8787/webhook/',
		keyNames: [],
	};
	accounts: IntegrationAccounts = { available: true, byIntegration: {} };
	/** The response the stand-in server gives a test request; failing when unset. */
	testResponse: WebhookTestResponse | undefined;
	/** Names that Create API Key and Add Account return, as if the user typed them. */
	createdKeyName = 'ci';
	addedAccountName = 'new-account';
	/** Requests the host has replied to, in the order of the replies. */
	readonly replied: RequestMessage[] = [];
	private _readyWaiters: (() => void)[] = [];
	private _ready = false;
	private _replyWaiters: (() => void)[] = [];

	constructor(
		readonly page: Page,
		public text: string,
	) {}

	/** Installs the `acquireVsCodeApi` stub and opens the page; resolves once it is loaded. */
	async open(origin: string): Promise<void> {
		this.page.on('console', (message) => {
			if (message.type() === 'error') {
				this.errors.push(message.text());
			}
		});
		this.page.on('pageerror', (error) => this.errors.push(error.message));
		await this.page.exposeFunction('__wireflowPost', (message: WebviewMessage) =>
			this._receive(message),
		);
		await this.page.addInitScript(VSCODE_API_STUB);
		await this.page.goto(origin);
		await this.waitForReady();
	}

	waitForReady(): Promise<void> {
		return this._ready ? Promise.resolve() : new Promise((done) => this._readyWaiters.push(done));
	}

	/** Sends `init` with the current text, then the server state and accounts, as the host does. */
	async init(lastRun?: RunRecord): Promise<void> {
		await this.send({
			type: 'init',
			descriptors: this.descriptors,
			document: loadDocumentState(this.text),
			lastRun,
		});
		await this.send({ type: 'webhookStatus', status: this.webhookStatus });
		await this.send({ type: 'accounts', accounts: this.accounts });
	}

	async send(message: HostMessage): Promise<void> {
		await this.page.evaluate(
			(json) => window.postMessage(JSON.parse(json), '*'),
			JSON.stringify(message),
		);
	}

	/**
	 * Waits until the host has replied to `count` requests of `type`, after sending the changed
	 * document. A test that checks the file after a gesture waits here, because a toolkit
	 * dropdown shows the clicked option at once, before the request reaches the host.
	 */
	async waitForReplies(type: RequestMessage['type'], count = 1, timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.replied.filter((message) => message.type === type).length < count) {
			const remaining = deadline - Date.now();
			if (remaining <= 0) {
				const sent = this.messages.map((message) => message.type).join(', ');
				throw new Error(
					`Timed out after ${timeoutMs} ms waiting for replies to ${count} ${type} request(s); the page sent: ${sent}`,
				);
			}
			await new Promise<void>((done) => {
				const timer = setTimeout(done, remaining);
				this._replyWaiters.push(() => {
					clearTimeout(timer);
					done();
				});
			});
		}
	}

	/** Returns the posted messages of one type. */
	sent<T extends WebviewMessage['type']>(type: T): Extract<WebviewMessage, { type: T }>[] {
		return this.messages.filter(
			(message): message is Extract<WebviewMessage, { type: T }> => message.type === type,
		);
	}

	private async _receive(message: WebviewMessage): Promise<void> {
		this.messages.push(message);
		if (message.type === 'ready') {
			this._ready = true;
			this._readyWaiters.splice(0).forEach((done) => done());
			return;
		}
		if (message.type === 'copyText') {
			this.clipboard = message.text;
		}
		if ('requestId' in message) {
			const result = await this._answer(message);
			await this.send({ type: 'documentChanged', document: loadDocumentState(this.text) });
			await this.send({ type: 'reply', requestId: message.requestId, result });
			this.replied.push(message);
			this._replyWaiters.splice(0).forEach((done) => done());
		}
	}

	private async _answer(message: RequestMessage): Promise<RequestResult> {
		try {
			switch (message.type) {
				case 'edit': {
					const outcome = computeWorkflowEdit(this.text, message.edit, lookupAction);
					this.text = outcome.text;
					return { ok: true, nodeIds: outcome.nodeIds };
				}
				case 'copy':
					this.clipboard = copyToClipboardText(this.text, message.nodeIds) ?? '';
					return { ok: true };
				case 'paste': {
					const outcome = computePaste(this.text, this.clipboard, lookupAction, message.position);
					if (!outcome) {
						return { ok: false, message: 'nothing to paste' };
					}
					this.text = outcome.text;
					return { ok: true, nodeIds: outcome.nodeIds };
				}
				case 'copyWebhook':
					this.clipboard = `${message.format} ${message.keyName ?? ''}`;
					return { ok: true };
				case 'startWebhookServer':
					this.webhookStatus = { ...this.webhookStatus, running: true, servedPath: 'deploys' };
					await this.send({ type: 'webhookStatus', status: this.webhookStatus });
					return { ok: true };
				case 'createApiKey':
					this.webhookStatus = {
						...this.webhookStatus,
						keyNames: [...this.webhookStatus.keyNames, this.createdKeyName],
					};
					await this.send({ type: 'webhookStatus', status: this.webhookStatus });
					return { ok: true, keyName: this.createdKeyName };
				case 'addAccount': {
					const names = this.accounts.byIntegration[message.integration] ?? [];
					this.accounts = {
						...this.accounts,
						byIntegration: {
							...this.accounts.byIntegration,
							[message.integration]: [...names, this.addedAccountName],
						},
					};
					await this.send({ type: 'accounts', accounts: this.accounts });
					return { ok: true, accountName: this.addedAccountName };
				}
				case 'sendTestRequest':
					return this.testResponse
						? { ok: true, response: this.testResponse }
						: { ok: false, message: 'no stand-in response' };
			}
		} catch (error) {
			return { ok: false, message: (error as Error).message };
		}
	}
}
