import * as vscode from 'vscode';
import { findIntegration, integrations, testAccount } from '../../engine';
import type { AuthKind, IntegrationDefinition } from '../../engine/integrations';
import type { AccountData, AccountSummary } from '../../shared/accounts';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { AccountStore } from './accountStore';

/** Command ids of accounts. */
export const AccountCommands = {
	add: 'wireflow.account.add',
	edit: 'wireflow.account.edit',
	remove: 'wireflow.account.remove',
	test: 'wireflow.account.test',
} as const;

/** Account names: a letter or digit, then letters, digits, `.`, `_` or `-`. */
const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Registers the account commands; each shows its error instead of throwing. */
export function registerAccountCommands(store: AccountStore, logger: Logger): vscode.Disposable[] {
	const command = (id: string, action: (argument?: unknown) => Promise<unknown>) =>
		vscode.commands.registerCommand(id, async (argument?: unknown) => {
			try {
				return await action(argument);
			} catch (error) {
				logger.error('command failed', { command: id, error: errorMessage(error) });
				void vscode.window.showErrorMessage(errorMessage(error));
				return undefined;
			}
		});
	return [
		command(AccountCommands.add, (argument) => addAccount(store, argument)),
		command(AccountCommands.edit, (argument) => editAccount(store, argument)),
		command(AccountCommands.remove, (argument) => removeAccount(store, argument)),
		command(AccountCommands.test, (argument) => runAccountTest(store, logger, argument)),
	];
}

/**
 * Add Account: integration, auth kind, name, then each field. Takes an optional integration
 * id, as the canvas passes it; returns the new account's name, or undefined when cancelled.
 */
async function addAccount(store: AccountStore, argument?: unknown): Promise<string | undefined> {
	const integration =
		typeof argument === 'string' ? findIntegration(argument) : await pickIntegration();
	if (!integration) {
		return undefined;
	}
	const auth = await pickAuthKind(integration);
	const name = auth && (await askName(store, integration));
	if (!auth || !name) {
		return undefined;
	}
	const fields = await askFields(auth, undefined);
	if (!fields) {
		return undefined;
	}
	await store.save({ name, integration: integration.id, auth: auth.kind, fields });
	const test = 'Test Account';
	void vscode.window
		.showInformationMessage(
			`Added the ${integration.name} account "${name}". Nodes use it with "account": "${name}".`,
			...(integration.test ? [test] : []),
		)
		.then((choice) => {
			if (choice === test) {
				void vscode.commands.executeCommand(AccountCommands.test, name);
			}
		});
	return name;
}

/** Edit Account: asks each field again; empty secret fields keep their value. */
async function editAccount(store: AccountStore, argument?: unknown): Promise<void> {
	const account = await resolveAccount(store, argument, 'Account to edit');
	const integration = account && findIntegration(account.integration);
	const auth = integration?.auth.find((kind) => kind.kind === account?.auth);
	if (!account || !auth) {
		return;
	}
	const fields = await askFields(auth, account);
	if (fields) {
		await store.save({ ...account, fields });
		void vscode.window.showInformationMessage(`Saved the account "${account.name}".`);
	}
}

async function removeAccount(store: AccountStore, argument?: unknown): Promise<void> {
	const account = await resolveAccount(store, argument, 'Account to remove');
	if (!account) {
		return;
	}
	const remove = 'Remove';
	const choice = await vscode.window.showWarningMessage(
		`Remove the account "${account.name}" and its secrets from this machine? Workflows that name it stop running here until it is added again.`,
		{ modal: true },
		remove,
	);
	if (choice === remove && (await store.remove(account.name))) {
		void vscode.window.showInformationMessage(`Removed the account "${account.name}".`);
	}
}

/** Test Account: runs the integration's check, such as Slack auth.test or GitHub GET /user. */
async function runAccountTest(
	store: AccountStore,
	logger: Logger,
	argument?: unknown,
): Promise<void> {
	const account = await resolveAccount(store, argument, 'Account to test');
	if (!account) {
		return;
	}
	const summary = await vscode.window.withProgress(
		{
			location: vscode.ProgressLocation.Notification,
			title: `Testing the account "${account.name}"…`,
			cancellable: true,
		},
		(_, token) => {
			const controller = new AbortController();
			token.onCancellationRequested(() => controller.abort());
			return testAccount(account, { signal: controller.signal, logger });
		},
	);
	logger.info('account tested', { account: account.name, integration: account.integration });
	void vscode.window.showInformationMessage(`Account "${account.name}" works. ${summary}`);
}

async function pickIntegration(): Promise<IntegrationDefinition | undefined> {
	const picked = await vscode.window.showQuickPick(
		integrations.map((integration) => ({
			label: `$(${integration.icon}) ${integration.name}`,
			description: integration.id,
			integration,
		})),
		{ placeHolder: 'Integration of the new account' },
	);
	return picked?.integration;
}

async function pickAuthKind(integration: IntegrationDefinition): Promise<AuthKind | undefined> {
	if (integration.auth.length === 1) {
		return integration.auth[0];
	}
	const picked = await vscode.window.showQuickPick(
		integration.auth.map((auth) => ({ label: auth.label, description: auth.kind, auth })),
		{ placeHolder: `How the ${integration.name} account authenticates` },
	);
	return picked?.auth;
}

async function askName(
	store: AccountStore,
	integration: IntegrationDefinition,
): Promise<string | undefined> {
	const name = await vscode.window.showInputBox({
		title: `New ${integration.name} account`,
		prompt: 'Name that workflows use in "account", such as team-slack. It is not a secret.',
		value: `team-${integration.id}`,
		validateInput: (value) => {
			if (!ACCOUNT_NAME_PATTERN.test(value)) {
				return 'Use letters, digits, ".", "_" and "-", starting with a letter or digit.';
			}
			return store.describe(value)
				? `An account named "${value}" already exists; choose another name or edit that account.`
				: undefined;
		},
	});
	return name?.trim() || undefined;
}

/** Asks every field of an auth kind in turn; returns undefined when one box is cancelled. */
async function askFields(
	auth: AuthKind,
	existing: AccountData | undefined,
): Promise<Record<string, string> | undefined> {
	const fields: Record<string, string> = {};
	for (const field of auth.fields) {
		const current = existing?.fields[field.name] ?? '';
		const keep = field.secret && current !== '';
		const value = await vscode.window.showInputBox({
			title: `${field.label}${field.optional ? ' (optional)' : ''}`,
			prompt: [field.description, keep ? 'Leave empty to keep the current value.' : undefined]
				.filter(Boolean)
				.join(' '),
			password: field.secret,
			value: field.secret ? '' : current,
			ignoreFocusOut: true,
			validateInput: (input) =>
				input.trim() === '' && !field.optional && !keep ? `${field.label} is required.` : undefined,
		});
		if (value === undefined) {
			return undefined;
		}
		const trimmed = value.trim();
		if (trimmed !== '') {
			fields[field.name] = trimmed;
		} else if (keep) {
			fields[field.name] = current;
		}
	}
	return fields;
}

/** Returns the account a command names, or asks the user to pick one. */
async function resolveAccount(
	store: AccountStore,
	argument: unknown,
	placeHolder: string,
): Promise<AccountData | undefined> {
	// The keys view passes its element, which carries the account name.
	const element = argument as { name?: unknown } | undefined;
	let name =
		typeof argument === 'string'
			? argument
			: typeof element?.name === 'string'
				? element.name
				: undefined;
	if (!name) {
		const accounts = store.list();
		if (accounts.length === 0) {
			void vscode.window.showInformationMessage(
				'There are no accounts yet; add one with "Wireflow: Add Account".',
			);
			return undefined;
		}
		name = (await vscode.window.showQuickPick(accounts.map(accountItem), { placeHolder }))?.label;
	}
	if (!name) {
		return undefined;
	}
	const account = await store.get(name);
	if (!account) {
		throw new Error(`There is no account named "${name}". Add it with "Wireflow: Add Account".`);
	}
	return account;
}

function accountItem(account: AccountSummary): vscode.QuickPickItem {
	const integration = findIntegration(account.integration);
	const auth = integration?.auth.find((kind) => kind.kind === account.auth);
	return {
		label: account.name,
		description: `${integration?.name ?? account.integration} · ${auth?.label ?? account.auth}`,
	};
}
