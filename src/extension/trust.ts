import * as vscode from 'vscode';

/**
 * Returns true when the workspace is trusted. Otherwise shows the user why `action` is not
 * done, offers to manage trust, and returns false. Nothing runs, schedules or serves in an
 * untrusted workspace, because a cloned repository must not start code by itself.
 */
export function requireTrust(action: string): boolean {
	if (vscode.workspace.isTrusted) {
		return true;
	}
	const manage = 'Manage Workspace Trust';
	void vscode.window
		.showWarningMessage(
			`Wireflow cannot ${action}: this workspace is not trusted, and workflows run code and send requests. Trust the workspace to ${action}.`,
			manage,
		)
		.then((choice) => {
			if (choice === manage) {
				void vscode.commands.executeCommand('workbench.trust.manage');
			}
		});
	return false;
}
