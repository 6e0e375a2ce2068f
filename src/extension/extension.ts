import type * as vscode from 'vscode';
import { registerNewWorkflowCommand } from './commands/newWorkflow';
import { WorkflowEditorProvider } from './editor/workflowEditorProvider';

/** Called by VS Code when the extension activates: registers the canvas editor and commands. */
export function activate(context: vscode.ExtensionContext): void {
	WorkflowEditorProvider.register(context);
	registerNewWorkflowCommand(context);
}

/** Called by VS Code on shutdown; every registration is disposed through the context. */
export function deactivate(): void {}
