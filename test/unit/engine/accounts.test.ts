import assert from 'node:assert/strict';
import {
	AccountMap,
	accountsFromEnvironment,
	checkAccounts,
	loadWorkflow,
} from '../../../src/engine';
import { accountEnvName } from '../../../src/shared/accounts';
import { runOf, workflowOf } from '../../helpers/workflows';

const slackAccount = {
	name: 'team-slack',
	integration: 'slack',
	auth: 'bearer',
	fields: { token: 'xoxb-1' },
};

/** Builds the text of a workflow with one Slack node that names `account`. */
function slackWorkflowText(account: string, type = 'slack.postMessage'): string {
	const workflow = workflowOf(
		[{ id: 'notify', type, params: { account, channel: 'C1', text: 'hi' } }],
		[{ from: 'start', to: 'notify' }],
	);
	return `${JSON.stringify(workflow, null, 2)}\n`;
}

describe('accounts', () => {
	describe('accountEnvName', () => {
		it('upper-cases the name and writes other characters as _', () => {
			assert.equal(accountEnvName('team-slack'), 'WIREFLOW_ACCOUNT_TEAM_SLACK');
			assert.equal(accountEnvName('aws.prod 2'), 'WIREFLOW_ACCOUNT_AWS_PROD_2');
		});
	});

	describe('accountsFromEnvironment', () => {
		it('reads integration, auth and fields from JSON', async () => {
			const { accounts, errors } = accountsFromEnvironment({
				WIREFLOW_ACCOUNT_TEAM_SLACK: '{"integration":"slack","auth":"bearer","token":"xoxb-1"}',
				HOME: '/home/ada',
			});

			assert.deepEqual(errors, []);
			assert.deepEqual(await accounts.get('team-slack'), slackAccount);
			assert.deepEqual(accounts.describe('team-slack'), {
				name: 'team-slack',
				integration: 'slack',
				auth: 'bearer',
			});
			assert.equal(accounts.describe('other'), undefined);
		});

		it('writes numbers and booleans as strings', async () => {
			const { accounts } = accountsFromEnvironment({
				WIREFLOW_ACCOUNT_MAIL: '{"integration":"email","auth":"smtp","host":"h","port":2525}',
			});

			assert.equal((await accounts.get('mail'))?.fields.port, '2525');
		});

		it('reports unreadable variables by name without their value', () => {
			const { errors } = accountsFromEnvironment({
				WIREFLOW_ACCOUNT_BAD_JSON: '{token: secret-value',
				WIREFLOW_ACCOUNT_NO_KIND: '{"token":"t"}',
				WIREFLOW_ACCOUNT_NESTED: '{"integration":"http","auth":"none","x":{}}',
			});

			assert.equal(errors.length, 3);
			assert.match(errors[0], /^WIREFLOW_ACCOUNT_BAD_JSON is not valid JSON/);
			assert.doesNotMatch(errors.join('\n'), /secret-value/);
			assert.match(errors[1], /"integration" or "auth"/);
			assert.match(errors[2], /"x" is an object/);
		});
	});

	describe('checkAccounts', () => {
		it('reports a missing account at its line with the fix', () => {
			const loaded = loadWorkflow(slackWorkflowText('team-slack'), 'notify.workflow.json');

			const problems = checkAccounts(loaded, () => undefined);

			assert.equal(problems.length, 1);
			assert.equal(problems[0].code, 'account_missing');
			assert.equal(problems[0].severity, 'error');
			assert.equal(problems[0].nodeId, 'notify');
			const line = loaded.document.text.split('\n')[problems[0].line - 1];
			assert.match(line, /"account": "team-slack"/);
			assert.match(problems[0].message, /WIREFLOW_ACCOUNT_TEAM_SLACK/);
			assert.match(problems[0].message, /Wireflow: Add Account/);
		});

		it('reports an account of another integration', () => {
			const loaded = loadWorkflow(slackWorkflowText('gh'));

			const problems = checkAccounts(
				loaded,
				(name) => ({ name, integration: 'github', auth: 'bearer' }),
				'warning',
			);

			assert.equal(problems[0].code, 'account_wrong_integration');
			assert.equal(problems[0].severity, 'warning');
		});

		it('reports an auth kind the operation does not accept', () => {
			const loaded = loadWorkflow(slackWorkflowText('hook'));

			const problems = checkAccounts(loaded, (name) => ({
				name,
				integration: 'slack',
				auth: 'webhook',
			}));

			assert.equal(problems[0].code, 'account_wrong_auth');
		});

		it('accepts a present account and skips expressions', () => {
			const present = checkAccounts(loadWorkflow(slackWorkflowText('team-slack')), (name) => ({
				name,
				integration: 'slack',
				auth: 'bearer',
			}));
			const dynamic = checkAccounts(
				loadWorkflow(slackWorkflowText('{{ $trigger.account }}')),
				() => undefined,
			);

			assert.deepEqual(present, []);
			assert.deepEqual(dynamic, []);
		});
	});

	describe('getAccount', () => {
		it('fails the node with account_missing when the resolver lacks it', async () => {
			const workflow = workflowOf(
				[
					{
						id: 'notify',
						type: 'slack.postMessage',
						params: { account: 'team-slack', channel: 'C1' },
					},
				],
				[{ from: 'start', to: 'notify' }],
			);

			const record = await runOf(workflow, { accounts: new AccountMap([]) });

			assert.equal(record.status, 'failed');
			assert.equal(record.error?.code, 'account_missing');
			assert.equal(record.error?.nodeId, 'notify');
			assert.match(record.error?.message ?? '', /No account named "team-slack"/);
		});
	});

	describe('workflow names', () => {
		it('allow aws integration nodes and node names under a neutral workflow name', () => {
			const workflow = workflowOf(
				[
					{
						id: 'aws-publish',
						name: 'AWS publish',
						type: 'aws.snsPublish',
						params: { account: 'aws-prod', topicArn: 'arn:aws:sns:eu-west-1:1:t', message: 'x' },
					},
				],
				[{ from: 'start', to: 'aws-publish' }],
				'Release fan-out',
			);

			const loaded = loadWorkflow(JSON.stringify(workflow));

			assert.deepEqual(loaded.problems, []);
		});
	});
});
