import { type Node as JsonNode } from 'jsonc-parser';
import { UserError } from '../../shared/errors';
import type { JsonValue, NodePosition, WorkflowNode } from '../../shared/model';
import { slugify, uniqueId } from '../../shared/names';
import type { NodeField } from '../../shared/protocol';
import { NODE_ID_PATTERN } from '../../shared/schema';
import { addConnection, removeConnections } from './connectionEdits';
import { removePositions, writePositions } from './layoutEdits';
import { renameReferencesInString } from './nodeReferences';
import { type DescriptorLookup, NODE_KEY_ORDER, type WorkflowText } from './workflowText';

/**
 * Appends a node of an action type at a position, with the action's default params and an id
 * made from its title. Connects `connectFrom` to it when given. Returns the new id.
 */
export function addNode(
	text: WorkflowText,
	actionType: string,
	position: NodePosition,
	lookup: DescriptorLookup,
	connectFrom?: { nodeId: string; output?: string },
): string {
	const descriptor = lookup(actionType);
	if (!descriptor) {
		throw new UserError(
			'unknown_action',
			`Action type "${actionType}" is not known to this version of Wireflow.`,
		);
	}
	if (descriptor.trigger && hasTrigger(text, lookup)) {
		throw new UserError(
			'second_trigger',
			'The workflow already has a trigger, and a workflow has exactly one. Delete the old trigger first.',
		);
	}

	const id = uniqueId(slugify(descriptor.title), text.nodeIds());
	const node: WorkflowNode = { id, type: actionType };
	if (descriptor.defaultParams && Object.keys(descriptor.defaultParams).length > 0) {
		node.params = structuredClone(descriptor.defaultParams);
	}
	insertNode(text, node);
	writePositions(text, { [id]: position });
	if (connectFrom) {
		addConnection(text, { from: connectFrom.nodeId, output: connectFrom.output, to: id }, lookup);
	}
	return id;
}

/** Appends a node object to `nodes`, keys in the editor's order. */
export function insertNode(text: WorkflowText, node: WorkflowNode): void {
	const ordered: Record<string, unknown> = {};
	for (const key of NODE_KEY_ORDER) {
		if (node[key] !== undefined) {
			ordered[key] = node[key];
		}
	}
	for (const [key, value] of Object.entries(node)) {
		ordered[key] ??= value;
	}
	text.append(['nodes'], ordered);
}

/** Returns true when one of the nodes is a trigger. */
export function hasTrigger(text: WorkflowText, lookup: DescriptorLookup): boolean {
	return text.nodes().some((entry) => isTrigger(entry.node.type, lookup));
}

/** Returns true for trigger action types, known or not (`trigger.` types). */
export function isTrigger(type: string, lookup: DescriptorLookup): boolean {
	return Boolean(lookup(type)?.trigger) || type.startsWith('trigger.');
}

/** Removes nodes with their connections and layout entries. */
export function deleteNodes(text: WorkflowText, nodeIds: ReadonlySet<string>): void {
	removeConnections(text, [], nodeIds);
	const doomed = text
		.nodes()
		.filter((entry) => nodeIds.has(entry.node.id))
		.map((entry) => entry.index);
	for (const index of doomed.reverse()) {
		text.remove(['nodes', index]);
	}
	removePositions(text, nodeIds);
}

/** Sets or removes `name`, `notes` or `disabled`; an empty text or `false` removes the key. */
export function setNodeField(
	text: WorkflowText,
	nodeId: string,
	field: NodeField,
	value: string | boolean | undefined,
): void {
	const { index, node } = text.node(nodeId);
	const written = value === '' || value === false ? undefined : value;
	if (field === 'disabled' ? typeof written === 'string' : typeof written === 'boolean') {
		const expected = field === 'disabled' ? 'true or false' : 'text';
		throw new UserError(
			'invalid_field',
			`The value of "${field}" is invalid: expected ${expected}.`,
		);
	}
	if (node[field] === written) {
		return;
	}
	if (written === undefined) {
		text.remove(['nodes', index, field]);
	} else {
		text.set(['nodes', index, field], written, NODE_KEY_ORDER);
	}
}

/**
 * Sets or removes a value inside a node's `params`. New params keys follow the order of the
 * action's input schema, so a form writes them the way it shows them.
 */
export function setParam(
	text: WorkflowText,
	nodeId: string,
	path: (string | number)[],
	value: JsonValue | undefined,
	lookup: DescriptorLookup,
): void {
	const { index, node } = text.node(nodeId);
	const target = ['nodes', index, 'params', ...path];
	if (value === undefined) {
		text.remove(target);
		return;
	}
	if (!text.find(['nodes', index, 'params'])) {
		text.set(['nodes', index, 'params'], {}, NODE_KEY_ORDER);
	}

	const properties = lookup(node.type)?.inputs.properties;
	const order = properties && typeof properties === 'object' ? Object.keys(properties) : undefined;
	text.set(target, value, path.length === 1 ? order : undefined);
}

/**
 * Changes a node's id and every reference to it: connections, the layout key and `$nodes`
 * references inside the expressions of every node's params.
 */
export function renameNode(text: WorkflowText, nodeId: string, newId: string): void {
	if (nodeId === newId) {
		return;
	}
	checkNewId(text, newId);
	const { index } = text.node(nodeId);
	text.set(['nodes', index, 'id'], newId);

	for (const { index: at, connection } of text.connections()) {
		for (const end of ['from', 'to'] as const) {
			if (connection[end] === nodeId) {
				text.set(['connections', at, end], newId);
			}
		}
	}

	const key = text.layoutEntry(nodeId)?.parent?.children?.[0];
	if (key) {
		text.replaceNode(key, JSON.stringify(newId));
	}
	renameReferences(text, new Map([[nodeId, newId]]));
}

/** Throws unless `id` is a valid node id that no node has yet. */
export function checkNewId(text: WorkflowText, id: string): void {
	if (!new RegExp(NODE_ID_PATTERN).test(id)) {
		throw new UserError(
			'invalid_id',
			`"${id}" is not a valid node id. Use letters, digits, "-" and "_", starting with a letter or digit.`,
		);
	}
	if (text.nodeIds().has(id)) {
		throw new UserError(
			'duplicate_id',
			`A node with id "${id}" already exists. Choose another id.`,
		);
	}
}

/** Rewrites `$nodes` references in the params of every node, one string at a time. */
export function renameReferences(text: WorkflowText, renames: ReadonlyMap<string, string>): void {
	for (const { index } of text.nodes()) {
		const params = text.find(['nodes', index, 'params']);
		for (const path of stringPaths(params, [])) {
			const stringNode = text.find(['nodes', index, 'params', ...path]);
			const value = stringNode?.value;
			if (stringNode && typeof value === 'string') {
				const renamed = renameReferencesInString(value, renames);
				if (renamed !== value) {
					text.replaceNode(stringNode, JSON.stringify(renamed));
				}
			}
		}
	}
}

function stringPaths(
	node: JsonNode | undefined,
	prefix: (string | number)[],
): (string | number)[][] {
	if (!node) {
		return [];
	}
	if (node.type === 'string') {
		return [prefix];
	}
	if (node.type === 'array') {
		return (node.children ?? []).flatMap((child, i) => stringPaths(child, [...prefix, i]));
	}
	if (node.type === 'object') {
		return (node.children ?? []).flatMap((property) => {
			const [key, value] = property.children ?? [];
			return key ? stringPaths(value, [...prefix, String(key.value)]) : [];
		});
	}
	return [];
}
