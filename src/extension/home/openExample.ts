import path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';

/** Examples shipped with the extension: the workflow file and the data files it reads. */
const EXAMPLES = [
	{
		file: 'order-summary.workflow.json',
		label: 'Order summary per customer',
		detail: 'Reads orders from a JSON file, totals them per customer, writes a summary.',
		data: ['data/orders.json'],
	},
	{
		file: 'triage-ticket.workflow.json',
		label: 'Triage a support ticket',
		detail: 'Routes a ticket with a switch and logs the decision.',
		data: [],
	},
	{
		file: 'deploy-webhook.workflow.json',
		label: 'Announce deploys',
		detail: 'A webhook that answers with an announcement for production deploys.',
		data: [],
	},
] as const;

/** Registers "Wireflow: Open Example", which copies an example into the workspace and opens it. */
export function registerOpenExampleCommand(context: vscode.ExtensionContext): vscode.Disposable {
	return vscode.commands.registerCommand('wireflow.workflow.openExample', async () => {
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (!folder) {
			void vscode.window.showInformationMessage(
				'Open a folder first; the example is copied into it.',
			);
			return;
		}
		const picked = await vscode.window.showQuickPick(
			EXAMPLES.map((example) => ({ ...example, description: example.file })),
			{ placeHolder: 'Example to copy into the workspace' },
		);
		if (!picked) {
			return;
		}
		try {
			for (const relative of [picked.file, ...picked.data]) {
				const target = vscode.Uri.joinPath(folder.uri, relative);
				if (await exists(target)) {
					continue;
				}
				const source = vscode.Uri.joinPath(context.extensionUri, 'examples', relative);
				await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(target.fsPath)));
				await vscode.workspace.fs.copy(source, target);
			}
			await vscode.commands.executeCommand(
				'vscode.open',
				vscode.Uri.joinPath(folder.uri, picked.file),
			);
		} catch (error) {
			void vscode.window.showErrorMessage(
				`Copying the example ${picked.file} failed: ${errorMessage(error)}`,
			);
		}
	});
}

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}
