import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { workflowOf } from '../../helpers/workflows';
import { FakeService } from '../engine/integrations/fakeService';

/** Runs the CLI in this process, with the given environment, and captures its output. */
async function wireflow(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: (text) => void (stdout += text),
		stderr: (text) => void (stderr += text),
		color: false,
		cwd,
		env,
	};
	const code = await main(args, io);
	return { code, stdout, stderr };
}

describe('wireflow CLI accounts', () => {
	let dir: string;
	let slack: FakeService;

	beforeEach(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'wireflow-accounts-'));
		slack = await FakeService.start(() => ({
			body: { ok: true, channel: 'C1', ts: '1.2', message: {} },
		}));
		const workflow = workflowOf(
			[
				{
					id: 'notify',
					type: 'slack.postMessage',
					params: { account: 'team-slack', channel: 'C1', text: 'hi' },
				},
			],
			[{ from: 'start', to: 'notify' }],
			'Notify',
		);
		writeFileSync(path.join(dir, 'notify.workflow.json'), `${JSON.stringify(workflow, null, 2)}\n`);
	});

	afterEach(async () => {
		await slack.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const slackAccount = () =>
		JSON.stringify({ integration: 'slack', auth: 'bearer', token: 'xoxb-cli', baseUrl: slack.url });

	describe('run', () => {
		it('uses the account from WIREFLOW_ACCOUNT_<NAME>', async () => {
			const result = await wireflow(['run', 'notify.workflow.json'], dir, {
				WIREFLOW_ACCOUNT_TEAM_SLACK: slackAccount(),
			});

			assert.equal(result.code, 0, result.stderr);
			assert.equal(slack.last.headers.authorization, 'Bearer xoxb-cli');
			assert.deepEqual(JSON.parse(result.stdout), { channel: 'C1', ts: '1.2', message: {} });
		});

		it('exits 2 naming the missing account and its variable', async () => {
			const result = await wireflow(['run', 'notify.workflow.json'], dir, {});

			assert.equal(result.code, 2);
			assert.match(
				result.stderr,
				/notify\.workflow\.json:\d+:\d+: error: Node "notify": this machine has no account named "team-slack"/,
			);
			assert.match(result.stderr, /WIREFLOW_ACCOUNT_TEAM_SLACK/);
			assert.equal(slack.requests.length, 0);
		});

		it('warns about an unreadable account variable', async () => {
			const result = await wireflow(['run', 'notify.workflow.json'], dir, {
				WIREFLOW_ACCOUNT_TEAM_SLACK: 'not json',
			});

			assert.equal(result.code, 2);
			assert.match(result.stderr, /warning: WIREFLOW_ACCOUNT_TEAM_SLACK is not valid JSON/);
		});
	});

	describe('validate', () => {
		it('reports a missing account as a warning', async () => {
			const result = await wireflow(['validate', 'notify.workflow.json'], dir, {});

			assert.equal(result.code, 0);
			assert.match(
				result.stdout,
				/warning: Node "notify": this machine has no account named "team-slack"/,
			);
		});

		it('reports it as an error with --require-accounts', async () => {
			const result = await wireflow(
				['validate', '--require-accounts', 'notify.workflow.json'],
				dir,
				{},
			);

			assert.equal(result.code, 2);
			assert.match(result.stdout, /error: Node "notify": this machine has no account/);
		});

		it('reports nothing when the account is set', async () => {
			const result = await wireflow(['validate', 'notify.workflow.json'], dir, {
				WIREFLOW_ACCOUNT_TEAM_SLACK: slackAccount(),
			});

			assert.equal(result.code, 0);
			assert.equal(result.stdout, '');
		});
	});
});
