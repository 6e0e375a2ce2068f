import * as vscode from 'vscode';
import type { AccountData, AccountResolver, AccountSummary } from '../../shared/accounts';
import { Disposable } from '../dispose';

/** SecretStorage entry that lists the accounts (name, integration, auth kind), as JSON. */
const INDEX_KEY = 'wireflow.accounts';

/** SecretStorage entry of one account's fields, as JSON; one entry per account. */
function fieldsKey(name: string): string {
	return `wireflow.account.${name}`;
}

/**
 * The accounts of this machine, kept in VS Code's SecretStorage. The list of names, for
 * pickers and validation, is also kept in memory. Each account's fields are in their own
 * secret entry, read only when a node runs or the account is tested. Changes in another
 * window reload the list.
 */
export class AccountStore extends Disposable implements AccountResolver {
	private _index: AccountSummary[] = [];
	private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
	/** Fires when an account is added, edited or removed, here or in another window. */
	readonly onDidChange = this._onDidChange.event;

	private constructor(private readonly _secrets: vscode.SecretStorage) {
		super();
		this._register(
			_secrets.onDidChange((event) => {
				if (event.key === INDEX_KEY) {
					void this.reload();
				}
			}),
		);
	}

	/** Opens the store and reads the account list. */
	static async open(secrets: vscode.SecretStorage): Promise<AccountStore> {
		const store = new AccountStore(secrets);
		await store.reload();
		return store;
	}

	/** Accounts without their fields, sorted by name. */
	list(): AccountSummary[] {
		return [...this._index].sort((a, b) => a.name.localeCompare(b.name));
	}

	describe(name: string): AccountSummary | undefined {
		return this._index.find((account) => account.name === name);
	}

	/** Account names by integration id, for the account picker of the configuration panel. */
	namesByIntegration(): Record<string, string[]> {
		const names: Record<string, string[]> = {};
		for (const account of this.list()) {
			(names[account.integration] ??= []).push(account.name);
		}
		return names;
	}

	async get(name: string): Promise<AccountData | undefined> {
		const summary = this.describe(name);
		if (!summary) {
			return undefined;
		}
		const raw = await this._secrets.get(fieldsKey(name));
		let fields: Record<string, string> = {};
		try {
			fields = raw ? (JSON.parse(raw) as Record<string, string>) : {};
		} catch {
			// NOTE: an unreadable entry gives an account without fields; editing it writes a new one.
			fields = {};
		}
		return { ...summary, fields };
	}

	/** Adds an account, or replaces the one of the same name. */
	async save(account: AccountData): Promise<void> {
		await this._secrets.store(fieldsKey(account.name), JSON.stringify(account.fields));
		const summary = { name: account.name, integration: account.integration, auth: account.auth };
		await this.writeIndex([...this._index.filter((item) => item.name !== account.name), summary]);
	}

	/** Removes an account and its secrets; returns false when there is none by that name. */
	async remove(name: string): Promise<boolean> {
		if (!this.describe(name)) {
			return false;
		}
		await this.writeIndex(this._index.filter((item) => item.name !== name));
		await this._secrets.delete(fieldsKey(name));
		return true;
	}

	private async writeIndex(index: AccountSummary[]): Promise<void> {
		await this._secrets.store(INDEX_KEY, JSON.stringify(index));
		this._index = index;
		this._onDidChange.fire();
	}

	private async reload(): Promise<void> {
		const raw = await this._secrets.get(INDEX_KEY);
		let index: AccountSummary[] = [];
		try {
			index = raw ? (JSON.parse(raw) as AccountSummary[]) : [];
		} catch {
			// NOTE: an unreadable list means no accounts; adding one writes a new list.
			index = [];
		}
		this._index = Array.isArray(index) ? index : [];
		this._onDidChange.fire();
	}
}
