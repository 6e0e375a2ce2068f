import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunRecord } from '../../../src/shared/model';

const CANVAS = 'wireflow.workflowEditor';

/**
 * A workflow whose schedule fires every second. Each run appends a line to out/ticks.log.
 *
 *   every-second ──▶ append
 */
const TICK_WORKFLOW = {
	version: 1,
	name: 'Tick',
	nodes: [
		{ id: 'every-second', type: 'trigger.schedule', params: { cron: '* * * * * *' } },
		{
			id: 'append',
			type: 'core.writeFile',
			params: { path: 'out/ticks.log', content: "{{ $trigger.firedAt & '\\n' }}", append: true },
		},
	],
	connections: [{ from: 'every-second', to: 'append' }],
};

function workspaceFile(name: string): vscode.Uri {
	return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

async function readText(uri: vscode.Uri): Promise<string> {
	return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
	await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

async function lineCount(uri: vscode.Uri): Promise<number> {
	try {
		return (await readText(uri)).split('\n').filter(Boolean).length;
	} catch {
		return 0;
	}
}

async function waitFor(description: string, timeoutMs: number, condition: () => Promise<boolean>) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function activeCustomEditor(): vscode.TabInputCustom | undefined {
	const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
	return input instanceof vscode.TabInputCustom ? input : undefined;
}

describe('Wireflow in VS Code desktop', () => {
	afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

	it('opens an example in the canvas without changing it', async () => {
		const uri = workspaceFile('deploy-webhook.workflow.json');
		const before = await readText(uri);

		await vscode.commands.executeCommand('vscode.openWith', uri, CANVAS);

		assert.equal(activeCustomEditor()?.viewType, CANVAS);
		assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.isDirty, false);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		assert.equal(await readText(uri), before);
	});

	it('leaves a file with a syntax error as it is', async () => {
		const uri = workspaceFile('broken.workflow.json');
		const broken =
			'{\n  "version": 1,\n  "nodes": [\n    { "id": "a" }\n    { "id": "b" }\n  ]\n}\n';
		await writeText(uri, broken);

		await vscode.commands.executeCommand('vscode.openWith', uri, CANVAS);

		assert.equal(activeCustomEditor()?.viewType, CANVAS);
		assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.isDirty, false);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		assert.equal(await readText(uri), broken);
	});

	it('runs a workflow with Run Workflow', async () => {
		const uri = workspaceFile('order-summary.workflow.json');

		const record = await vscode.commands.executeCommand<RunRecord | undefined>(
			'wireflow.run.start',
			uri,
		);

		assert.equal(record?.status, 'succeeded');
		const summary = JSON.parse(await readText(workspaceFile('out/customer-summary.json')));
		assert.ok(Array.isArray(summary.customers), 'the run writes the customer summary');
	});

	it('runs a schedule until it is unscheduled', async () => {
		const uri = workspaceFile('tick.workflow.json');
		const log = workspaceFile('out/ticks.log');
		await writeText(uri, `${JSON.stringify(TICK_WORKFLOW, null, 2)}\n`);

		await vscode.commands.executeCommand('wireflow.schedule.enable', uri);
		await waitFor('two scheduled runs', 15_000, async () => (await lineCount(log)) >= 2);
		await vscode.commands.executeCommand('wireflow.schedule.disable', uri);

		// A run that fired just before the unschedule may still finish, but no run may follow it.
		await new Promise((resolve) => setTimeout(resolve, 500));
		const settled = await lineCount(log);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		assert.equal(await lineCount(log), settled, 'no run after the schedule is off');
	});
});
