import * as vscode from 'vscode';
import { WorkflowIndex } from '../../engine/workflowIndex';
import type { Logger } from '../../shared/logger';
import { Disposable } from '../dispose';
import { WORKFLOW_GLOB } from '../workflowFiles';

/**
 * Every workflow file of the workspace, in all folders, kept current by one file system
 * watcher and the rename events of VS Code's explorer.
 */
export class WorkspaceWorkflows extends Disposable {
	readonly index: WorkflowIndex;
	private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
	readonly onDidChange = this._onDidChange.event;

	constructor(logger: Logger) {
		super();
		this.index = new WorkflowIndex(undefined, logger);
		const unsubscribe = this.index.onDidChange(() => this._onDidChange.fire());
		this._register({ dispose: unsubscribe });
		const watcher = this._register(vscode.workspace.createFileSystemWatcher(WORKFLOW_GLOB));
		this._register(watcher.onDidCreate((uri) => void this.index.update(uri.fsPath)));
		this._register(watcher.onDidChange((uri) => void this.index.update(uri.fsPath)));
		this._register(watcher.onDidDelete((uri) => this.index.remove(uri.fsPath)));
		this._register(
			vscode.workspace.onDidRenameFiles((event) => {
				for (const { oldUri, newUri } of event.files) {
					void this.index.rename(oldUri.fsPath, newUri.fsPath);
				}
			}),
		);
		this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
	}

	/** Reads every workflow file of the workspace folders. */
	async rescan(): Promise<void> {
		const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
		for (const entry of this.index.entries()) {
			if (!folders.some((folder) => entry.file.startsWith(folder))) {
				this.index.remove(entry.file);
			}
		}
		await this.index.scan(folders);
	}
}
