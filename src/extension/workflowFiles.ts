import * as vscode from 'vscode';
import { type LoadedWorkflow, loadWorkflow } from '../engine';

/** Glob of workflow files in the workspace. */
export const WORKFLOW_GLOB = '**/*.workflow.json';

/** Folders never searched for workflows. */
export const WORKFLOW_EXCLUDE = '**/node_modules/**';

/** Reads and loads a workflow file: the open document's text when it is open. */
export async function loadWorkflowUri(uri: vscode.Uri): Promise<LoadedWorkflow> {
	const open = vscode.workspace.textDocuments.find(
		(document) => document.uri.toString() === uri.toString(),
	);
	const text = open
		? open.getText()
		: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
	return loadWorkflow(text, uri.fsPath);
}

/** Returns every workflow file of the workspace, in all folders. */
export function findWorkflowFiles(): Thenable<vscode.Uri[]> {
	return vscode.workspace.findFiles(WORKFLOW_GLOB, WORKFLOW_EXCLUDE);
}
