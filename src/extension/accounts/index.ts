import type * as vscode from 'vscode';
import { scopedLogger } from '../log';
import { registerAccountCommands } from './accountCommands';
import { AccountStore } from './accountStore';

export { AccountStore } from './accountStore';

/**
 * Opens the account store and registers the Add, Edit, Remove and Test Account commands.
 * Called once from `activate`; returns the store, which runs use to resolve accounts.
 */
export async function registerAccounts(context: vscode.ExtensionContext): Promise<AccountStore> {
	const store = await AccountStore.open(context.secrets);
	context.subscriptions.push(store, ...registerAccountCommands(store, scopedLogger('accounts')));
	return store;
}
