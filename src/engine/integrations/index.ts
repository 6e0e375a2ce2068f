import type { AccountData } from '../../shared/accounts';
import { UserError } from '../../shared/errors';
import { type Logger, silentLogger } from '../../shared/logger';
import { GENERIC_WEBHOOK_SOURCE } from '../actions/triggers';
import type { ActionDefinition } from '../actions/types';
import { awsIntegration } from './aws';
import { discordIntegration } from './discord';
import { emailIntegration } from './email';
import { githubIntegration } from './github';
import { httpIntegration } from './http';
import { checkAccount, integrationActions, operationCall } from './operationActions';
import { slackIntegration } from './slack';
import { spotIntegration } from './spot';
import { teamsIntegration } from './teams';
import type { IntegrationDefinition, WebhookSource } from './types';

/** The built-in integrations. Adding one is one line here and its definition file. */
export const integrations: readonly IntegrationDefinition[] = [
	httpIntegration,
	slackIntegration,
	githubIntegration,
	spotIntegration,
	awsIntegration,
	emailIntegration,
	teamsIntegration,
	discordIntegration,
];

/** The actions of every integration, one per operation. */
export const integrationActionList: readonly ActionDefinition[] =
	integrations.flatMap(integrationActions);

/** The `source` choices of the webhook trigger: generic, then one per integration that has one. */
export const webhookSources: readonly WebhookSource[] = [
	GENERIC_WEBHOOK_SOURCE,
	...integrations.flatMap((integration) =>
		integration.webhookSource ? [integration.webhookSource] : [],
	),
];

/** Returns the integration with this id, or undefined. */
export function findIntegration(id: string): IntegrationDefinition | undefined {
	return integrations.find((integration) => integration.id === id);
}

/** Time limit of an account test request, in milliseconds. */
const TEST_TIMEOUT_MS = 15_000;

/**
 * Checks an account against its service, such as Slack's auth.test or GitHub's GET /user,
 * and returns a one-line summary. Throws the same errors an operation would.
 */
export async function testAccount(
	account: AccountData,
	options: { signal?: AbortSignal; logger?: Logger } = {},
): Promise<string> {
	const integration = findIntegration(account.integration);
	if (!integration) {
		throw new UserError(
			'account_wrong_integration',
			`Account "${account.name}" names the unknown integration "${account.integration}". Remove it and add it again.`,
		);
	}
	checkAccount(integration, undefined, account);
	if (!integration.test) {
		throw new UserError(
			'account_test_unavailable',
			`${integration.name} accounts cannot be checked without sending a message; run a workflow that uses the account instead.`,
		);
	}
	const call = operationCall(
		integration,
		{
			id: 'test',
			name: 'account test',
			description: '',
			inputs: { properties: {} },
			sampleOutput: null,
		},
		{
			params: { timeoutMs: TEST_TIMEOUT_MS },
			account,
			signal: options.signal ?? new AbortController().signal,
			logger: options.logger ?? silentLogger,
		},
	);
	return integration.test(call);
}

export type {
	AccountField,
	AuthKind,
	IntegrationDefinition,
	OperationDefinition,
	WebhookSource,
} from './types';
