import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import { scopedLogger } from '../log';
import type { RunService } from '../runs/runService';
import { ApiKeyStore } from './apiKeyStore';
import { ScheduleService } from './scheduleService';
import { registerTriggerCommands } from './triggerCommands';
import { WebhookService } from './webhookService';

/** The trigger services, for the views that show their state. */
export interface TriggerServices {
	keys: ApiKeyStore;
	webhooks: WebhookService;
	schedules: ScheduleService;
}

/** Registers API keys, the webhook server and the schedules, and restores active schedules. */
export async function registerTriggers(
	context: vscode.ExtensionContext,
	runs: RunService,
): Promise<TriggerServices> {
	const keys = await ApiKeyStore.open(context.secrets);
	const webhooks = new WebhookService(
		keys,
		scopedLogger('webhook'),
		(record) => runs.record(record),
		runs.accounts,
	);
	const schedules = new ScheduleService(
		context.workspaceState,
		scopedLogger('cron'),
		(record) => runs.record(record),
		runs.accounts,
	);
	context.subscriptions.push(
		keys,
		webhooks,
		schedules,
		vscode.workspace.onDidGrantWorkspaceTrust(() => void schedules.restore()),
		...registerTriggerCommands(schedules, webhooks, keys, scopedLogger('commands')),
	);
	await schedules.restore().catch((error: unknown) => {
		scopedLogger('cron').error('schedules not restored', { error: errorMessage(error) });
	});
	return { keys, webhooks, schedules };
}
