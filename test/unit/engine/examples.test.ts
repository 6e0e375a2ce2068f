import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowFileCache, loadWorkflowFile, requirePlan, runWorkflow } from '../../../src/engine';

const examples = path.join(__dirname, '../../../examples');

describe('examples', () => {
	let workspace: string;

	beforeEach(() => {
		workspace = mkdtempSync(path.join(tmpdir(), 'wireflow-examples-'));
		cpSync(examples, workspace, {
			recursive: true,
			filter: (source) => !source.endsWith(`${path.sep}out`),
		});
	});

	afterEach(() => {
		rmSync(workspace, { recursive: true, force: true });
	});

	async function run(name: string, data?: unknown) {
		const file = path.join(workspace, name);
		const plan = requirePlan(await loadWorkflowFile(file));
		return runWorkflow(plan, {
			workspaceRoot: workspace,
			files: new WorkflowFileCache(),
			trigger: { kind: 'manual', data },
		});
	}

	it('are all valid, without warnings', async () => {
		const files = readdirSync(examples).filter((name) => name.endsWith('.workflow.json'));

		assert.ok(files.length >= 4);
		for (const name of files) {
			const loaded = await loadWorkflowFile(path.join(examples, name));
			assert.deepEqual(loaded.problems, [], name);
		}
	});

	it('order-summary totals valid orders per customer and writes them', async () => {
		const record = await run('order-summary.workflow.json');

		const expected = {
			customers: [
				{ customer: 'Acme Corp', orders: 2, total: 235 },
				{ customer: 'Globex', orders: 2, total: 151 },
				{ customer: 'Initech', orders: 1, total: 258 },
			],
			grandTotal: 644,
		};
		assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
		assert.deepEqual(record.output, expected);
		assert.deepEqual(
			JSON.parse(readFileSync(path.join(workspace, 'out/customer-summary.json'), 'utf8')),
			expected,
		);
	});

	it('triage-ticket routes by priority, then category', async () => {
		const urgent = await run('triage-ticket.workflow.json', {
			id: 'T-1',
			priority: 'urgent',
			category: 'billing',
		});
		const billing = await run('triage-ticket.workflow.json');
		const other = await run('triage-ticket.workflow.json', {
			id: 'T-3',
			priority: 'low',
			category: 'question',
		});

		assert.deepEqual(urgent.output, { ticket: 'T-1', team: 'on-call', slaHours: 1 });
		assert.deepEqual(billing.output, { ticket: 'T-482', team: 'billing', slaHours: 24 });
		assert.deepEqual(other.output, { ticket: 'T-3', team: 'support', slaHours: 48 });
	});

	it('deploy-webhook responds with an announcement for production only', async () => {
		const prod = await run('deploy-webhook.workflow.json');
		const staging = await run('deploy-webhook.workflow.json', {
			env: 'staging',
			service: 'api',
			version: '1.0.0',
		});

		assert.deepEqual(prod.response, {
			status: 200,
			headers: { 'x-wireflow-workflow': 'announce-deploys' },
			body: {
				announced: true,
				text: 'checkout 2.14.0 is live in production (deployed by dana)',
				service: 'checkout',
			},
		});
		assert.deepEqual(staging.response?.body, {
			announced: false,
			text: 'Not announced: staging deploy',
			service: 'api',
		});
		assert.equal(staging.nodes.announce.status, 'skipped');
	});

	it('weekly-report calls the order summary and writes Markdown', async () => {
		const record = await run('weekly-report.workflow.json');

		assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
		assert.deepEqual(record.output, { report: 'out/weekly-report.md', customers: 3 });
		const markdown = readFileSync(path.join(workspace, 'out/weekly-report.md'), 'utf8');
		assert.match(markdown, /\| Acme Corp \| 2 \| 235\.00 \|/);
		assert.match(markdown, /Total: 644\.00/);
	});
});
