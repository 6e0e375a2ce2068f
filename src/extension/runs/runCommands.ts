import * as vscode from 'vscode';
import { loadWorkflow } from '../../engine';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { RunRecord } from '../../shared/model';
import { requireTrust } from '../trust';
import { InvalidWorkflowError, type RunService } from './runService';
import { RunDocumentProvider, formatDuration, type RunTreeItem } from './runsView';

/** Command ids of running and run history. */
export const RunCommands = {
	start: 'wireflow.run.start',
	startWithInput: 'wireflow.run.startWithInput',
	cancel: 'wireflow.run.cancel',
	showRuns: 'wireflow.runs.show',
	openRun: 'wireflow.runs.open',
	refreshRuns: 'wireflow.runs.refresh',
} as const;

/** Returns the workflow file of the active editor tab, canvas or text. */
export function activeWorkflowUri(): vscode.Uri | undefined {
	const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
	const uri =
		input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText
			? input.uri
			: undefined;
	return uri?.path.endsWith('.workflow.json') ? uri : undefined;
}

/** Asks for a workflow file of the workspace; returns undefined when there is none or none is picked. */
export async function pickWorkflowFile(placeHolder: string): Promise<vscode.Uri | undefined> {
	const files = await vscode.workspace.findFiles('**/*.workflow.json', '**/node_modules/**');
	if (files.length === 0) {
		void vscode.window.showInformationMessage(
			'There is no *.workflow.json file in this workspace. Create one with "Wireflow: New Workflow".',
		);
		return undefined;
	}
	const items = files
		.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
		.sort((a, b) => a.label.localeCompare(b.label));
	return (await vscode.window.showQuickPick(items, { placeHolder }))?.uri;
}

/**
 * Resolves the workflow a command acts on: its argument (a URI, or an element of a Wireflow
 * view), the active editor, or a pick.
 */
export async function resolveWorkflowUri(
	argument: unknown,
	placeHolder: string,
): Promise<vscode.Uri | undefined> {
	return uriOfArgument(argument) ?? activeWorkflowUri() ?? pickWorkflowFile(placeHolder);
}

/** Returns the workflow file of a command argument: a URI, or a view element naming a file. */
export function uriOfArgument(argument: unknown): vscode.Uri | undefined {
	if (argument instanceof vscode.Uri) {
		return argument;
	}
	const element = argument as
		| { uri?: unknown; resourceUri?: unknown; file?: unknown; entry?: { file?: unknown } }
		| undefined;
	for (const candidate of [element?.uri, element?.resourceUri]) {
		if (candidate instanceof vscode.Uri) {
			return candidate;
		}
	}
	const file = element?.entry?.file ?? element?.file;
	return typeof file === 'string' ? vscode.Uri.file(file) : undefined;
}

/** Registers the run commands; returns their disposables. */
export function registerRunCommands(runs: RunService, logger: Logger): vscode.Disposable[] {
	return [
		vscode.commands.registerCommand(RunCommands.start, async (argument?: unknown) => {
			const uri = await resolveWorkflowUri(argument, 'Workflow to run');
			return uri ? runWithProgress(runs, uri, undefined, logger) : undefined;
		}),
		vscode.commands.registerCommand(RunCommands.startWithInput, async (argument?: unknown) => {
			const uri = await resolveWorkflowUri(argument, 'Workflow to run with input');
			if (!uri) {
				return undefined;
			}
			const input = await askInput(uri);
			return input === undefined ? undefined : runWithProgress(runs, uri, input.value, logger);
		}),
		vscode.commands.registerCommand(RunCommands.cancel, async (item?: RunTreeItem) =>
			cancelRun(runs, item),
		),
		vscode.commands.registerCommand(RunCommands.showRuns, () => showRuns(runs)),
		vscode.commands.registerCommand(RunCommands.openRun, (runId: string) => openRun(runs, runId)),
	];
}

async function runWithProgress(
	runs: RunService,
	uri: vscode.Uri,
	input: unknown,
	logger: Logger,
): Promise<RunRecord | undefined> {
	if (!requireTrust('run workflows')) {
		return undefined;
	}
	const name = vscode.workspace.asRelativePath(uri);
	try {
		const record = await vscode.window.withProgress(
			{
				location: vscode.ProgressLocation.Notification,
				title: `Running ${name}`,
				cancellable: true,
			},
			(progress, token) =>
				runs.run(uri, {
					input,
					token,
					onEvent: (event) => {
						if (event.type === 'nodeStarted') {
							progress.report({ message: event.nodeId });
						}
					},
				}),
		);
		reportOutcome(runs, record);
		return record;
	} catch (error) {
		if (error instanceof InvalidWorkflowError) {
			const show = 'Show Problems';
			const choice = await vscode.window.showErrorMessage(error.message, show);
			if (choice === show) {
				void vscode.commands.executeCommand('workbench.actions.view.problems');
			}
			return undefined;
		}
		logger.error('run failed to start', { file: uri.fsPath, error: errorMessage(error) });
		void vscode.window.showErrorMessage(`Running ${name} failed: ${errorMessage(error)}`);
		return undefined;
	}
}

function reportOutcome(runs: RunService, record: RunRecord): void {
	const open = 'Show Run';
	const show = (choice: string | undefined) => {
		if (choice === open) {
			void openRun(runs, record.id);
		}
	};
	if (record.status === 'succeeded') {
		void vscode.window
			.showInformationMessage(
				`Workflow "${record.workflowName}" succeeded in ${formatDuration(record.durationMs)}.`,
				open,
			)
			.then(show);
	} else if (record.status === 'cancelled') {
		void vscode.window
			.showWarningMessage(`Workflow "${record.workflowName}" was cancelled.`, open)
			.then(show);
	} else {
		const where = record.error?.nodeId ? ` at node "${record.error.nodeId}"` : '';
		void vscode.window
			.showErrorMessage(
				`Workflow "${record.workflowName}" failed${where}: ${record.error?.message ?? 'unknown error'}`,
				open,
			)
			.then(show);
	}
}

/** Asks for a run input as JSON, prefilled with the trigger's sample; undefined when dismissed. */
async function askInput(uri: vscode.Uri): Promise<{ value: unknown } | undefined> {
	const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
	const trigger = loadWorkflow(text, uri.fsPath).workflow?.nodes.find((node) =>
		node.type.startsWith('trigger.'),
	);
	const sample = trigger?.params?.sampleInput ?? trigger?.params?.sampleBody;
	const raw = await vscode.window.showInputBox({
		title: 'Run Workflow with Input',
		prompt: trigger?.type === 'trigger.webhook' ? 'Request body, as JSON' : 'Trigger data, as JSON',
		value: sample === undefined ? '{}' : JSON.stringify(sample),
		validateInput: (value) => {
			try {
				JSON.parse(value);
				return undefined;
			} catch (error) {
				return `Invalid JSON: ${errorMessage(error)}`;
			}
		},
	});
	return raw === undefined ? undefined : { value: JSON.parse(raw) };
}

async function cancelRun(runs: RunService, item: RunTreeItem | undefined): Promise<void> {
	let runId = item?.kind === 'run' ? item.record.id : undefined;
	if (!runId) {
		const active = runs.activeRuns;
		if (active.length === 0) {
			void vscode.window.showInformationMessage('No workflow is running.');
			return;
		}
		const picked = await vscode.window.showQuickPick(
			active.map((run) => ({
				label: run.workflowName,
				description: `${run.trigger} · ${run.id}`,
				runId: run.id,
			})),
			{ placeHolder: 'Run to cancel' },
		);
		runId = picked?.runId;
	}
	if (runId && !runs.cancel(runId)) {
		void vscode.window.showInformationMessage('That run has already ended.');
	}
}

async function showRuns(runs: RunService): Promise<void> {
	const records = runs.store.list({ limit: 200 });
	if (records.length === 0) {
		void vscode.window.showInformationMessage(
			'No runs recorded yet. Run a workflow with "Wireflow: Run Workflow".',
		);
		return;
	}
	const picked = await vscode.window.showQuickPick(
		records.map((record) => ({
			label: `$(${record.status === 'succeeded' ? 'pass' : record.status === 'failed' ? 'error' : 'circle-slash'}) ${record.workflowName}`,
			description: `${new Date(record.startedAt).toLocaleString()} · ${record.trigger.kind} · ${formatDuration(record.durationMs)}`,
			detail: record.error ? `${record.error.nodeId ?? ''}: ${record.error.message}` : undefined,
			runId: record.id,
		})),
		{ placeHolder: 'Run to open', matchOnDescription: true },
	);
	if (picked) {
		await openRun(runs, picked.runId);
	}
}

/** Opens a run's record as read-only JSON and shows its node statuses on the canvas. */
async function openRun(runs: RunService, runId: string): Promise<void> {
	const record = runs.store.get(runId);
	if (!record) {
		void vscode.window.showWarningMessage(`Run ${runId} is no longer in the run history.`);
		return;
	}
	if (record.workflowFile) {
		void vscode.commands.executeCommand(
			'wireflow.editor.showRun',
			vscode.Uri.file(record.workflowFile),
			record,
		);
	}
	const document = await vscode.workspace.openTextDocument(RunDocumentProvider.uriFor(record));
	await vscode.languages.setTextDocumentLanguage(document, 'json');
	await vscode.window.showTextDocument(document, {
		preview: true,
		viewColumn: vscode.ViewColumn.Beside,
	});
}
