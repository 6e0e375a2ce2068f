import { UserError } from '../../shared/errors';
import type {
	JsonObject,
	NodePosition,
	WorkflowConnection,
	WorkflowNode,
} from '../../shared/model';
import { uniqueId } from '../../shared/names';
import { CLIPBOARD_FORMAT, type NodeClipboard } from '../../shared/protocol';
import { addConnection, normaliseConnection } from './connectionEdits';
import { roundPosition, writePositions } from './layoutEdits';
import { hasTrigger, insertNode, isTrigger } from './nodeEdits';
import { renameReferencesInValue } from './nodeReferences';
import type { DescriptorLookup, WorkflowText } from './workflowText';

/** How far a paste without a target position lands from the copied nodes, in pixels. */
export const PASTE_OFFSET: NodePosition = [40, 40];

/** Copies nodes, the connections between them and their positions; returns undefined for none. */
export function copyNodes(
	text: WorkflowText,
	nodeIds: readonly string[],
): NodeClipboard | undefined {
	const wanted = new Set(nodeIds);
	const nodes = text
		.nodes()
		.map((entry) => entry.node)
		.filter((node) => wanted.has(node.id));
	if (nodes.length === 0) {
		return undefined;
	}

	const connections = text
		.connections()
		.map((entry) => entry.connection)
		.filter((connection) => wanted.has(connection.from) && wanted.has(connection.to));
	const allPositions = text.layout();
	const layout: Record<string, NodePosition> = {};
	for (const node of nodes) {
		if (allPositions[node.id]) {
			layout[node.id] = allPositions[node.id];
		}
	}
	return { format: CLIPBOARD_FORMAT, nodes, connections, layout };
}

/** Reads node clipboard text; returns undefined for any other clipboard content. */
export function parseClipboard(clipboardText: string): NodeClipboard | undefined {
	let value: unknown;
	try {
		value = JSON.parse(clipboardText);
	} catch {
		return undefined;
	}
	if (!isObject(value) || value.format !== CLIPBOARD_FORMAT || !Array.isArray(value.nodes)) {
		return undefined;
	}
	const nodes = value.nodes.filter(isNode);
	const connections = Array.isArray(value.connections)
		? value.connections.filter(isConnection)
		: [];
	const layout = isObject(value.layout) ? (value.layout as Record<string, NodePosition>) : {};
	return { format: CLIPBOARD_FORMAT, nodes, connections, layout };
}

/**
 * Pastes copied nodes under fresh ids, rewiring the connections and `$nodes` references between
 * them. Positions keep their arrangement, moved so the top-left node lands at `position`, or
 * `PASTE_OFFSET` from where it was. A trigger is skipped when the workflow already has one.
 * Returns the new ids.
 */
export function pasteNodes(
	text: WorkflowText,
	clipboard: NodeClipboard,
	lookup: DescriptorLookup,
	position?: NodePosition,
): string[] {
	const renames = new Map<string, string>();
	const taken = text.nodeIds();
	let triggerTaken = hasTrigger(text, lookup);
	for (const node of clipboard.nodes) {
		if (isTrigger(node.type, lookup)) {
			if (triggerTaken) {
				continue;
			}
			triggerTaken = true;
		}
		const id = uniqueId(node.id, taken);
		taken.add(id);
		renames.set(node.id, id);
	}
	if (renames.size === 0) {
		throw new UserError(
			'nothing_to_paste',
			'The copied nodes were not pasted because the only one is a trigger and the workflow already has one.',
		);
	}

	insertPastedNodes(text, clipboard, renames);
	writePositions(text, pastedPositions(clipboard, renames, position));
	for (const connection of clipboard.connections) {
		const from = renames.get(connection.from);
		const to = renames.get(connection.to);
		if (from && to) {
			addConnection(text, normaliseConnection({ ...connection, from, to }), lookup);
		}
	}
	return [...renames.values()];
}

function insertPastedNodes(
	text: WorkflowText,
	clipboard: NodeClipboard,
	renames: ReadonlyMap<string, string>,
): void {
	for (const node of clipboard.nodes) {
		const id = renames.get(node.id);
		if (!id) {
			continue;
		}
		const copy = { ...node, id };
		if (node.params) {
			copy.params = renameReferencesInValue(node.params, renames) as JsonObject;
		}
		insertNode(text, copy);
	}
}

function pastedPositions(
	clipboard: NodeClipboard,
	renames: ReadonlyMap<string, string>,
	position: NodePosition | undefined,
): Record<string, NodePosition> {
	const known = [...renames.keys()]
		.map((id) => clipboard.layout[id])
		.filter((point): point is NodePosition => isPosition(point));
	const left = known.length > 0 ? Math.min(...known.map(([x]) => x)) : 0;
	const top = known.length > 0 ? Math.min(...known.map(([, y]) => y)) : 0;
	const [dx, dy] = position ? [position[0] - left, position[1] - top] : PASTE_OFFSET;

	const positions: Record<string, NodePosition> = {};
	let stacked = 0;
	for (const [oldId, newId] of renames) {
		const point = clipboard.layout[oldId];
		// A node copied without a position goes below the others, one row each.
		const [x, y] = isPosition(point) ? point : [left, top + 120 * ++stacked];
		positions[newId] = roundPosition([x + dx, y + dy]);
	}
	return positions;
}

function isPosition(value: unknown): value is NodePosition {
	return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isFinite(n));
}

function isNode(value: unknown): value is WorkflowNode {
	return isObject(value) && typeof value.id === 'string' && typeof value.type === 'string';
}

function isConnection(value: unknown): value is WorkflowConnection {
	return isObject(value) && typeof value.from === 'string' && typeof value.to === 'string';
}

function isObject(value: unknown): value is { [key: string]: unknown } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
