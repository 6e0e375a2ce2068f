import * as vscode from 'vscode';
import { loadWorkflow } from '../../engine';
import { UserError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { RunRecord } from '../../shared/model';
import type {
	HostMessage,
	RequestMessage,
	RequestResults,
	WebhookCopyFormat,
	WebhookStatus,
} from '../../shared/protocol';
import { WEBHOOK_DEFAULTS } from '../../triggers/webhookServer';
import { Disposable } from '../dispose';
import type { EditorServices } from './editorServices';
import {
	type RunHistory,
	curlCommand,
	sendTestRequest,
	testRequestUrl,
	waitForTestRun,
} from './webhookTest';

/** Commands the panel runs; the trigger and run features register them. */
const Commands = {
	startServer: 'wireflow.webhook.startServer',
	createKey: 'wireflow.apiKey.create',
	openRun: 'wireflow.runs.open',
} as const;

/** Extra wait for a test response beyond the server's own response timeout, in milliseconds. */
const RESPONSE_MARGIN_MS = 5_000;

/** How long the panel waits for the run a test request started to end, in milliseconds. */
const RUN_WAIT_MS = 120_000;

/** The webhook trigger of a document: its path and the method a test request uses. */
interface WebhookTrigger {
	path: string;
	method: string;
}

/**
 * The host side of the webhook trigger panel of one canvas: sends the server state and key
 * names to the webview, copies URLs and curl commands, and sends test requests to the local
 * server, then shows the run they started. Key values never go to the webview.
 */
export class WebhookPanelHost extends Disposable {
	private _services: EditorServices | undefined;
	private readonly _runWaits = new AbortController();

	constructor(
		private readonly _document: vscode.TextDocument,
		private readonly _post: (message: HostMessage) => void,
		private readonly _showRun: (record: RunRecord) => void,
		private readonly _log: Logger,
	) {
		super();
		this._register({ dispose: () => this._runWaits.abort() });
	}

	/** Connects the webhook service and the key store, and follows their changes. */
	setServices(services: EditorServices): void {
		this._services = services;
		this._register(services.webhooks.onDidChange(() => this.postStatus()));
		this._register(services.keys.onDidChange(() => this.postStatus()));
		this.postStatus();
	}

	/** Sends the current server state and key names to the webview. */
	postStatus(): void {
		this._post({ type: 'webhookStatus', status: this.status() });
	}

	status(): WebhookStatus {
		const services = this._services;
		if (!services) {
			return { available: false, running: false, baseUrl: '', keyNames: [] };
		}
		return {
			available: true,
			running: services.webhooks.isRunning,
			baseUrl: services.webhooks.baseUrl,
			servedPath: services.webhooks.pathOf(this._document.uri),
			keyNames: services.keys.names,
		};
	}

	async copy(format: WebhookCopyFormat, keyName?: string, body?: string): Promise<void> {
		const services = this._requireServices();
		const trigger = this._trigger();
		const url = `${services.webhooks.baseUrl}${trigger.path}`;
		let text = url;
		if (format !== 'url') {
			const apiKey = format === 'curlWithKey' ? this._keyValue(keyName) : undefined;
			text = curlCommand({ method: trigger.method, url, body, apiKey });
		}
		await vscode.env.clipboard.writeText(text);
	}

	async startServer(): Promise<void> {
		await vscode.commands.executeCommand(Commands.startServer);
		this.postStatus();
	}

	/** Runs Create API Key; returns the new key's name, or undefined when the user cancelled. */
	async createKey(): Promise<string | undefined> {
		const name: unknown = await vscode.commands.executeCommand(Commands.createKey);
		this.postStatus();
		return typeof name === 'string' ? name : undefined;
	}

	/**
	 * Sends a test request with the chosen key to the running server and returns its response.
	 * Then waits for the run it started and shows that run on the canvas and in a run view.
	 */
	async sendTestRequest(
		message: Extract<RequestMessage, { type: 'sendTestRequest' }>,
	): Promise<RequestResults['sendTestRequest']> {
		const services = this._requireServices();
		const trigger = this._trigger();
		if (!services.webhooks.isRunning) {
			throw new UserError(
				'webhook_server_stopped',
				'The webhook server is stopped. Start it, then send the test request again.',
			);
		}
		const apiKey = this._keyValue(message.keyName);
		const body = message.body.trim() === '' ? undefined : message.body;
		if (body !== undefined) {
			checkJson(body);
		}
		const servedPath = services.webhooks.pathOf(this._document.uri) ?? trigger.path;
		const url = testRequestUrl(services.webhooks.baseUrl, servedPath);
		const sentAt = new Date().toISOString();
		this._log.debug('webhook test request', { file: this._document.uri.fsPath, url });
		const response = await sendTestRequest({
			method: trigger.method,
			url,
			apiKey,
			body,
			timeoutMs: responseTimeoutMs() + RESPONSE_MARGIN_MS,
		});
		if (response.startedRun) {
			const match = { workflowFile: this._document.uri.fsPath, runId: response.runId, sentAt };
			// A later task, so the reply with the response reaches the webview before the run does.
			setTimeout(() => void this._followRun(message.requestId, match), 0);
		}
		return { ok: true, response };
	}

	/** Opens a run of the history on the canvas and in a read-only run view. */
	async openRun(runId: string): Promise<void> {
		await vscode.commands.executeCommand(Commands.openRun, runId);
	}

	private async _followRun(
		requestId: number,
		match: { workflowFile: string; runId?: string; sentAt: string },
	): Promise<void> {
		const history = runHistoryOf(this._requireServices());
		const run = await waitForTestRun(history, match, RUN_WAIT_MS, this._runWaits.signal);
		if (this.isDisposed) {
			return;
		}
		if (!run) {
			this._post({
				type: 'testRequestRun',
				requestId,
				message: `No run of this workflow ended within ${RUN_WAIT_MS / 1000} s of the request. Show Runs lists it once it ends.`,
			});
			return;
		}
		this._showRun(run);
		this._post({ type: 'testRequestRun', requestId, run: { id: run.id, status: run.status } });
		await this.openRun(run.id);
	}

	private _requireServices(): EditorServices {
		if (!this._services) {
			throw new UserError(
				'webhook_service_unavailable',
				'The webhook server is not ready yet. Wait for the Wireflow extension to finish starting, then try again.',
			);
		}
		return this._services;
	}

	/** Reads the webhook trigger from the document text, which may contain unsaved edits. */
	private _trigger(): WebhookTrigger {
		const workflow = loadWorkflow(this._document.getText(), this._document.uri.fsPath).workflow;
		const node = workflow?.nodes.find((candidate) => candidate.type === 'trigger.webhook');
		const path = node?.params?.path;
		if (typeof path !== 'string' || path.trim() === '') {
			throw new UserError(
				'webhook_path_missing',
				'The webhook trigger has no path. Enter one in the Path field first.',
			);
		}
		const methods = Array.isArray(node?.params?.methods) ? node.params.methods : [];
		const method = methods.length === 0 || methods.includes('POST') ? 'POST' : String(methods[0]);
		return { path: path.replace(/^\/+|\/+$/g, ''), method };
	}

	private _keyValue(keyName: string | undefined): string {
		const value = keyName ? this._requireServices().keys.value(keyName) : undefined;
		if (!value) {
			throw new UserError(
				'api_key_missing',
				keyName
					? `There is no API key named "${keyName}" any more. Choose another key or create one.`
					: 'Choose an API key first, or create one with Create API Key.',
			);
		}
		return value;
	}
}

function checkJson(body: string): void {
	try {
		JSON.parse(body);
	} catch (error) {
		throw new UserError(
			'invalid_sample_body',
			`The request body is not valid JSON: ${(error as Error).message}. Fix it and send again.`,
		);
	}
}

function runHistoryOf(services: EditorServices): RunHistory {
	const { runs } = services;
	return {
		get: (runId) => runs.store.get(runId),
		list: (filter) => runs.store.list(filter),
		onDidChange: (listener) => {
			const subscription = runs.onDidChangeRuns(listener);
			return () => subscription.dispose();
		},
	};
}

function responseTimeoutMs(): number {
	return vscode.workspace
		.getConfiguration('wireflow.webhook')
		.get<number>('responseTimeoutMs', WEBHOOK_DEFAULTS.responseTimeoutMs);
}
