import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { ScheduleService } from '../triggers/scheduleService';

type ScheduleTreeItem =
	| { kind: 'schedule'; uri: vscode.Uri }
	| { kind: 'next'; uri: vscode.Uri; at: Date; index: number };

/** The Schedules view: active schedules with their cron, time zone and next three run times. */
export class SchedulesTreeProvider
	extends Disposable
	implements vscode.TreeDataProvider<ScheduleTreeItem>
{
	private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

	constructor(private readonly _schedules: ScheduleService) {
		super();
		this._register(_schedules.onDidChange(() => this._onDidChangeTreeData.fire()));
		// Next run times move on with the clock.
		const timer = setInterval(() => this._onDidChangeTreeData.fire(), 30_000);
		this._register({ dispose: () => clearInterval(timer) });
	}

	getChildren(element?: ScheduleTreeItem): ScheduleTreeItem[] {
		if (!element) {
			return this._schedules.list(3).map((entry) => ({ kind: 'schedule', uri: entry.uri }));
		}
		if (element.kind === 'schedule') {
			const entry = this._schedules.list(3).find((item) => item.uri.fsPath === element.uri.fsPath);
			return (entry?.next ?? []).map((at, index) => ({
				kind: 'next',
				uri: element.uri,
				at,
				index,
			}));
		}
		return [];
	}

	getTreeItem(element: ScheduleTreeItem): vscode.TreeItem {
		if (element.kind === 'next') {
			const item = new vscode.TreeItem(
				element.at.toLocaleString(),
				vscode.TreeItemCollapsibleState.None,
			);
			item.id = `next:${element.uri.fsPath}:${element.index}`;
			item.iconPath = new vscode.ThemeIcon('calendar');
			return item;
		}
		const entry = this._schedules.list(3).find((item) => item.uri.fsPath === element.uri.fsPath);
		const item = new vscode.TreeItem(
			entry?.name ?? vscode.workspace.asRelativePath(element.uri),
			vscode.TreeItemCollapsibleState.Collapsed,
		);
		item.id = `schedule:${element.uri.fsPath}`;
		item.description = entry ? `${entry.cron}${entry.timezone ? ` · ${entry.timezone}` : ''}` : '';
		item.tooltip = vscode.workspace.asRelativePath(element.uri);
		item.iconPath = new vscode.ThemeIcon('watch');
		item.resourceUri = element.uri;
		item.contextValue = 'schedule';
		item.command = { command: 'vscode.open', title: 'Open', arguments: [element.uri] };
		return item;
	}
}
