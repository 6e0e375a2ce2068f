import {
	ACCOUNT_ENV_PREFIX,
	type AccountData,
	type AccountResolver,
	type AccountSummary,
	accountEnvName,
	howToAddAccount,
} from '../shared/accounts';
import type { Problem } from '../shared/problems';
import { isTemplate } from './expressions';
import { findIntegration } from './integrations';
import type { LoadedWorkflow } from './load';

/** Accounts held in memory, such as those read from the environment or given by a test. */
export class AccountMap implements AccountResolver {
	private readonly _accounts = new Map<string, AccountData>();

	constructor(accounts: Iterable<AccountData> = []) {
		for (const account of accounts) {
			this._accounts.set(account.name, account);
		}
	}

	describe(name: string): AccountSummary | undefined {
		const account = this._accounts.get(name);
		return account && { name: account.name, integration: account.integration, auth: account.auth };
	}

	async get(name: string): Promise<AccountData | undefined> {
		return this._accounts.get(name);
	}
}

/** Accounts read from the environment, and the variables that could not be read. */
export interface EnvironmentAccounts {
	accounts: AccountResolver;
	/** One message per unreadable `WIREFLOW_ACCOUNT_*` variable, naming it and the fix. */
	errors: string[];
}

/**
 * Reads the CLI's accounts from the environment. A workflow's account `team-slack` is the
 * variable `WIREFLOW_ACCOUNT_TEAM_SLACK`, whose value is JSON such as
 * `{"integration": "slack", "auth": "bearer", "token": "xoxb-…"}`: every key besides
 * `integration` and `auth` is an account field.
 */
export function accountsFromEnvironment(env: NodeJS.ProcessEnv): EnvironmentAccounts {
	const byVariable = new Map<string, AccountData>();
	const errors: string[] = [];
	for (const [variable, value] of Object.entries(env)) {
		if (!variable.startsWith(ACCOUNT_ENV_PREFIX) || value === undefined) {
			continue;
		}
		const parsed = parseAccountVariable(variable, value);
		if (typeof parsed === 'string') {
			errors.push(parsed);
		} else {
			byVariable.set(variable, parsed);
		}
	}
	return { accounts: new EnvironmentResolver(byVariable), errors };
}

/** Finds an account by the variable its name maps to, so `team-slack` finds TEAM_SLACK. */
class EnvironmentResolver implements AccountResolver {
	constructor(private readonly _byVariable: Map<string, AccountData>) {}

	describe(name: string): AccountSummary | undefined {
		const account = this._byVariable.get(accountEnvName(name));
		return account && { name, integration: account.integration, auth: account.auth };
	}

	async get(name: string): Promise<AccountData | undefined> {
		const account = this._byVariable.get(accountEnvName(name));
		return account && { ...account, name };
	}
}

/** Returns the account a variable holds, or a message saying why it cannot be read. */
function parseAccountVariable(variable: string, value: string): AccountData | string {
	const example = `{"integration": "slack", "auth": "bearer", "token": "…"}`;
	let parsed: unknown;
	try {
		parsed = JSON.parse(value);
	} catch {
		// The parser's message may quote the value, which contains secrets, so it is left out.
		return `${variable} is not valid JSON. Set it to JSON such as ${example}.`;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return `${variable} is not a JSON object. Set it to JSON such as ${example}.`;
	}
	const { integration, auth, ...rest } = parsed as Record<string, unknown>;
	if (typeof integration !== 'string' || typeof auth !== 'string') {
		return `${variable} has no "integration" or "auth" string. Set it to JSON such as ${example}.`;
	}
	const fields: Record<string, string> = {};
	for (const [key, field] of Object.entries(rest)) {
		if (typeof field === 'object' && field !== null) {
			return `${variable}: the field "${key}" is an object or list; account fields are strings.`;
		}
		if (field !== null) {
			fields[key] = String(field);
		}
	}
	const name = variable.slice(ACCOUNT_ENV_PREFIX.length).toLowerCase();
	return { name, integration, auth, fields };
}

/** Returns the account this machine has by a name, without secrets. */
export type AccountLookup = (name: string) => AccountSummary | undefined;

/**
 * Checks the accounts that the integration nodes of a loaded workflow name: each must exist
 * on this machine, belong to the node's integration and use an auth kind it accepts. Returns
 * one problem per node, located at its `account` param, with the given severity. Accounts
 * given as expressions are checked when the node runs.
 */
export function checkAccounts(
	loaded: LoadedWorkflow,
	lookup: AccountLookup,
	severity: Problem['severity'] = 'error',
): Problem[] {
	const problems: Problem[] = [];
	const nodes = loaded.workflow?.nodes ?? [];
	nodes.forEach((node, index) => {
		const [integrationId, operationId] = node.type.split('.');
		const integration = findIntegration(integrationId);
		const operation = integration?.operations.find((item) => item.id === operationId);
		const name = node.params?.account;
		if (!integration || !operation || typeof name !== 'string' || name === '' || isTemplate(name)) {
			return;
		}
		const authKinds = operation.auth ?? integration.auth.map((auth) => auth.kind);
		const message = accountProblem(name, lookup(name), integration.id, integration.name, authKinds);
		if (message) {
			const path = ['nodes', index, 'params', 'account'];
			problems.push(
				loaded.document.problemAtPath(path, {
					code: message.code,
					message: `Node "${node.id}": ${message.text}`,
					nodeId: node.id,
					path,
					severity,
				}),
			);
		}
	});
	return problems;
}

function accountProblem(
	name: string,
	account: AccountSummary | undefined,
	integrationId: string,
	integrationName: string,
	authKinds: string[],
): { code: string; text: string } | undefined {
	if (!account) {
		return {
			code: 'account_missing',
			text: `this machine has no account named "${name}". ${howToAddAccount(name, integrationId)}`,
		};
	}
	if (account.integration !== integrationId) {
		return {
			code: 'account_wrong_integration',
			text: `account "${name}" is a ${account.integration} account, but the node needs a ${integrationName} account. Name a ${integrationId} account instead.`,
		};
	}
	if (!authKinds.includes(account.auth)) {
		return {
			code: 'account_wrong_auth',
			text: `account "${name}" uses the auth kind "${account.auth}", which this ${integrationName} node does not accept; name an account whose kind is ${authKinds.map((kind) => `"${kind}"`).join(' or ')}.`,
		};
	}
	return undefined;
}
