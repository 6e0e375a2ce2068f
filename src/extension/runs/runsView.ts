import path from 'node:path';
import * as vscode from 'vscode';
import type { NodeRunRecord, NodeStatus, RunRecord, RunStatus } from '../../shared/model';
import { Disposable } from '../dispose';
import type { RunService } from './runService';

/** Runs listed per workflow in the view; older ones stay in the store and the Show Runs list. */
const RUNS_PER_WORKFLOW = 50;

export type RunTreeItem =
	| { kind: 'workflow'; file: string | undefined; name: string }
	| { kind: 'run'; record: RunRecord; active: boolean }
	| { kind: 'node'; runId: string; nodeId: string; record: NodeRunRecord };

const STATUS_ICONS: Record<RunStatus | NodeStatus, [string, string | undefined]> = {
	succeeded: ['pass', 'testing.iconPassed'],
	failed: ['error', 'testing.iconFailed'],
	cancelled: ['stop-circle', 'testing.iconSkipped'],
	skipped: ['circle-slash', 'disabledForeground'],
	running: ['loading~spin', undefined],
	pending: ['circle-outline', 'disabledForeground'],
};

function statusIcon(status: RunStatus | NodeStatus): vscode.ThemeIcon {
	const [icon, color] = STATUS_ICONS[status];
	return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

/** Formats a duration in milliseconds for people: `850 ms`, `2.4 s`, `3 min 5 s`. */
export function formatDuration(ms: number | undefined): string {
	if (ms === undefined) {
		return '';
	}
	if (ms < 1000) {
		return `${ms} ms`;
	}
	if (ms < 60_000) {
		return `${(ms / 1000).toFixed(1)} s`;
	}
	return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The "Wireflow Runs" tree: workflows, their runs newest first, and each run's nodes. */
export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunTreeItem> {
	private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

	constructor(private readonly _runs: RunService) {
		super();
		this._register(_runs.onDidChangeRuns(() => this.refresh()));
	}

	refresh(): void {
		this._onDidChangeTreeData.fire();
	}

	getChildren(element?: RunTreeItem): RunTreeItem[] {
		if (!element) {
			return this.workflows();
		}
		if (element.kind === 'workflow') {
			return this.runsOf(element.file);
		}
		if (element.kind === 'run') {
			return Object.entries(element.record.nodes).map(([nodeId, record]) => ({
				kind: 'node',
				runId: element.record.id,
				nodeId,
				record,
			}));
		}
		return [];
	}

	getTreeItem(element: RunTreeItem): vscode.TreeItem {
		switch (element.kind) {
			case 'workflow':
				return this.workflowItem(element);
			case 'run':
				return this.runItem(element.record, element.active);
			case 'node':
				return this.nodeItem(element);
		}
	}

	private workflows(): RunTreeItem[] {
		const byFile = new Map<string, RunTreeItem>();
		const add = (file: string | undefined, name: string) => {
			const key = file ?? '';
			if (!byFile.has(key)) {
				byFile.set(key, { kind: 'workflow', file, name });
			}
		};
		for (const active of this._runs.activeRuns) {
			add(active.uri.fsPath, active.workflowName);
		}
		for (const record of this._runs.store.list()) {
			add(record.workflowFile, record.workflowName);
		}
		return [...byFile.values()];
	}

	private runsOf(file: string | undefined): RunTreeItem[] {
		const active: RunTreeItem[] = this._runs.activeRuns
			.filter((run) => run.uri.fsPath === file)
			.map((run) => ({
				kind: 'run',
				active: true,
				record: placeholderRecord(run.id, run.workflowName, file, run.trigger),
			}));
		const stored = this._runs.store
			.list(file ? { workflowFile: file, limit: RUNS_PER_WORKFLOW } : { limit: RUNS_PER_WORKFLOW })
			.filter((record) => record.workflowFile === file)
			.map((record): RunTreeItem => ({ kind: 'run', active: false, record }));
		return [...active, ...stored];
	}

	private workflowItem(element: { file: string | undefined; name: string }): vscode.TreeItem {
		const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.Expanded);
		item.description = element.file ? vscode.workspace.asRelativePath(element.file) : 'unsaved';
		item.iconPath = new vscode.ThemeIcon('type-hierarchy');
		item.contextValue = 'workflow';
		item.resourceUri = element.file ? vscode.Uri.file(element.file) : undefined;
		return item;
	}

	private runItem(record: RunRecord, active: boolean): vscode.TreeItem {
		const started = new Date(record.startedAt);
		const item = new vscode.TreeItem(
			started.toLocaleString(),
			vscode.TreeItemCollapsibleState.Collapsed,
		);
		item.id = `run:${record.id}`;
		item.description = [
			record.trigger.kind,
			active ? 'running' : record.status,
			formatDuration(record.durationMs),
		]
			.filter(Boolean)
			.join(' · ');
		item.iconPath = statusIcon(active ? 'running' : record.status);
		item.contextValue = active ? 'activeRun' : 'run';
		item.tooltip = new vscode.MarkdownString(
			[
				`**${record.workflowName}**: ${active ? 'running' : record.status}`,
				`Run \`${record.id}\``,
				`Trigger: ${record.trigger.kind}`,
				record.error ? `Error at \`${record.error.nodeId ?? '?'}\`: ${record.error.message}` : '',
			]
				.filter(Boolean)
				.join('\n\n'),
		);
		if (!active) {
			item.command = { command: 'wireflow.runs.open', title: 'Open Run', arguments: [record.id] };
		}
		return item;
	}

	private nodeItem(element: {
		runId: string;
		nodeId: string;
		record: NodeRunRecord;
	}): vscode.TreeItem {
		const { record } = element;
		const item = new vscode.TreeItem(element.nodeId, vscode.TreeItemCollapsibleState.None);
		item.id = `node:${element.runId}:${element.nodeId}`;
		const detail =
			record.status === 'skipped'
				? (record.skipReason ?? '').replace(/_/g, ' ')
				: formatDuration(record.durationMs);
		item.description = [record.status, detail].filter(Boolean).join(' · ');
		item.iconPath = statusIcon(record.status);
		item.tooltip = record.error ? `${record.error.code}: ${record.error.message}` : undefined;
		item.command = {
			command: 'wireflow.runs.open',
			title: 'Open Run',
			arguments: [element.runId, element.nodeId],
		};
		return item;
	}
}

function placeholderRecord(
	id: string,
	workflowName: string,
	file: string | undefined,
	kind: RunRecord['trigger']['kind'],
): RunRecord {
	return {
		id,
		workflowName,
		workflowFile: file,
		trigger: { kind, nodeId: '', data: null },
		status: 'running',
		startedAt: new Date().toISOString(),
		nodes: {},
	};
}

/** Virtual read-only documents showing one run record as JSON: `wireflow-run:/<name>.json?<id>`. */
export class RunDocumentProvider implements vscode.TextDocumentContentProvider {
	static readonly scheme = 'wireflow-run';

	constructor(private readonly _runs: RunService) {}

	static uriFor(record: RunRecord): vscode.Uri {
		const base = record.workflowFile ? path.basename(record.workflowFile, '.workflow.json') : 'run';
		return vscode.Uri.from({
			scheme: RunDocumentProvider.scheme,
			path: `/${base} ${record.id.slice(0, 8)}.json`,
			query: record.id,
		});
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		const record = this._runs.store.get(uri.query);
		if (!record) {
			return `// Run ${uri.query} is no longer in the run history.\n`;
		}
		return `${JSON.stringify(record, null, 2)}\n`;
	}
}
