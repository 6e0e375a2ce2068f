import * as vscode from 'vscode';
import type { RunRecord } from '../../shared/model';
import { Disposable } from '../dispose';
import { scopedLogger } from '../log';
import { WorkflowDiagnostics } from './diagnostics';
import type { EditorServices } from './editorServices';
import { WorkflowEditorSession } from './workflowEditorSession';

/** View type of the canvas editor, as declared under `customEditors` in package.json. */
export const WORKFLOW_EDITOR_VIEW_TYPE = 'wireflow.workflowEditor';

/** Commands of the canvas editor, as declared in package.json. */
export const EditorCommands = {
	openAsText: 'wireflow.editor.openAsText',
	openCanvas: 'wireflow.editor.openCanvas',
	showRun: 'wireflow.editor.showRun',
} as const;

/**
 * The custom text editor of `.workflow.json` files. VS Code calls `resolveCustomTextEditor` for
 * each canvas it opens; the text document stays the model, so undo, save and hot exit work.
 */
export class WorkflowEditorProvider extends Disposable implements vscode.CustomTextEditorProvider {
	private readonly _sessions = new Set<WorkflowEditorSession>();
	private readonly _lastRuns = new Map<string, RunRecord>();
	private readonly _log = scopedLogger('editor');
	private readonly _diagnostics = this._register(new WorkflowDiagnostics());
	private _services: EditorServices | undefined;

	constructor(private readonly _extensionUri: vscode.Uri) {
		super();
	}

	/** Registers the provider, the Problems panel feed and the editor commands. */
	static register(context: vscode.ExtensionContext): WorkflowEditorProvider {
		const provider = new WorkflowEditorProvider(context.extensionUri);
		context.subscriptions.push(provider);
		provider._register(
			vscode.window.registerCustomEditorProvider(WORKFLOW_EDITOR_VIEW_TYPE, provider, {
				supportsMultipleEditorsPerDocument: true,
			}),
		);
		provider._registerCommands();
		return provider;
	}

	/** Called by VS Code when a canvas opens on a workflow document. */
	resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
		const lastRun = this._lastRuns.get(document.uri.toString());
		const session = new WorkflowEditorSession(
			document,
			panel,
			this._extensionUri,
			this._log,
			lastRun,
		);
		this._sessions.add(session);
		if (this._services) {
			session.setServices(this._services);
		}
		panel.onDidDispose(() => {
			this._sessions.delete(session);
			session.dispose();
		});
		this._log.info('canvas opened', { file: document.uri.fsPath });
	}

	/**
	 * Hands the canvases the services `activate` creates after the provider: the run history,
	 * the webhook server, API key names, the workspace index and accounts. Called once.
	 */
	setServices(services: EditorServices): void {
		this._services = services;
		this._diagnostics.setWorkflows(services.workflows);
		if (services.accounts) {
			this._diagnostics.setAccounts(services.accounts);
		}
		this._sessions.forEach((session) => session.setServices(services));
	}

	/** Shows a run on every canvas of its workflow file, and on canvases opened later. */
	showRun(uri: vscode.Uri, record: RunRecord): void {
		this._lastRuns.set(uri.toString(), record);
		for (const session of this._sessions) {
			if (session.document.uri.toString() === uri.toString()) {
				session.showRun(record);
			}
		}
	}

	override dispose(): void {
		this._sessions.forEach((session) => session.dispose());
		this._sessions.clear();
		super.dispose();
	}

	private _registerCommands(): void {
		const register = (id: string, run: (...args: never[]) => unknown) =>
			this._register(vscode.commands.registerCommand(id, run));

		register(EditorCommands.openAsText, (uri?: vscode.Uri) => openWith(uri, 'default'));
		register(EditorCommands.openCanvas, (uri?: vscode.Uri) =>
			openWith(uri, WORKFLOW_EDITOR_VIEW_TYPE),
		);
		register(EditorCommands.showRun, (uri: vscode.Uri, record: RunRecord) =>
			this.showRun(uri, record),
		);
	}
}

async function openWith(uri: vscode.Uri | undefined, viewType: string): Promise<void> {
	const target = uri ?? activeResource();
	if (!target) {
		void vscode.window.showInformationMessage('Open a .workflow.json file first.');
		return;
	}
	await vscode.commands.executeCommand('vscode.openWith', target, viewType);
}

function activeResource(): vscode.Uri | undefined {
	const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
	if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) {
		return input.uri;
	}
	return undefined;
}
