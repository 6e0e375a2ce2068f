import * as vscode from 'vscode';
import { actionRegistry } from '../../engine';
import { errorMessage, UserError } from '../../shared/errors';
import type { NodePosition, RunRecord } from '../../shared/model';
import {
	type DocumentState,
	type EditResult,
	type HostMessage,
	type RequestMessage,
	type RequestResult,
	type WebviewMessage,
	assertNever,
} from '../../shared/protocol';
import type { Logger } from '../../shared/logger';
import { Disposable } from '../dispose';
import {
	type EditOutcome,
	computePaste,
	computeWorkflowEdit,
	copyToClipboardText,
} from '../edits/workflowEdits';
import { loadDocumentState } from './documentState';
import type { EditorServices } from './editorServices';
import { WebhookPanelHost } from './webhookPanel';
import { createNonce, renderWebviewHtml } from './webviewHtml';

/** Command that runs a workflow file; the run feature registers it. */
export const RUN_WORKFLOW_COMMAND = 'wireflow.run.start';

/** Command that adds an account, given the integration id; the accounts feature registers it. */
export const ADD_ACCOUNT_COMMAND = 'wireflow.account.add';

/** Wait after the last document change before the canvas is updated, in milliseconds. */
const UPDATE_DELAY_MS = 30;

const lookupAction = (type: string) => actionRegistry.get(type);

/**
 * One open canvas: a webview panel bound to one workflow text document. Turns webview requests
 * into text edits and sends the document back to the webview whenever its text changes.
 */
export class WorkflowEditorSession extends Disposable {
	private _ready = false;
	private _updateTimer: ReturnType<typeof setTimeout> | undefined;
	private _pendingEdit: Promise<unknown> = Promise.resolve();
	private _services: EditorServices | undefined;
	private readonly _webhook: WebhookPanelHost;

	constructor(
		private readonly _document: vscode.TextDocument,
		private readonly _panel: vscode.WebviewPanel,
		private readonly _extensionUri: vscode.Uri,
		private readonly _log: Logger,
		private _lastRun: RunRecord | undefined,
	) {
		super();
		this._webhook = this._register(
			new WebhookPanelHost(
				_document,
				(message) => this._post(message),
				(record) => this.showRun(record),
				_log,
			),
		);
		this._setUpWebview();
		this._register(
			_panel.webview.onDidReceiveMessage((message: WebviewMessage) => this._onMessage(message)),
		);
		this._register(
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (event.document === _document && event.contentChanges.length > 0) {
					this._scheduleUpdate();
				}
			}),
		);
		this._register({ dispose: () => clearTimeout(this._updateTimer) });
	}

	get document(): vscode.TextDocument {
		return this._document;
	}

	/**
	 * Connects the run history, webhook server, key names, workspace index and accounts. Called
	 * once, by the provider, when `activate` has created them.
	 */
	setServices(services: EditorServices): void {
		this._services = services;
		this._register(services.workflows.onDidChange(() => this._scheduleUpdate()));
		if (services.accounts) {
			this._register(services.accounts.onDidChange(() => this._postAccounts()));
		}
		this._webhook.setServices(services);
		this._postAccounts();
		this._scheduleUpdate();
	}

	/** Shows a finished run on the canvas: node statuses and each node's input and output. */
	showRun(record: RunRecord): void {
		this._lastRun = record;
		this._post({ type: 'runRecord', record });
	}

	private _setUpWebview(): void {
		const webview = this._panel.webview;
		const dist = vscode.Uri.joinPath(this._extensionUri, 'dist');
		webview.options = {
			enableScripts: true,
			localResourceRoots: [dist, vscode.Uri.joinPath(this._extensionUri, 'media')],
		};
		webview.html = renderWebviewHtml({
			cspSource: webview.cspSource,
			nonce: createNonce(),
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
			title: 'Wireflow',
		});
	}

	private _onMessage(message: WebviewMessage): void {
		switch (message.type) {
			case 'ready':
				this._onReady();
				return;
			case 'edit':
			case 'copy':
			case 'paste':
			case 'copyWebhook':
			case 'startWebhookServer':
			case 'createApiKey':
			case 'addAccount':
			case 'sendTestRequest':
				void this._answer(message);
				return;
			case 'openRun':
				void this._webhook.openRun(message.runId);
				return;
			case 'copyText':
				void vscode.env.clipboard.writeText(message.text);
				return;
			case 'run':
				void this._run();
				return;
			case 'validate':
				void this._validate();
				return;
			case 'openAsText':
				void vscode.commands.executeCommand('vscode.openWith', this._document.uri, 'default');
				return;
			case 'log':
				this._log[message.level](`webview: ${message.message}`, {
					file: this._document.uri.fsPath,
					meta: message.meta,
				});
				return;
			default:
				assertNever(message);
		}
	}

	private _onReady(): void {
		// A webview that was hidden and shown again, or reloaded, sends `ready` once more.
		this._ready = true;
		this._post({
			type: 'init',
			descriptors: actionRegistry.descriptors(),
			document: this._documentState(),
			lastRun: this._lastRun,
		});
		this._webhook.postStatus();
		this._postAccounts();
	}

	/** Loads the document text, with the problems other workflow files cause once they are known. */
	private _documentState(): DocumentState {
		const file = this._document.uri.fsPath;
		const workspace = this._services && {
			others: this._services.workflows.index.entries(),
			label: (other: string) => vscode.workspace.asRelativePath(other),
		};
		return loadDocumentState(this._document.getText(), file, workspace);
	}

	private _postAccounts(): void {
		const accounts = this._services?.accounts;
		this._post({
			type: 'accounts',
			accounts: {
				available: accounts !== undefined,
				byIntegration: accounts?.namesByIntegration() ?? {},
			},
		});
	}

	/** Posts a message once the webview is ready; before that `init` will carry the same state. */
	private _post(message: HostMessage): void {
		if (!this._ready) {
			return;
		}
		void this._panel.webview.postMessage(message);
	}

	private _scheduleUpdate(): void {
		clearTimeout(this._updateTimer);
		this._updateTimer = setTimeout(() => {
			this._post({ type: 'documentChanged', document: this._documentState() });
		}, UPDATE_DELAY_MS);
	}

	/**
	 * Replies to a request. Edits, copies and pastes wait for the previous one to finish, so each
	 * reads the text the previous one left; the webhook panel's requests run at once, so a slow
	 * test request does not hold up edits.
	 */
	private _answer(message: RequestMessage): Promise<void> {
		const queued = message.type === 'edit' || message.type === 'copy' || message.type === 'paste';
		const next = (queued ? this._pendingEdit : Promise.resolve()).then(async () => {
			let result: RequestResult;
			try {
				result = await this._handleRequest(message);
			} catch (error) {
				result = { ok: false, message: errorMessage(error) };
				if (!(error instanceof UserError)) {
					this._log.error('canvas request failed', {
						type: message.type,
						error: errorMessage(error),
						stack: (error as Error).stack,
					});
				}
			}
			this._post({ type: 'reply', requestId: message.requestId, result });
		});
		if (queued) {
			this._pendingEdit = next;
		}
		return next;
	}

	private async _handleRequest(message: RequestMessage): Promise<RequestResult> {
		switch (message.type) {
			case 'edit':
				return this._applyOutcome(() =>
					computeWorkflowEdit(this._editableText(), message.edit, lookupAction),
				);
			case 'copy':
				return this._copy(message.nodeIds, message.cut);
			case 'paste':
				return this._paste(message.position);
			case 'copyWebhook':
				await this._webhook.copy(message.format, message.keyName, message.body);
				return { ok: true };
			case 'startWebhookServer':
				await this._webhook.startServer();
				return { ok: true };
			case 'createApiKey':
				return { ok: true, keyName: await this._webhook.createKey() };
			case 'addAccount':
				return { ok: true, accountName: await this._addAccount(message.integration) };
			case 'sendTestRequest':
				return this._webhook.sendTestRequest(message);
			default:
				return assertNever(message);
		}
	}

	/** Runs Add Account for an integration; returns the new account's name when the command returns one. */
	private async _addAccount(integration: string): Promise<string | undefined> {
		const name: unknown = await vscode.commands.executeCommand(ADD_ACCOUNT_COMMAND, integration);
		this._postAccounts();
		return typeof name === 'string' ? name : undefined;
	}

	/** Returns the document text, or throws when the canvas must not write to it. */
	private _editableText(): string {
		const text = this._document.getText();
		const state = loadDocumentState(text, this._document.uri.fsPath);
		if (state.kind === 'invalid') {
			throw new UserError(
				'not_editable',
				'The file is not a valid workflow, so the canvas does not change it. Fix it in the text editor first.',
			);
		}
		return text;
	}

	private async _applyOutcome(compute: () => EditOutcome): Promise<EditResult> {
		const outcome = compute();
		if (!outcome.edit) {
			return { ok: true, nodeIds: outcome.nodeIds };
		}
		const { offset, length, content } = outcome.edit;
		const range = new vscode.Range(
			this._document.positionAt(offset),
			this._document.positionAt(offset + length),
		);
		const edit = new vscode.WorkspaceEdit();
		edit.replace(this._document.uri, range, content);
		if (!(await vscode.workspace.applyEdit(edit))) {
			return {
				ok: false,
				message: 'VS Code did not apply the change to the file. Check that it is not read-only.',
			};
		}
		return { ok: true, nodeIds: outcome.nodeIds };
	}

	private async _copy(nodeIds: string[], cut: boolean): Promise<EditResult> {
		const text = copyToClipboardText(this._document.getText(), nodeIds);
		if (!text) {
			return { ok: false, message: 'Select one or more nodes to copy.' };
		}
		await vscode.env.clipboard.writeText(text);
		if (!cut) {
			return { ok: true };
		}
		return this._applyOutcome(() =>
			computeWorkflowEdit(
				this._editableText(),
				{ kind: 'delete', nodeIds, connections: [] },
				lookupAction,
			),
		);
	}

	private async _paste(position: NodePosition | undefined): Promise<EditResult> {
		const clipboardText = await vscode.env.clipboard.readText();
		const source = this._editableText();
		return this._applyOutcome(() => {
			const outcome = computePaste(source, clipboardText, lookupAction, position);
			if (!outcome) {
				throw new UserError(
					'clipboard_empty',
					'The clipboard contains no Wireflow nodes. Copy nodes on a canvas first.',
				);
			}
			return outcome;
		});
	}

	private async _run(): Promise<void> {
		try {
			const result: unknown = await vscode.commands.executeCommand(
				RUN_WORKFLOW_COMMAND,
				this._document.uri,
			);
			if (isRunRecord(result)) {
				this.showRun(result);
			}
		} catch (error) {
			this._log.error('run command failed', {
				file: this._document.uri.fsPath,
				error: errorMessage(error),
			});
			void vscode.window.showErrorMessage(`The workflow could not be run: ${errorMessage(error)}`);
		}
	}

	private async _validate(): Promise<void> {
		const state = this._documentState();
		const errors = state.problems.filter((problem) => problem.severity === 'error').length;
		const warnings = state.problems.length - errors;
		if (state.problems.length === 0) {
			void vscode.window.showInformationMessage('The workflow is valid: no problems found.');
			return;
		}
		void vscode.commands.executeCommand('workbench.actions.view.problems');
		void vscode.window.showWarningMessage(
			`The workflow has ${errors} error(s) and ${warnings} warning(s). They are listed in the Problems panel.`,
		);
	}
}

function isRunRecord(value: unknown): value is RunRecord {
	return typeof value === 'object' && value !== null && 'nodes' in value && 'status' in value;
}
