import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');
const invalid = path.join(root, 'test/fixtures/invalid');

function wireflow(args: string[], cwd = root) {
	const result = spawnSync(process.execPath, [cli, ...args], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, NO_COLOR: '1' },
	});
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('wireflow CLI', () => {
	let workspace: string;

	before(() => {
		assert.ok(existsSync(cli), `${cli} is missing; run "npm run build" first`);
	});

	beforeEach(() => {
		workspace = mkdtempSync(path.join(tmpdir(), 'wireflow-cli-'));
		cpSync(path.join(root, 'examples'), workspace, {
			recursive: true,
			filter: (source) => !source.includes(`${path.sep}out`),
		});
	});

	afterEach(() => {
		rmSync(workspace, { recursive: true, force: true });
	});

	describe('run', () => {
		it('prints the output on stdout and progress on stderr', () => {
			const result = wireflow(['run', 'order-summary.workflow.json'], workspace);

			assert.equal(result.code, 0, result.stderr);
			assert.equal(JSON.parse(result.stdout).grandTotal, 644);
			assert.match(result.stderr, /✓ read-orders/);
			assert.match(result.stderr, /Run [0-9a-f-]+ succeeded/);
			assert.ok(existsSync(path.join(workspace, 'out/customer-summary.json')));
		});

		it('prints the whole run record with --json', () => {
			const result = wireflow(['run', 'triage-ticket.workflow.json', '--json'], workspace);

			const record = JSON.parse(result.stdout);
			assert.equal(result.code, 0);
			assert.equal(record.status, 'succeeded');
			assert.equal(record.nodes['to-billing'].status, 'succeeded');
			assert.equal(record.nodes['page-on-call'].skipReason, 'branch_not_taken');
		});

		it('takes input as JSON text and from a file', () => {
			writeFileSync(path.join(workspace, 'ticket.json'), '{"id":"T-9","priority":"urgent"}');

			const inline = wireflow(
				['run', 'triage-ticket.workflow.json', '--input', '{"id":"T-8","category":"other"}'],
				workspace,
			);
			const fromFile = wireflow(
				['run', 'triage-ticket.workflow.json', '--input', '@ticket.json'],
				workspace,
			);

			assert.deepEqual(JSON.parse(inline.stdout), { ticket: 'T-8', team: 'support', slaHours: 48 });
			assert.deepEqual(JSON.parse(fromFile.stdout), {
				ticket: 'T-9',
				team: 'on-call',
				slaHours: 1,
			});
		});

		it('exits 1 with the failing node when a run fails', () => {
			writeFileSync(
				path.join(workspace, 'fails.workflow.json'),
				JSON.stringify({
					version: 1,
					name: 'Fails',
					nodes: [
						{ id: 'start', type: 'trigger.manual' },
						{ id: 'check', type: 'core.fail', params: { message: 'Stock is empty' } },
					],
					connections: [{ from: 'start', to: 'check' }],
				}),
			);

			const result = wireflow(['run', 'fails.workflow.json'], workspace);

			assert.equal(result.code, 1);
			assert.match(result.stderr, /✗ check: Stock is empty/);
			assert.match(result.stderr, /failed at node "check": Stock is empty/);
			assert.doesNotMatch(result.stderr, /at .*\.js:\d+/, 'no stack trace');
		});

		it('exits 2 for an invalid workflow without running it', () => {
			const result = wireflow(['run', path.join(invalid, 'many-problems.workflow.json')]);

			assert.equal(result.code, 2);
			assert.match(
				result.stderr,
				/many-problems\.workflow\.json:3:11: error: The workflow name "AWS cleanup"/,
			);
			assert.match(result.stderr, /Not run/);
			assert.equal(result.stdout, '');
		});

		it('exits 2 for bad input JSON, a missing file and usage mistakes', () => {
			const badInput = wireflow(
				['run', 'triage-ticket.workflow.json', '--input', '{oops'],
				workspace,
			);
			const missing = wireflow(['run', 'nope.workflow.json'], workspace);
			const noFile = wireflow(['run']);
			const unknownOption = wireflow(['run', 'x.json', '--colour']);

			assert.equal(badInput.code, 2);
			assert.match(badInput.stderr, /not valid JSON/);
			assert.equal(missing.code, 2);
			assert.match(missing.stderr, /nope\.workflow\.json: file not found/);
			assert.equal(noFile.code, 2);
			assert.equal(unknownOption.code, 2);
			assert.match(unknownOption.stderr, /Unknown option '--colour'/);
		});

		it('cancels a run after --timeout', () => {
			writeFileSync(
				path.join(workspace, 'slow.workflow.json'),
				JSON.stringify({
					version: 1,
					name: 'Slow',
					nodes: [
						{ id: 'start', type: 'trigger.manual' },
						{ id: 'wait', type: 'core.delay', params: { ms: 60000 } },
					],
					connections: [{ from: 'start', to: 'wait' }],
				}),
			);

			const result = wireflow(['run', 'slow.workflow.json', '--timeout', '200'], workspace);

			assert.equal(result.code, 1);
			assert.match(result.stderr, /cancelled/);
		});
	});

	describe('validate', () => {
		it('exits 0 for the examples', () => {
			const result = wireflow([
				'validate',
				...['order-summary', 'triage-ticket', 'deploy-webhook', 'weekly-report'].map(
					(name) => `examples/${name}.workflow.json`,
				),
			]);

			assert.equal(result.code, 0, result.stdout);
			assert.equal(result.stdout, '');
			assert.match(result.stderr, /4 of 4 workflow file\(s\) valid/);
		});

		it('prints one file:line:col line per problem and exits 2', () => {
			const result = wireflow([
				'validate',
				'test/fixtures/invalid/many-problems.workflow.json',
				'test/fixtures/invalid/syntax-error.workflow.json',
			]);

			const lines = result.stdout.trim().split('\n');
			assert.equal(result.code, 2);
			assert.equal(lines.length, 8);
			for (const line of lines) {
				assert.match(line, /^test\/fixtures\/invalid\/[a-z-]+\.workflow\.json:\d+:\d+: error: /);
			}
			assert.ok(
				lines.includes(
					'test/fixtures/invalid/syntax-error.workflow.json:6:5: error: Invalid JSON: a comma is expected between items.',
				),
			);
			assert.ok(
				lines.some((line) =>
					line.startsWith(
						'test/fixtures/invalid/many-problems.workflow.json:7:13: error: Duplicate node id "check"',
					),
				),
			);
			assert.ok(lines.some((line) => line.includes('ends at "nowhere"')));
			assert.ok(lines.some((line) => line.includes('invalid expression')));
		});

		it('reports a missing file as a problem', () => {
			const result = wireflow(['validate', 'missing.workflow.json']);

			assert.equal(result.code, 2);
			assert.match(
				result.stdout,
				/^missing\.workflow\.json:1:1: error: Cannot read workflow .*file not found/,
			);
		});
	});

	describe('help', () => {
		for (const args of [['--help'], ['run', '--help'], ['validate', '--help']]) {
			it(`prints help for ${args.join(' ')}`, () => {
				const result = wireflow(args);

				assert.equal(result.code, 0);
				assert.match(result.stdout, /^Usage: wireflow/);
			});
		}

		it('exits 2 for an unknown command', () => {
			const result = wireflow(['deploy']);

			assert.equal(result.code, 2);
			assert.match(result.stderr, /Unknown command "deploy"/);
		});
	});
});
