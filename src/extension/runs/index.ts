import * as vscode from 'vscode';
import { RunStore } from '../../engine/runStore';
import type { AccountResolver } from '../../shared/accounts';
import { scopedLogger } from '../log';
import { RunCommands, registerRunCommands } from './runCommands';
import { RunService } from './runService';
import { RunDocumentProvider, RunsTreeProvider } from './runsView';

/** Runs kept per workflow when the setting is missing or invalid. */
const DEFAULT_RETENTION = 200;

/**
 * Opens the run history in the workspace storage (the global storage without a workspace)
 * and registers the run service, the Runs view and the run commands.
 */
export async function registerRuns(
	context: vscode.ExtensionContext,
	accounts?: AccountResolver,
): Promise<RunService> {
	const logger = scopedLogger('engine');
	const storage = context.storageUri ?? context.globalStorageUri;
	const retention = vscode.workspace
		.getConfiguration('wireflow')
		.get<number>('runs.maxRunsPerWorkflow', DEFAULT_RETENTION);
	const store = await RunStore.open({
		dir: vscode.Uri.joinPath(storage, 'runs').fsPath,
		maxRunsPerWorkflow:
			Number.isInteger(retention) && retention > 0 ? retention : DEFAULT_RETENTION,
		logger: scopedLogger('runs'),
	});
	const runs = new RunService(store, logger, accounts);
	const tree = new RunsTreeProvider(runs);
	context.subscriptions.push(
		runs,
		tree,
		{ dispose: () => void store.close() },
		vscode.window.createTreeView('wireflow.runs', {
			treeDataProvider: tree,
			showCollapseAll: true,
		}),
		vscode.workspace.registerTextDocumentContentProvider(
			RunDocumentProvider.scheme,
			new RunDocumentProvider(runs),
		),
		vscode.commands.registerCommand(RunCommands.refreshRuns, () => tree.refresh()),
		...registerRunCommands(runs, logger),
	);
	return runs;
}
