import path from 'node:path';
import type { LoadedWorkflow } from '../../engine';
import type { WorkflowEntry } from '../../engine/workflowIndex';
import { normalizeWebhookPath } from '../../triggers/webhookRegistry';
import type { Problem } from '../../shared/problems';

/**
 * Returns the problems of one workflow that come from other files: an error on the webhook
 * trigger's `path` when another workflow of the workspace claims the same path, naming that
 * workflow. Reads this workflow from `loaded`, which may contain unsaved edits, and the others from
 * the workspace index. `label` turns a file path into the name shown in the message.
 */
export function webhookPathConflicts(
	loaded: LoadedWorkflow,
	file: string | undefined,
	others: readonly WorkflowEntry[],
	label: (file: string) => string = (other) => path.basename(other),
): Problem[] {
	const nodes = loaded.workflow?.nodes ?? [];
	const index = nodes.findIndex((node) => node.type === 'trigger.webhook');
	const hookPath = nodes[index]?.params?.path;
	if (index < 0 || typeof hookPath !== 'string' || normalizeWebhookPath(hookPath) === '') {
		return [];
	}
	const normalized = normalizeWebhookPath(hookPath);
	const claimants = others.filter(
		(entry) => entry.file !== file && entry.webhookPath === normalized,
	);
	if (claimants.length === 0) {
		return [];
	}
	const names = claimants.map((entry) => label(entry.file)).join(', ');
	const where = ['nodes', index, 'params', 'path'];
	return [
		loaded.document.problemAtPath(where, {
			code: 'webhook_path_taken',
			nodeId: nodes[index].id,
			path: where,
			message: `Webhook path "${normalized}" is also used by ${names}. Give each workflow its own path.`,
		}),
	];
}
