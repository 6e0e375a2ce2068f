import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowIndex, findWorkflowFiles } from '../../../src/engine/workflowIndex';

function webhookWorkflow(name: string, hookPath: string): string {
	return `${JSON.stringify(
		{
			version: 1,
			name,
			nodes: [
				{ id: 'hook', type: 'trigger.webhook', params: { path: hookPath } },
				{ id: 'reply', type: 'core.respond', params: { body: { ok: true } } },
			],
			connections: [{ from: 'hook', to: 'reply' }],
		},
		null,
		2,
	)}\n`;
}

const scheduled = JSON.stringify({
	version: 1,
	name: 'Nightly',
	nodes: [
		{ id: 'tick', type: 'trigger.schedule', params: { cron: '0 2 * * *', timezone: 'UTC' } },
		{ id: 'post', type: 'core.log', params: { message: 'x', account: 'ops-slack' } },
	],
	connections: [{ from: 'tick', to: 'post' }],
});

describe('WorkflowIndex', () => {
	let root: string;

	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'wireflow-index-'));
		mkdirSync(path.join(root, 'ops'));
		mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
		mkdirSync(path.join(root, '.git'));
		writeFileSync(path.join(root, 'deploys.workflow.json'), webhookWorkflow('Deploys', 'deploys'));
		writeFileSync(path.join(root, 'ops', 'nightly.workflow.json'), scheduled);
		writeFileSync(path.join(root, 'node_modules', 'pkg', 'x.workflow.json'), scheduled);
		writeFileSync(path.join(root, '.git', 'y.workflow.json'), scheduled);
		writeFileSync(path.join(root, 'notes.json'), '{}');
	});

	afterEach(() => {
		rmSync(root, { recursive: true, force: true });
	});

	it('finds workflow files outside node_modules and dot folders', async () => {
		const files = await findWorkflowFiles(root);

		assert.deepEqual(files, [
			path.join(root, 'deploys.workflow.json'),
			path.join(root, 'ops', 'nightly.workflow.json'),
		]);
	});

	it('summarises triggers of scanned files', async () => {
		const index = new WorkflowIndex();

		await index.scan([root]);
		const [deploys, nightly] = index.entries();

		assert.equal(deploys.name, 'Deploys');
		assert.equal(deploys.triggerType, 'trigger.webhook');
		assert.equal(deploys.webhookPath, 'deploys');
		assert.equal(deploys.valid, true);
		assert.equal(nightly.cron, '0 2 * * *');
		assert.equal(nightly.timezone, 'UTC');
	});

	it('follows added, renamed, broken and deleted files', async () => {
		const index = new WorkflowIndex();
		await index.scan([root]);
		let changes = 0;
		index.onDidChange(() => changes++);
		const added = path.join(root, 'ops', 'hooks.workflow.json');
		const renamed = path.join(root, 'ops', 'inbound.workflow.json');

		writeFileSync(added, webhookWorkflow('Hooks', 'hooks'));
		await index.update(added);
		renameSync(added, renamed);
		await index.rename(added, renamed);
		writeFileSync(renamed, '{ "version": 1, "name": ');
		await index.update(renamed);
		const broken = index.get(renamed);
		rmSync(path.join(root, 'deploys.workflow.json'));
		index.remove(path.join(root, 'deploys.workflow.json'));

		assert.equal(changes, 4);
		assert.equal(index.get(added), undefined);
		assert.equal(broken?.valid, false);
		assert.equal(broken?.name, 'inbound');
		assert.equal(broken?.firstError?.code, 'invalid_json');
		assert.equal(broken?.firstError?.line, 1);
		assert.deepEqual(
			index.entries().map((entry) => path.relative(root, entry.file)),
			[path.join('ops', 'inbound.workflow.json'), path.join('ops', 'nightly.workflow.json')],
		);
	});

	it('reports a webhook path claimed twice on both files', async () => {
		const other = path.join(root, 'ops', 'copy.workflow.json');
		writeFileSync(other, webhookWorkflow('Copy', '/deploys/'));
		const index = new WorkflowIndex();
		await index.scan([root]);

		const first = index.crossFileProblems(path.join(root, 'deploys.workflow.json'));
		const second = index.crossFileProblems(other);

		assert.equal(first.length, 1);
		assert.equal(second.length, 1);
		assert.match(first[0].message, /also used by .*copy\.workflow\.json/);
		assert.match(second[0].message, /also used by .*deploys\.workflow\.json/);
		assert.equal(first[0].line, 9);
		assert.equal(first[0].nodeId, 'hook');
		assert.deepEqual(index.crossFileProblems(path.join(root, 'ops', 'nightly.workflow.json')), []);
	});

	it('indexes unsaved text', () => {
		const index = new WorkflowIndex();
		const file = path.join(root, 'draft.workflow.json');

		index.updateText(file, webhookWorkflow('Draft', 'drafts'));

		assert.equal(index.get(file)?.webhookPath, 'drafts');
	});

	it('lists the files that use each account', async () => {
		const index = new WorkflowIndex();
		await index.scan([root]);

		assert.deepEqual(
			[...index.accountUsers().entries()],
			[['ops-slack', [path.join(root, 'ops', 'nightly.workflow.json')]]],
		);
	});
});
