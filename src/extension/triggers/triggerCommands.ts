import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { resolveWorkflowUri } from '../runs/runCommands';
import { loadWorkflowUri } from '../workflowFiles';
import type { ApiKeyStore } from './apiKeyStore';
import type { ScheduleService } from './scheduleService';
import type { WebhookService } from './webhookService';

/** Command ids of schedules, the webhook server and API keys. */
export const TriggerCommands = {
	schedule: 'wireflow.schedule.enable',
	unschedule: 'wireflow.schedule.disable',
	showSchedules: 'wireflow.schedule.list',
	startServer: 'wireflow.webhook.startServer',
	stopServer: 'wireflow.webhook.stopServer',
	copyUrl: 'wireflow.webhook.copyUrl',
	createKey: 'wireflow.apiKey.create',
	copyKey: 'wireflow.apiKey.copy',
	rotateKey: 'wireflow.apiKey.rotate',
	revokeKey: 'wireflow.apiKey.revoke',
} as const;

/** Registers the schedule, webhook and API key commands. */
export function registerTriggerCommands(
	schedules: ScheduleService,
	webhooks: WebhookService,
	keys: ApiKeyStore,
	logger: Logger,
): vscode.Disposable[] {
	const command = (id: string, action: (...args: never[]) => Promise<unknown>) =>
		vscode.commands.registerCommand(id, async (...args: never[]) => {
			try {
				return await action(...args);
			} catch (error) {
				logger.error('command failed', { command: id, error: errorMessage(error) });
				void vscode.window.showErrorMessage(errorMessage(error));
				return undefined;
			}
		});
	return [
		command(TriggerCommands.schedule, async (argument?: unknown) => {
			const uri = await resolveWorkflowUri(argument, 'Workflow to schedule');
			if (uri && (await schedules.enable(uri))) {
				const entry = schedules.list(1).find((item) => item.uri.fsPath === uri.fsPath);
				const next = entry?.next[0] ? ` Next run: ${entry.next[0].toLocaleString()}.` : '';
				void vscode.window.showInformationMessage(
					`Scheduled "${vscode.workspace.asRelativePath(uri)}" (${entry?.cron ?? ''}${entry?.timezone ? `, ${entry.timezone}` : ''}).${next}`,
				);
			}
		}),
		command(TriggerCommands.unschedule, async (argument?: unknown) => {
			const uri = argument
				? await resolveWorkflowUri(argument, '')
				: await pickScheduled(schedules);
			if (uri) {
				const removed = await schedules.disable(uri);
				void vscode.window.showInformationMessage(
					removed
						? `Unscheduled "${vscode.workspace.asRelativePath(uri)}".`
						: `"${vscode.workspace.asRelativePath(uri)}" was not scheduled.`,
				);
			}
		}),
		command(TriggerCommands.showSchedules, () => showSchedules(schedules)),
		command(TriggerCommands.startServer, async () => {
			if (await webhooks.start()) {
				void vscode.window.showInformationMessage(`Webhook server running at ${webhooks.baseUrl}`);
			}
		}),
		command(TriggerCommands.stopServer, async () => {
			await webhooks.stop();
			void vscode.window.showInformationMessage(
				'Webhook server stopped; runs in flight finish first.',
			);
		}),
		command(TriggerCommands.copyUrl, async (argument?: unknown) => {
			const uri = await resolveWorkflowUri(argument, 'Webhook workflow');
			if (!uri) {
				return;
			}
			const loaded = await loadWorkflowUri(uri);
			const trigger = loaded.workflow?.nodes.find((node) => node.type === 'trigger.webhook');
			const hookPath =
				typeof trigger?.params?.path === 'string'
					? trigger.params.path.replace(/^\/+|\/+$/g, '')
					: undefined;
			if (!hookPath) {
				throw new Error(
					`${vscode.workspace.asRelativePath(uri)} has no webhook trigger with a path.`,
				);
			}
			const url = `${webhooks.baseUrl}${hookPath}`;
			await vscode.env.clipboard.writeText(url);
			const state = webhooks.isRunning
				? ''
				: ' The server is stopped; start it with "Wireflow: Start Webhook Server".';
			void vscode.window.showInformationMessage(
				`Copied ${url}. Send the API key in the X-API-Key header.${state}`,
			);
		}),
		command(TriggerCommands.createKey, async () => {
			const name = await vscode.window.showInputBox({
				title: 'Create API Key',
				prompt: 'Name of the key, such as the sender that will use it',
				value: keys.names.length === 0 ? 'default' : '',
				validateInput: (value) => {
					if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/.test(value)) {
						return 'Use letters, digits, spaces, ".", "_" and "-", starting with a letter or digit.';
					}
					return keys.names.includes(value) ? `A key named "${value}" already exists.` : undefined;
				},
			});
			if (!name) {
				return undefined;
			}
			const key = await keys.create(name);
			await vscode.env.clipboard.writeText(key.value);
			void vscode.window.showInformationMessage(
				`Created API key "${name}" and copied it to the clipboard. It is kept in VS Code's secret storage.`,
			);
			return name;
		}),
		command(TriggerCommands.copyKey, async (argument?: unknown) => {
			const picked = keyNameOf(argument) ?? (await pickKey(keys, 'API key to copy'));
			const value = picked ? keys.value(picked) : undefined;
			if (picked && value) {
				await vscode.env.clipboard.writeText(value);
				void vscode.window.showInformationMessage(`Copied API key "${picked}" to the clipboard.`);
			}
		}),
		command(TriggerCommands.rotateKey, async (argument?: unknown) => {
			const picked = keyNameOf(argument) ?? (await pickKey(keys, 'API key to rotate'));
			if (picked) {
				const key = await keys.rotate(picked);
				await vscode.env.clipboard.writeText(key.value);
				void vscode.window.showInformationMessage(
					`Rotated API key "${picked}": the old value no longer works, and the new one is on the clipboard.`,
				);
			}
		}),
		command(TriggerCommands.revokeKey, async (argument?: unknown) => {
			const picked = keyNameOf(argument) ?? (await pickKey(keys, 'API key to revoke'));
			if (!picked) {
				return;
			}
			const revoke = 'Revoke';
			const choice = await vscode.window.showWarningMessage(
				`Revoke API key "${picked}"? Requests that send it get 401 from now on.`,
				{ modal: true },
				revoke,
			);
			if (choice === revoke && (await keys.revoke(picked))) {
				void vscode.window.showInformationMessage(`Revoked API key "${picked}".`);
			}
		}),
	];
}

/** Returns the key name a command got: a string, or a tree item of the keys view. */
function keyNameOf(argument: unknown): string | undefined {
	if (typeof argument === 'string') {
		return argument;
	}
	const name = (argument as { name?: unknown } | undefined)?.name;
	return typeof name === 'string' ? name : undefined;
}

async function pickKey(keys: ApiKeyStore, placeHolder: string): Promise<string | undefined> {
	if (keys.names.length === 0) {
		void vscode.window.showInformationMessage(
			'There is no API key yet. Create one with "Wireflow: Create API Key".',
		);
		return undefined;
	}
	return vscode.window.showQuickPick(keys.names, { placeHolder });
}

async function pickScheduled(schedules: ScheduleService): Promise<vscode.Uri | undefined> {
	const active = schedules.active;
	if (active.length === 0) {
		void vscode.window.showInformationMessage('No workflow is scheduled in this workspace.');
		return undefined;
	}
	const picked = await vscode.window.showQuickPick(
		active.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
		{ placeHolder: 'Workflow to unschedule' },
	);
	return picked?.uri;
}

async function showSchedules(schedules: ScheduleService): Promise<void> {
	const entries = schedules.list(3);
	if (entries.length === 0) {
		void vscode.window.showInformationMessage(
			'No workflow is scheduled in this workspace. Schedule one with "Wireflow: Schedule Workflow".',
		);
		return;
	}
	const picked = await vscode.window.showQuickPick(
		entries.map((entry) => ({
			label: entry.name,
			description: `${entry.cron}${entry.timezone ? ` (${entry.timezone})` : ''} · ${vscode.workspace.asRelativePath(entry.uri)}`,
			detail: `Next: ${entry.next.map((date) => date.toLocaleString()).join(', ') || 'none'}`,
			uri: entry.uri,
		})),
		{ placeHolder: 'Active schedules; pick one to open it' },
	);
	if (picked) {
		await vscode.commands.executeCommand('vscode.open', picked.uri);
	}
}
