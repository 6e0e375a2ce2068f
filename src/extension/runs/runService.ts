import path from 'node:path';
import * as vscode from 'vscode';
import { type RunEvent, WorkflowFileCache, loadWorkflow, runWorkflow } from '../../engine';
import type { RunStore } from '../../engine/runStore';
import type { AccountResolver } from '../../shared/accounts';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { RunRecord, TriggerKind } from '../../shared/model';
import { formatProblem } from '../../shared/problems';
import { Disposable } from '../dispose';

/** Command that shows a run's node statuses on the canvases of its workflow file. */
const SHOW_RUN_ON_CANVAS = 'wireflow.editor.showRun';

/** Shortest time between two live updates of a canvas during a run, in milliseconds. */
const LIVE_UPDATE_INTERVAL_MS = 100;

/** A run in progress, which Cancel Run can stop. */
export interface ActiveRun {
	readonly id: string;
	readonly workflowName: string;
	readonly uri: vscode.Uri;
	readonly trigger: TriggerKind;
	readonly controller: AbortController;
}

export interface StartRunOptions {
	trigger?: TriggerKind;
	/** Trigger data; a manual run without it uses the trigger's sample data. */
	input?: unknown;
	/** Cancelled together with the run, such as a progress notification's token. */
	token?: vscode.CancellationToken;
	onEvent?(event: RunEvent): void;
}

/**
 * Runs workflow files in the extension host, records every run in the run store, and shows
 * runs on the canvas while they happen. Used by the run commands, the scheduler and the
 * webhook server.
 */
export class RunService extends Disposable {
	private readonly _active = new Map<string, ActiveRun>();
	private readonly _files = new WorkflowFileCache();
	private readonly _onDidChangeRuns = this._register(new vscode.EventEmitter<void>());

	/** Fires when a run starts or ends. */
	readonly onDidChangeRuns = this._onDidChangeRuns.event;

	constructor(
		readonly store: RunStore,
		private readonly _logger: Logger,
		/** Accounts that integration nodes name; the webhook server and scheduler use them too. */
		readonly accounts?: AccountResolver,
	) {
		super();
	}

	get activeRuns(): readonly ActiveRun[] {
		return [...this._active.values()];
	}

	/**
	 * Runs a workflow file: the open document's text when it is open, so unsaved edits count.
	 * Throws a UserError-like Error with every problem when the workflow is invalid.
	 */
	async run(uri: vscode.Uri, options: StartRunOptions = {}): Promise<RunRecord> {
		const text = await readWorkflowText(uri);
		const loaded = loadWorkflow(text, uri.fsPath);
		if (!loaded.plan) {
			const errors = loaded.problems.filter((problem) => problem.severity === 'error');
			throw new InvalidWorkflowError(uri, errors.map(formatProblem));
		}
		const controller = new AbortController();
		const cancel = options.token?.onCancellationRequested(() => controller.abort());
		const trigger = options.trigger ?? 'manual';
		let active: ActiveRun | undefined;
		// The engine updates the record passed with runStarted in place, so it is the live state.
		let live: RunRecord | undefined;
		const showLive = throttle(
			(record: RunRecord) => this.showOnCanvas(uri, record),
			LIVE_UPDATE_INTERVAL_MS,
		);
		try {
			const record = await runWorkflow(loaded.plan, {
				trigger: { kind: trigger, data: options.input },
				signal: controller.signal,
				logger: this._logger,
				workspaceRoot: workspaceRootOf(uri),
				files: this._files,
				accounts: this.accounts,
				onEvent: (event) => {
					if (event.type === 'runStarted') {
						live = event.record;
						active = { id: event.runId, workflowName: live.workflowName, uri, trigger, controller };
						this._active.set(event.runId, active);
						this._onDidChangeRuns.fire();
						showLive(live);
					} else if (event.type !== 'runFinished' && live) {
						showLive(live);
					}
					options.onEvent?.(event);
				},
			});
			showLive.cancel();
			this.store.append(record);
			this.showOnCanvas(uri, record);
			return record;
		} finally {
			cancel?.dispose();
			if (active) {
				this._active.delete(active.id);
				this._onDidChangeRuns.fire();
			}
		}
	}

	/** Records a run that the webhook server or the scheduler made, and shows it on its canvas. */
	record(record: RunRecord): void {
		this.store.append(record);
		if (record.workflowFile) {
			this.showOnCanvas(vscode.Uri.file(record.workflowFile), record);
		}
		this._onDidChangeRuns.fire();
	}

	/** Cancels a run in progress; returns false when it already ended. */
	cancel(runId: string): boolean {
		const active = this._active.get(runId);
		if (!active) {
			return false;
		}
		this._logger.info('run cancel requested', { runId });
		active.controller.abort();
		return true;
	}

	override dispose(): void {
		for (const active of this._active.values()) {
			active.controller.abort();
		}
		super.dispose();
	}

	private showOnCanvas(uri: vscode.Uri, record: RunRecord): void {
		void vscode.commands
			.executeCommand(SHOW_RUN_ON_CANVAS, uri, record)
			.then(undefined, (error: unknown) => {
				this._logger.debug('canvas not updated', { error: errorMessage(error) });
			});
	}
}

/** A workflow that cannot run because it has errors; the message lists them. */
export class InvalidWorkflowError extends Error {
	readonly code = 'invalid_workflow';

	constructor(
		readonly uri: vscode.Uri,
		readonly problems: string[],
	) {
		super(
			`${path.basename(uri.fsPath)} has ${problems.length} error(s); fix them before running: ${problems[0] ?? ''}`,
		);
	}
}

async function readWorkflowText(uri: vscode.Uri): Promise<string> {
	const open = vscode.workspace.textDocuments.find(
		(document) => document.uri.toString() === uri.toString(),
	);
	if (open) {
		return open.getText();
	}
	const bytes = await vscode.workspace.fs.readFile(uri);
	return new TextDecoder().decode(bytes);
}

/** Folder that file actions are confined to: the workspace folder of the file, or its folder. */
export function workspaceRootOf(uri: vscode.Uri): string {
	return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
}

/** Calls `action` at most once per interval with the latest argument; `cancel` drops a pending call. */
function throttle<T>(action: (value: T) => void, intervalMs: number) {
	let last = 0;
	let pending: { value: T } | undefined;
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		timer = undefined;
		if (pending) {
			last = Date.now();
			const { value } = pending;
			pending = undefined;
			action(value);
		}
	};
	const call = (value: T) => {
		pending = { value };
		if (!timer) {
			timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
		}
	};
	call.cancel = () => {
		clearTimeout(timer);
		timer = undefined;
		pending = undefined;
	};
	return call;
}
