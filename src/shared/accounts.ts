/**
 * Accounts: named sets of credentials for an integration, such as `team-slack`. A workflow
 * names the account; the secrets live in VS Code's SecretStorage or, for the CLI, in an
 * environment variable, never in the workflow file.
 */

/** An account with its fields, secrets included. */
export interface AccountData {
	name: string;
	/** Integration id, such as `slack`. */
	integration: string;
	/** Authentication kind of the integration, such as `bearer`. */
	auth: string;
	/** Field values by field name, such as `{ token: 'xoxb-…' }`. */
	fields: Record<string, string>;
}

/** An account without its fields, as validation and pickers use it. */
export type AccountSummary = Pick<AccountData, 'name' | 'integration' | 'auth'>;

/** Finds the accounts of this machine; injected into runs through `RunOptions.accounts`. */
export interface AccountResolver {
	/** Returns the account without its fields, or undefined when there is none by that name. */
	describe(name: string): AccountSummary | undefined;
	/** Returns the account with its fields, or undefined when there is none by that name. */
	get(name: string): Promise<AccountData | undefined>;
}

/** Prefix of the environment variables that hold the CLI's accounts. */
export const ACCOUNT_ENV_PREFIX = 'WIREFLOW_ACCOUNT_';

/**
 * Returns the environment variable that contains an account for the CLI: the name upper-cased,
 * with every character other than A-Z and 0-9 written as `_`. `team-slack` gives
 * `WIREFLOW_ACCOUNT_TEAM_SLACK`.
 */
export function accountEnvName(name: string): string {
	return `${ACCOUNT_ENV_PREFIX}${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Tells how to add a missing account, in VS Code and for the CLI. */
export function howToAddAccount(name: string, integration?: string): string {
	const kind = integration ? `an account of the "${integration}" integration` : 'an account';
	return `Add ${kind} named "${name}" with the "Wireflow: Add Account" command in VS Code, or for the CLI set ${accountEnvName(name)} to its JSON.`;
}
