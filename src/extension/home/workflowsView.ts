import * as vscode from 'vscode';
import type { WorkflowEntry } from '../../engine/workflowIndex';
import type { RunRecord } from '../../shared/model';
import { Disposable } from '../dispose';
import type { RunService } from '../runs/runService';
import { formatDuration } from '../runs/runsView';
import type { ScheduleService } from '../triggers/scheduleService';
import type { WebhookService } from '../triggers/webhookService';
import type { WorkspaceWorkflows } from './workspaceWorkflows';

export type WorkflowsTreeItem =
	{ kind: 'folder'; folder: vscode.WorkspaceFolder } | { kind: 'workflow'; entry: WorkflowEntry };

const TRIGGER_LABELS: Record<string, [string, string]> = {
	'trigger.manual': ['manual', 'play'],
	'trigger.schedule': ['schedule', 'watch'],
	'trigger.webhook': ['webhook', 'radio-tower'],
};

/** Formats how long ago a time was, for people: `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAgo(iso: string, now = Date.now()): string {
	const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
	if (seconds < 60) {
		return 'just now';
	}
	if (seconds < 3600) {
		return `${Math.floor(seconds / 60)} min ago`;
	}
	if (seconds < 86_400) {
		return `${Math.floor(seconds / 3600)} h ago`;
	}
	return `${Math.floor(seconds / 86_400)} d ago`;
}

/** The Workflows view: every workflow file, grouped by workspace folder when there are several. */
export class WorkflowsTreeProvider
	extends Disposable
	implements vscode.TreeDataProvider<WorkflowsTreeItem>
{
	private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

	constructor(
		private readonly _workflows: WorkspaceWorkflows,
		private readonly _runs: RunService,
		private readonly _schedules: ScheduleService,
		private readonly _webhooks: WebhookService,
	) {
		super();
		const refresh = () => this._onDidChangeTreeData.fire();
		this._register(_workflows.onDidChange(refresh));
		this._register(_runs.onDidChangeRuns(refresh));
		this._register(_schedules.onDidChange(refresh));
		this._register(_webhooks.onDidChange(refresh));
	}

	getChildren(element?: WorkflowsTreeItem): WorkflowsTreeItem[] {
		const entries = this._workflows.index.entries();
		const folders = vscode.workspace.workspaceFolders ?? [];
		if (!element) {
			if (folders.length > 1) {
				return folders
					.filter((folder) => entries.some((entry) => this.folderOf(entry)?.index === folder.index))
					.map((folder) => ({ kind: 'folder', folder }));
			}
			return entries.map((entry) => ({ kind: 'workflow', entry }));
		}
		if (element.kind === 'folder') {
			return entries
				.filter((entry) => this.folderOf(entry)?.index === element.folder.index)
				.map((entry) => ({ kind: 'workflow', entry }));
		}
		return [];
	}

	getTreeItem(element: WorkflowsTreeItem): vscode.TreeItem {
		if (element.kind === 'folder') {
			const item = new vscode.TreeItem(
				element.folder.name,
				vscode.TreeItemCollapsibleState.Expanded,
			);
			item.iconPath = vscode.ThemeIcon.Folder;
			item.resourceUri = element.folder.uri;
			return item;
		}
		return this.workflowItem(element.entry);
	}

	private folderOf(entry: WorkflowEntry): vscode.WorkspaceFolder | undefined {
		return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.file));
	}

	private workflowItem(entry: WorkflowEntry): vscode.TreeItem {
		const uri = vscode.Uri.file(entry.file);
		const item = new vscode.TreeItem(entry.name, vscode.TreeItemCollapsibleState.None);
		item.id = `workflow:${entry.file}`;
		item.resourceUri = uri;
		item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
		if (!entry.valid) {
			const error = entry.firstError;
			item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
			item.description = error ? `line ${error.line}: ${error.message}` : 'invalid';
			item.tooltip = `${vscode.workspace.asRelativePath(uri)}\n${item.description}`;
			item.contextValue = 'workflow.invalid';
			return item;
		}
		const [label, icon] = TRIGGER_LABELS[entry.triggerType ?? ''] ?? [
			entry.triggerType ?? '',
			'symbol-event',
		];
		const state = this.triggerState(entry, uri);
		const last = this._runs.store.list({ workflowFile: entry.file, limit: 1 })[0];
		item.iconPath = new vscode.ThemeIcon(icon);
		item.description = [state ?? label, last ? lastRunText(last) : undefined]
			.filter(Boolean)
			.join(' · ');
		item.tooltip = new vscode.MarkdownString(
			[
				`**${entry.name}**`,
				vscode.workspace.asRelativePath(uri),
				`Trigger: ${label}${entry.cron ? ` \`${entry.cron}\`${entry.timezone ? ` (${entry.timezone})` : ''}` : ''}${entry.webhookPath ? ` \`/webhook/${entry.webhookPath}\`` : ''}`,
				state ? `State: ${state}` : '',
				last
					? `Last run: ${last.status}, ${new Date(last.startedAt).toLocaleString()}`
					: 'Not run yet',
			]
				.filter(Boolean)
				.join('\n\n'),
		);
		item.contextValue = `workflow.${label}${entry.triggerType === 'trigger.schedule' ? (this._schedules.isActive(uri) ? '.scheduled' : '.unscheduled') : ''}`;
		return item;
	}

	private triggerState(entry: WorkflowEntry, uri: vscode.Uri): string | undefined {
		if (entry.triggerType === 'trigger.schedule') {
			return this._schedules.isActive(uri) ? `scheduled ${entry.cron}` : `${entry.cron} · off`;
		}
		if (entry.triggerType === 'trigger.webhook') {
			return this._webhooks.pathOf(uri)
				? `serving /${entry.webhookPath}`
				: `/${entry.webhookPath} · off`;
		}
		return undefined;
	}
}

function lastRunText(record: RunRecord): string {
	const marks: Record<string, string> = { succeeded: '✓', failed: '✗' };
	const mark = marks[record.status] ?? '■';
	return `${mark} ${formatAgo(record.startedAt)} (${formatDuration(record.durationMs)})`;
}
