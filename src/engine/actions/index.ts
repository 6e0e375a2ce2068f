import type { ActionDescriptor } from '../../shared/actions';
import { codeAction, logAction, respondAction, setAction } from './data';
import { readFileAction, writeFileAction } from './files';
import {
	delayAction,
	failAction,
	forEachAction,
	ifAction,
	mergeAction,
	switchAction,
} from './flow';
import { httpAction } from './http';
import { runWorkflowAction } from './runWorkflow';
import { integrationActionList, webhookSources } from '../integrations';
import { createWebhookTrigger, manualTrigger, scheduleTrigger } from './triggers';
import type { ActionDefinition } from './types';

/** Fields of an action that the webview gets; the rest, such as `run`, stays in the host. */
const DESCRIPTOR_KEYS = [
	'type',
	'title',
	'description',
	'category',
	'icon',
	'trigger',
	'inputs',
	'outputs',
	'sampleOutput',
	'defaultParams',
	'sampleOutputs',
	'integration',
	'operation',
] as const satisfies readonly (keyof ActionDescriptor)[];

/** The actions a workflow can use, by type. */
export class ActionRegistry {
	private readonly _actions = new Map<string, ActionDefinition>();

	constructor(actions: Iterable<ActionDefinition> = []) {
		for (const action of actions) {
			this.register(action);
		}
	}

	/** Adds an action; a type registered twice is a bug. */
	register(action: ActionDefinition): void {
		if (this._actions.has(action.type)) {
			throw new Error(`action type already registered: ${action.type}`);
		}
		this._actions.set(action.type, action);
	}

	get(type: string): ActionDefinition | undefined {
		return this._actions.get(type);
	}

	list(): ActionDefinition[] {
		return [...this._actions.values()];
	}

	/** Returns the actions as plain data, for the palette and configuration panel. */
	descriptors(): ActionDescriptor[] {
		return this.list().map((action) => {
			const descriptor: Record<string, unknown> = {};
			for (const key of DESCRIPTOR_KEYS) {
				descriptor[key] = action[key];
			}
			return descriptor as unknown as ActionDescriptor;
		});
	}
}

/** The webhook trigger, with a `source` choice per integration that sends webhooks. */
export const webhookTrigger = createWebhookTrigger(webhookSources);

/** The built-in actions, integrations aside. */
export const coreActions: readonly ActionDefinition[] = [
	manualTrigger,
	scheduleTrigger,
	webhookTrigger,
	setAction,
	ifAction,
	switchAction,
	forEachAction,
	mergeAction,
	delayAction,
	httpAction,
	readFileAction,
	writeFileAction,
	logAction,
	codeAction,
	respondAction,
	failAction,
	runWorkflowAction,
];

/**
 * The registry of built-in actions and integration operations, shared by the editor, the
 * engine and the CLI.
 */
export const actionRegistry = new ActionRegistry([...coreActions, ...integrationActionList]);
