import * as vscode from 'vscode';
import { scopedLogger } from '../log';
import type { RunService } from '../runs/runService';
import type { TriggerServices } from '../triggers';
import { KeysTreeProvider } from './keysView';
import { registerOpenExampleCommand } from './openExample';
import { SchedulesTreeProvider } from './schedulesView';
import { WorkflowsTreeProvider } from './workflowsView';
import { WorkspaceWorkflows } from './workspaceWorkflows';

/** The views of the Wireflow side bar, for late additions such as accounts. */
export interface HomeViews {
	workflows: WorkspaceWorkflows;
	keys: KeysTreeProvider;
}

/** Registers the Workflows, Schedules and API Keys and Accounts views of the Wireflow side bar. */
export function registerHome(
	context: vscode.ExtensionContext,
	runs: RunService,
	triggers: TriggerServices,
): HomeViews {
	const workflows = new WorkspaceWorkflows(scopedLogger('workflows'));
	const workflowsTree = new WorkflowsTreeProvider(
		workflows,
		runs,
		triggers.schedules,
		triggers.webhooks,
	);
	const schedulesTree = new SchedulesTreeProvider(triggers.schedules);
	const keysTree = new KeysTreeProvider(triggers.keys, workflows);
	context.subscriptions.push(
		workflows,
		workflowsTree,
		schedulesTree,
		keysTree,
		vscode.window.createTreeView('wireflow.workflows', { treeDataProvider: workflowsTree }),
		vscode.window.createTreeView('wireflow.schedules', { treeDataProvider: schedulesTree }),
		vscode.window.createTreeView('wireflow.keys', { treeDataProvider: keysTree }),
		registerOpenExampleCommand(context),
	);
	void workflows.rescan();
	return { workflows, keys: keysTree };
}
