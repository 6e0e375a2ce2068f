import type * as vscode from 'vscode';
import type { AccountSummary } from '../../shared/accounts';
import type { WorkspaceWorkflows } from '../home/workspaceWorkflows';
import type { RunService } from '../runs/runService';
import type { ApiKeyStore } from '../triggers/apiKeyStore';
import type { WebhookService } from '../triggers/webhookService';

/** Account names by integration, as the configuration panel's account picker lists them. */
export interface AccountDirectory {
	/** Returns the account names of this machine by integration id, such as `{ slack: ['team-slack'] }`. */
	namesByIntegration(): Record<string, string[]>;
	/** Returns an account's integration and auth kind, never its secrets. */
	describe(name: string): AccountSummary | undefined;
	readonly onDidChange: vscode.Event<void>;
}

/**
 * Extension services the canvas uses besides the document: the run history, the webhook
 * server, API key names, the workspace's workflow index and, once it exists, the account store.
 * `activate` creates them after the editor provider and hands them over with `setServices`.
 */
export interface EditorServices {
	runs: RunService;
	webhooks: WebhookService;
	keys: ApiKeyStore;
	workflows: WorkspaceWorkflows;
	accounts?: AccountDirectory;
}
