import * as vscode from 'vscode';
import type { AccountResolver } from '../../shared/accounts';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { RunRecord } from '../../shared/model';
import { Scheduler } from '../../triggers/scheduler';
import { Disposable } from '../dispose';
import { workspaceRootOf } from '../runs/runService';
import { requireTrust } from '../trust';
import { WORKFLOW_GLOB, loadWorkflowUri } from '../workflowFiles';

/** workspaceState key of the active schedules: workflow file URIs. */
const STATE_KEY = 'wireflow.activeSchedules';

/** Wait after a scheduled file changes before it is rescheduled, in milliseconds. */
const RELOAD_DELAY_MS = 300;

/**
 * Active schedules of this workspace. The cron and time zone come from the file; whether a
 * schedule is active is local state in workspaceState, so cloning a repository never starts one.
 */
export class ScheduleService extends Disposable {
	private readonly _scheduler: Scheduler;
	private readonly _pending = new Map<string, NodeJS.Timeout>();
	private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());

	/** Fires when a schedule is added, changed or removed. */
	readonly onDidChange = this._onDidChange.event;

	constructor(
		private readonly _state: vscode.Memento,
		private readonly _logger: Logger,
		onRun: (record: RunRecord) => void,
		accounts?: AccountResolver,
	) {
		super();
		this._scheduler = new Scheduler({
			logger: _logger,
			onRun: (record) => onRun(record),
			accounts,
		});
		const watcher = this._register(vscode.workspace.createFileSystemWatcher(WORKFLOW_GLOB));
		this._register(watcher.onDidChange((uri) => this.scheduleReload(uri)));
		this._register(
			vscode.workspace.onDidSaveTextDocument((document) => this.scheduleReload(document.uri)),
		);
		this._register(watcher.onDidDelete((uri) => void this.disable(uri, 'its file was deleted')));
		this._register(vscode.workspace.onDidRenameFiles((event) => void this.followRenames(event)));
	}

	/** URIs of the files whose schedule is switched on, whether or not it runs now. */
	get active(): vscode.Uri[] {
		return this._state.get<string[]>(STATE_KEY, []).map((value) => vscode.Uri.parse(value));
	}

	isActive(uri: vscode.Uri): boolean {
		return this._state.get<string[]>(STATE_KEY, []).includes(uri.toString());
	}

	/** Scheduled workflows with their cron, time zone and next fire times. */
	list(
		count = 3,
	): { uri: vscode.Uri; cron: string; timezone?: string; next: Date[]; name: string }[] {
		return this._scheduler.list().map((schedule) => ({
			uri: vscode.Uri.file(schedule.file),
			cron: schedule.cron,
			timezone: schedule.timezone,
			next: this._scheduler.nextRuns(schedule.file, count),
			name: schedule.plan.workflow.name,
		}));
	}

	/** Starts the schedules switched on in this workspace; called once the workspace is trusted. */
	async restore(): Promise<void> {
		if (!vscode.workspace.isTrusted) {
			return;
		}
		for (const uri of this.active) {
			await this.load(uri).catch((error: unknown) => {
				this._logger.warn('schedule not restored', {
					file: uri.fsPath,
					error: errorMessage(error),
				});
			});
		}
	}

	/** Switches a workflow's schedule on; throws with a message when it cannot be scheduled. */
	async enable(uri: vscode.Uri): Promise<boolean> {
		if (!requireTrust('schedule workflows')) {
			return false;
		}
		await this.load(uri);
		await this.setActive(uri, true);
		return true;
	}

	/** Switches a workflow's schedule off. */
	async disable(uri: vscode.Uri, reason = 'unscheduled'): Promise<boolean> {
		const removed = this._scheduler.remove(uri.fsPath);
		const wasActive = this.isActive(uri);
		await this.setActive(uri, false);
		if (removed || wasActive) {
			this._logger.info('schedule disabled', { file: uri.fsPath, reason });
		}
		return removed || wasActive;
	}

	override dispose(): void {
		this._pending.forEach((timer) => clearTimeout(timer));
		void this._scheduler.stop();
		super.dispose();
	}

	private async load(uri: vscode.Uri): Promise<void> {
		const loaded = await loadWorkflowUri(uri);
		if (!loaded.plan) {
			const first = loaded.problems.find((problem) => problem.severity === 'error');
			throw new Error(
				`${vscode.workspace.asRelativePath(uri)} is invalid (line ${first?.line}: ${first?.message}); fix it to schedule it.`,
			);
		}
		if (loaded.plan.trigger.node.type !== 'trigger.schedule') {
			throw new Error(
				`${vscode.workspace.asRelativePath(uri)} starts with ${loaded.plan.trigger.node.type}, not a schedule trigger; only workflows with a trigger.schedule node can be scheduled.`,
			);
		}
		this._scheduler.add(uri.fsPath, loaded.plan, { workspaceRoot: workspaceRootOf(uri) });
		this._onDidChange.fire();
	}

	private async setActive(uri: vscode.Uri, active: boolean): Promise<void> {
		const current = this._state
			.get<string[]>(STATE_KEY, [])
			.filter((value) => value !== uri.toString());
		await this._state.update(STATE_KEY, active ? [...current, uri.toString()] : current);
		this._onDidChange.fire();
	}

	private scheduleReload(uri: vscode.Uri): void {
		if (!this.isActive(uri) || !vscode.workspace.isTrusted) {
			return;
		}
		clearTimeout(this._pending.get(uri.fsPath));
		this._pending.set(
			uri.fsPath,
			setTimeout(() => {
				this._pending.delete(uri.fsPath);
				this.load(uri).catch((error: unknown) => {
					// The schedule stays switched on and resumes once the file is fixed.
					this._scheduler.remove(uri.fsPath);
					this._onDidChange.fire();
					this._logger.warn('schedule paused, file invalid', {
						file: uri.fsPath,
						error: errorMessage(error),
					});
					void vscode.window.showWarningMessage(`Schedule paused: ${errorMessage(error)}`);
				});
			}, RELOAD_DELAY_MS),
		);
	}

	private async followRenames(event: vscode.FileRenameEvent): Promise<void> {
		for (const { oldUri, newUri } of event.files) {
			if (!this.isActive(oldUri)) {
				continue;
			}
			await this.disable(oldUri, 'renamed');
			if (newUri.path.endsWith('.workflow.json')) {
				await this.enable(newUri).catch((error: unknown) => {
					this._logger.warn('renamed schedule not resumed', {
						file: newUri.fsPath,
						error: errorMessage(error),
					});
				});
			}
		}
	}
}
