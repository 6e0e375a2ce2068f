import * as vscode from 'vscode';
import { actionRegistry } from '../../engine';
import { checkWorkflowName } from '../../shared/names';
import { newWorkflowText, workflowFileName } from '../edits/newWorkflowText';
import { WORKFLOW_EDITOR_VIEW_TYPE } from '../editor/workflowEditorProvider';

/** Id of the "Wireflow: New Workflow" command, as declared in package.json. */
export const NEW_WORKFLOW_COMMAND = 'wireflow.workflow.create';

/** Trigger choices offered for a new workflow, in the order shown. */
const TRIGGER_CHOICES = [
	{ label: 'Manual', type: 'trigger.manual', detail: 'Runs when you press Run.' },
	{ label: 'Schedule', type: 'trigger.schedule', detail: 'Runs on a cron schedule.' },
	{
		label: 'Generic Webhook',
		type: 'trigger.webhook',
		detail: 'Runs when a request reaches the local webhook server.',
	},
] as const;

/** Registers "Wireflow: New Workflow", run from the command palette or a folder's context menu. */
export function registerNewWorkflowCommand(context: vscode.ExtensionContext): void {
	context.subscriptions.push(
		vscode.commands.registerCommand(NEW_WORKFLOW_COMMAND, (folder?: vscode.Uri) =>
			createWorkflow(folder),
		),
	);
}

/** Asks for a name and a trigger, writes `<slug>.workflow.json` into the folder and opens it. */
async function createWorkflow(folderArgument?: vscode.Uri): Promise<void> {
	const folder = folderArgument ?? (await pickFolder());
	if (!folder) {
		return;
	}
	const name = await vscode.window.showInputBox({
		title: 'New Workflow',
		prompt: 'Name of the workflow',
		placeHolder: 'Notify on deploy',
		validateInput: (value) => validateName(folder, value),
	});
	if (name === undefined) {
		return;
	}
	const choice = await vscode.window.showQuickPick(TRIGGER_CHOICES, {
		title: 'New Workflow: trigger',
		placeHolder: 'What starts the workflow?',
	});
	const trigger = choice && actionRegistry.get(choice.type);
	if (!trigger) {
		return;
	}

	const file = vscode.Uri.joinPath(folder, workflowFileName(name));
	// The name was checked while typing, but a file may have appeared since.
	if (await exists(file)) {
		void vscode.window.showErrorMessage(
			`${file.fsPath} already exists. Choose another workflow name.`,
		);
		return;
	}
	await vscode.workspace.fs.writeFile(
		file,
		new TextEncoder().encode(newWorkflowText(name, trigger)),
	);
	await vscode.commands.executeCommand('vscode.openWith', file, WORKFLOW_EDITOR_VIEW_TYPE);
}

async function validateName(folder: vscode.Uri, value: string): Promise<string | undefined> {
	const problem = checkWorkflowName(value);
	if (problem) {
		return problem;
	}
	const fileName = workflowFileName(value);
	if (await exists(vscode.Uri.joinPath(folder, fileName))) {
		return `A file named ${fileName} already exists in this folder. Choose another name.`;
	}
	return undefined;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
	const folders = vscode.workspace.workspaceFolders ?? [];
	if (folders.length === 0) {
		void vscode.window.showErrorMessage(
			'Open a folder first: a new workflow is saved as a file in it.',
		);
		return undefined;
	}
	if (folders.length === 1) {
		return folders[0].uri;
	}
	return (
		await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new workflow' })
	)?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}
