import type { ActionDescriptor, JsonSchema } from '../../shared/actions';
import { UserError } from '../../shared/errors';
import type { JsonValue } from '../../shared/model';
import { setParam } from './nodeEdits';
import { type DescriptorLookup, NODE_KEY_ORDER, type WorkflowText } from './workflowText';

/**
 * Changes an integration node to another operation of the same integration. Sets `type`, keeps
 * each param that the new operation's input schema declares with a fitting type (such as
 * `account` and `channel`), removes the others, and adds the new operation's default params
 * that are still missing. Throws a UserError for an unknown type or another integration.
 */
export function changeOperation(
	text: WorkflowText,
	nodeId: string,
	actionType: string,
	lookup: DescriptorLookup,
): void {
	const { index, node } = text.node(nodeId);
	if (node.type === actionType) {
		return;
	}
	const target = lookup(actionType);
	checkSameIntegration(node.type, lookup(node.type), actionType, target);
	const properties = propertiesOf(target!.inputs);
	text.set(['nodes', index, 'type'], actionType, NODE_KEY_ORDER);

	const params = node.params ?? {};
	for (const [key, value] of Object.entries(params)) {
		if (!fitsSchema(properties[key], value)) {
			text.remove(['nodes', index, 'params', key]);
		}
	}
	for (const [key, value] of Object.entries(target!.defaultParams ?? {})) {
		if (params[key] === undefined || !fitsSchema(properties[key], params[key])) {
			setParam(text, nodeId, [key], structuredClone(value), lookup);
		}
	}
}

function checkSameIntegration(
	currentType: string,
	current: ActionDescriptor | undefined,
	targetType: string,
	target: ActionDescriptor | undefined,
): void {
	if (!target?.integration) {
		throw new UserError(
			'unknown_operation',
			`"${targetType}" is not an integration operation known to this version of Wireflow.`,
		);
	}
	const currentIntegration = current?.integration?.id ?? currentType.split('.')[0];
	if (currentIntegration !== target.integration.id) {
		throw new UserError(
			'other_integration',
			`"${targetType}" belongs to ${target.integration.name}, not to the integration of "${currentType}". Add a new node for it instead.`,
		);
	}
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
	const properties = schema.properties;
	return properties && typeof properties === 'object'
		? (properties as Record<string, JsonSchema>)
		: {};
}

/**
 * Returns true when a param value may stay under a property schema: the schema declares it,
 * and the value is an expression or matches the schema's `type` and `enum` where they are set.
 */
function fitsSchema(schema: JsonSchema | undefined, value: JsonValue): boolean {
	if (!schema) {
		return false;
	}
	if (typeof value === 'string' && value.includes('{{')) {
		return true;
	}
	if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
		return false;
	}
	const types = Array.isArray(schema.type) ? schema.type : [schema.type];
	return schema.type === undefined || types.some((type) => matchesType(type, value));
}

function matchesType(type: unknown, value: JsonValue): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'number':
			return typeof value === 'number';
		case 'integer':
			return Number.isInteger(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'array':
			return Array.isArray(value);
		case 'object':
			return typeof value === 'object' && value !== null && !Array.isArray(value);
		case 'null':
			return value === null;
		default:
			return false;
	}
}
