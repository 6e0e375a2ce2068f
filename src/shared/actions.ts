import { DEFAULT_OUTPUT, type JsonObject, type TriggerKind } from './model';

/** A JSON Schema object, as used for action inputs. */
export type JsonSchema = { [key: string]: unknown };

/** Output ports named by a parameter: one port per item of an array param, plus fixed ones. */
export interface DynamicOutputs {
	/** Name of the array parameter, such as `rules`. */
	fromParam: string;
	/** Field of each item that names its port, such as `output`. */
	field: string;
	/** Ports that always exist, such as `default`. */
	fixed: string[];
}

/**
 * Description of an action for the palette, the configuration panel and the validator: plain
 * data, safe to send to the webview. The engine adds the code that runs it.
 */
export interface ActionDescriptor {
	/** Action type, written as a node's `type`, such as `core.http`. */
	type: string;
	title: string;
	description: string;
	/** Palette group. */
	category: string;
	/** Codicon name, such as `globe`. */
	icon: string;
	/** Set on trigger actions: how runs of this trigger start. */
	trigger?: TriggerKind;
	/** JSON Schema of `params`; it also drives the configuration form. */
	inputs: JsonSchema;
	/** Output ports; a plain list, or ports named by a parameter. */
	outputs: string[] | DynamicOutputs;
	/** Output shown before a first run, so later nodes can be mapped. */
	sampleOutput: unknown;
	/** Params of a node freshly added from the palette. */
	defaultParams?: JsonObject;
	/**
	 * Sample outputs chosen by the value of one param, such as the webhook trigger's `source`.
	 * `sampleOutput` applies when the param is unset or has no entry here.
	 */
	sampleOutputs?: { param: string; values: Record<string, unknown> };
	/** Set on integration operations: the integration, for the integration and account pickers. */
	integration?: IntegrationSummary;
	/** Set on integration operations: the operation id within the integration, such as `postMessage`. */
	operation?: string;
}

/** An integration as the configuration panel shows it. */
export interface IntegrationSummary {
	/** Integration id, the first part of its action types, such as `slack`. */
	id: string;
	name: string;
	/** Codicon name, such as `comment-discussion`. */
	icon: string;
}

/** Returns the sample output of a node of this action with these params. */
export function sampleOutputOf(
	descriptor: ActionDescriptor,
	params: JsonObject | undefined,
): unknown {
	const choice = descriptor.sampleOutputs;
	const value = choice ? params?.[choice.param] : undefined;
	if (choice && typeof value === 'string' && value in choice.values) {
		return choice.values[value];
	}
	return descriptor.sampleOutput;
}

/** Returns the output ports of a node of this action with these params. */
export function outputsOf(descriptor: ActionDescriptor, params: JsonObject | undefined): string[] {
	if (Array.isArray(descriptor.outputs)) {
		return descriptor.outputs;
	}
	const { fromParam, field, fixed } = descriptor.outputs;
	const items = params?.[fromParam];
	const named: string[] = [];
	if (Array.isArray(items)) {
		for (const item of items) {
			const port =
				item && typeof item === 'object' && !Array.isArray(item) ? item[field] : undefined;
			if (typeof port === 'string' && port !== '' && !named.includes(port)) {
				named.push(port);
			}
		}
	}
	return [...named, ...fixed.filter((port) => !named.includes(port))];
}

export { DEFAULT_OUTPUT };
