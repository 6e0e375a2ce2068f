import * as vscode from 'vscode';
import type { AccountResolver } from '../../shared/accounts';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { RunRecord } from '../../shared/model';
import { WEBHOOK_DEFAULTS, WebhookServer } from '../../triggers/webhookServer';
import { Disposable } from '../dispose';
import { workspaceRootOf } from '../runs/runService';
import { requireTrust } from '../trust';
import { WORKFLOW_GLOB, findWorkflowFiles, loadWorkflowUri } from '../workflowFiles';
import type { ApiKeyStore } from './apiKeyStore';

/** Wait after a workflow file changes before it is registered again, in milliseconds. */
const RELOAD_DELAY_MS = 300;

/**
 * The local webhook server in the extension host: started and stopped by command, serving every
 * valid webhook workflow of the workspace while it runs, with a status bar item for its state.
 */
export class WebhookService extends Disposable {
	private _server: WebhookServer | undefined;
	private readonly _statusBar = this._register(
		vscode.window.createStatusBarItem('wireflow.webhook', vscode.StatusBarAlignment.Left, 50),
	);
	private readonly _pending = new Map<string, NodeJS.Timeout>();
	private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());

	/** Fires when the server starts or stops, or a registration changes. */
	readonly onDidChange = this._onDidChange.event;

	constructor(
		private readonly _keys: ApiKeyStore,
		private readonly _logger: Logger,
		private readonly _onRun: (record: RunRecord) => void,
		private readonly _accounts?: AccountResolver,
	) {
		super();
		this._statusBar.name = 'Wireflow Webhook Server';
		this.updateStatusBar();
		const watcher = this._register(vscode.workspace.createFileSystemWatcher(WORKFLOW_GLOB));
		this._register(watcher.onDidCreate((uri) => this.scheduleReload(uri)));
		this._register(watcher.onDidChange((uri) => this.scheduleReload(uri)));
		this._register(watcher.onDidDelete((uri) => this.unregister(uri)));
		this._register(
			vscode.workspace.onDidSaveTextDocument((document) => this.scheduleReload(document.uri)),
		);
	}

	get isRunning(): boolean {
		return this._server?.address !== undefined;
	}

	/** Base URL of the webhooks, from the running server or the settings. */
	get baseUrl(): string {
		if (this._server?.baseUrl) {
			return this._server.baseUrl;
		}
		const { host, port } = settings();
		return `http://${host.includes(':') ? `[${host}]` : host}:${port}/webhook/`;
	}

	/** Path a workflow is served at, when it is registered. */
	pathOf(uri: vscode.Uri): string | undefined {
		return this._server?.registry.get(uri.fsPath)?.path;
	}

	/** Starts the server and registers the workspace's webhook workflows. */
	async start(): Promise<boolean> {
		if (!requireTrust('start the webhook server')) {
			return false;
		}
		if (this._server) {
			return true;
		}
		const { host, port, maxBodyBytes, concurrency, responseTimeoutMs } = settings();
		const server = new WebhookServer({
			keys: this._keys.hashes,
			host,
			port,
			maxBodyBytes,
			concurrency,
			responseTimeoutMs,
			portSetting: 'the "wireflow.webhook.port" setting',
			logger: this._logger,
			onRun: (record) => this._onRun(record),
			accounts: this._accounts,
		});
		this._server = server;
		try {
			await server.start();
		} catch (error) {
			this._server = undefined;
			this.updateStatusBar();
			throw error;
		}
		for (const uri of await findWorkflowFiles()) {
			await this.register(uri);
		}
		if (this._keys.names.length === 0) {
			void vscode.window.showWarningMessage(
				'The webhook server is running, but every request is rejected with 401 until you create an API key with "Wireflow: Create API Key".',
			);
		}
		this.updateStatusBar();
		this._onDidChange.fire();
		return true;
	}

	/** Stops accepting requests and lets runs in flight finish. */
	async stop(): Promise<void> {
		const server = this._server;
		this._server = undefined;
		this.updateStatusBar();
		await server?.stop();
		this._onDidChange.fire();
	}

	override dispose(): void {
		void this.stop();
		this._pending.forEach((timer) => clearTimeout(timer));
		super.dispose();
	}

	private scheduleReload(uri: vscode.Uri): void {
		if (!this._server || !uri.path.endsWith('.workflow.json')) {
			return;
		}
		clearTimeout(this._pending.get(uri.fsPath));
		this._pending.set(
			uri.fsPath,
			setTimeout(() => {
				this._pending.delete(uri.fsPath);
				void this.register(uri);
			}, RELOAD_DELAY_MS),
		);
	}

	private async register(uri: vscode.Uri): Promise<void> {
		const server = this._server;
		if (!server) {
			return;
		}
		let loaded;
		try {
			loaded = await loadWorkflowUri(uri);
		} catch (error) {
			this.unregister(uri);
			this._logger.warn('workflow file not readable', {
				file: uri.fsPath,
				error: errorMessage(error),
			});
			return;
		}
		if (!loaded.plan || loaded.plan.trigger.node.type !== 'trigger.webhook') {
			this.unregister(uri);
			return;
		}
		try {
			const registration = server.registry.register(uri.fsPath, loaded.plan, {
				workspaceRoot: workspaceRootOf(uri),
			});
			this._logger.info('webhook registered', { file: uri.fsPath, path: registration.path });
		} catch (error) {
			this._logger.warn('webhook not registered', { file: uri.fsPath, error: errorMessage(error) });
			void vscode.window.showWarningMessage(errorMessage(error));
		}
		this._onDidChange.fire();
	}

	private unregister(uri: vscode.Uri): void {
		if (this._server?.registry.unregister(uri.fsPath)) {
			this._logger.info('webhook unregistered', { file: uri.fsPath });
			this._onDidChange.fire();
		}
	}

	private updateStatusBar(): void {
		const item = this._statusBar;
		if (this._server) {
			item.text = '$(radio-tower) Wireflow: serving';
			item.tooltip = `Webhook server running at ${this.baseUrl}. Click to stop it.`;
			item.command = 'wireflow.webhook.stopServer';
		} else {
			item.text = '$(circle-slash) Wireflow: webhooks off';
			item.tooltip = 'The webhook server is stopped. Click to start it.';
			item.command = 'wireflow.webhook.startServer';
		}
		item.show();
	}
}

function settings() {
	const config = vscode.workspace.getConfiguration('wireflow.webhook');
	return {
		host: config.get<string>('host', WEBHOOK_DEFAULTS.host),
		port: config.get<number>('port', WEBHOOK_DEFAULTS.port),
		maxBodyBytes: config.get<number>('maxBodyKb', WEBHOOK_DEFAULTS.maxBodyBytes / 1024) * 1024,
		concurrency: config.get<number>('concurrency', WEBHOOK_DEFAULTS.concurrency),
		responseTimeoutMs: config.get<number>('responseTimeoutMs', WEBHOOK_DEFAULTS.responseTimeoutMs),
	};
}
