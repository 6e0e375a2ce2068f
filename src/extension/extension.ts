import type * as vscode from 'vscode';
import { registerAccounts } from './accounts';
import { registerNewWorkflowCommand } from './commands/newWorkflow';
import { WorkflowEditorProvider } from './editor/workflowEditorProvider';
import { registerHome } from './home';
import { registerRuns } from './runs';
import { registerTriggers } from './triggers';

/**
 * Called by VS Code when the extension activates: registers the canvas editor, the run history,
 * schedules, the webhook server and their commands.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
	const editor = WorkflowEditorProvider.register(context);
	registerNewWorkflowCommand(context);
	const accounts = await registerAccounts(context);
	const runs = await registerRuns(context, accounts);
	const triggers = await registerTriggers(context, runs);
	const home = registerHome(context, runs, triggers);
	home.keys.setAccounts(accounts);
	editor.setServices({
		runs,
		webhooks: triggers.webhooks,
		keys: triggers.keys,
		workflows: home.workflows,
		accounts,
	});
}

/** Called by VS Code on shutdown; every registration is disposed through the context. */
export function deactivate(): void {}
