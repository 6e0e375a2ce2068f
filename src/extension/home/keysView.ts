import * as vscode from 'vscode';
import { Disposable } from '../dispose';
import type { ApiKeyStore } from '../triggers/apiKeyStore';
import type { WorkspaceWorkflows } from './workspaceWorkflows';

/** Accounts as the view lists them: names and integrations, never secrets. */
export interface AccountsSource {
	list(): { name: string; integration: string }[];
	readonly onDidChange: vscode.Event<void>;
}

type KeysTreeItem =
	| { kind: 'group'; group: 'keys' | 'accounts' }
	| { kind: 'key'; name: string }
	| { kind: 'account'; name: string; integration?: string; missing: boolean; users: string[] };

/**
 * The API Keys and Accounts view: names only, never values. Each account shows the workflows
 * that use it; an account a workflow names but this machine lacks shows as missing.
 */
export class KeysTreeProvider extends Disposable implements vscode.TreeDataProvider<KeysTreeItem> {
	private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
	private _accounts: AccountsSource | undefined;

	constructor(
		private readonly _keys: ApiKeyStore,
		private readonly _workflows: WorkspaceWorkflows,
	) {
		super();
		const refresh = () => this._onDidChangeTreeData.fire();
		this._register(_keys.onDidChange(refresh));
		this._register(_workflows.onDidChange(refresh));
	}

	/** Sets where accounts come from, once the account store is open. */
	setAccounts(accounts: AccountsSource): void {
		this._accounts = accounts;
		this._register(accounts.onDidChange(() => this._onDidChangeTreeData.fire()));
		this._onDidChangeTreeData.fire();
	}

	getChildren(element?: KeysTreeItem): KeysTreeItem[] {
		if (!element) {
			return [
				{ kind: 'group', group: 'keys' },
				{ kind: 'group', group: 'accounts' },
			];
		}
		if (element.kind !== 'group') {
			return [];
		}
		if (element.group === 'keys') {
			return this._keys.names.map((name) => ({ kind: 'key', name }));
		}
		const users = this._workflows.index.accountUsers();
		const known = this._accounts?.list() ?? [];
		const items: KeysTreeItem[] = known.map((account) => ({
			kind: 'account',
			...account,
			missing: false,
			users: users.get(account.name) ?? [],
		}));
		for (const [name, files] of users) {
			if (!known.some((account) => account.name === name)) {
				items.push({ kind: 'account', name, missing: true, users: files });
			}
		}
		return items.sort((a, b) =>
			a.kind === 'account' && b.kind === 'account' ? a.name.localeCompare(b.name) : 0,
		);
	}

	getTreeItem(element: KeysTreeItem): vscode.TreeItem {
		if (element.kind === 'group') {
			const item = new vscode.TreeItem(
				element.group === 'keys' ? 'API Keys' : 'Accounts',
				vscode.TreeItemCollapsibleState.Expanded,
			);
			item.contextValue = `group.${element.group}`;
			return item;
		}
		if (element.kind === 'key') {
			const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.None);
			item.iconPath = new vscode.ThemeIcon('key');
			item.contextValue = 'apiKey';
			item.tooltip = 'Webhook API key; its value is kept in VS Code secret storage.';
			return item;
		}
		const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.None);
		const usedBy = element.users.map((file) => vscode.workspace.asRelativePath(file));
		item.description = [
			element.missing ? 'missing' : element.integration,
			usedBy.length ? `used by ${usedBy.length}` : 'unused',
		]
			.filter(Boolean)
			.join(' · ');
		item.tooltip = `${element.missing ? 'Not on this machine: add it with "Wireflow: Add Account".\n' : ''}${usedBy.length ? `Used by:\n${usedBy.join('\n')}` : 'No workflow uses it.'}`;
		item.iconPath = element.missing
			? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
			: new vscode.ThemeIcon('account');
		item.contextValue = element.missing ? 'account.missing' : 'account';
		return item;
	}
}
