import { UserError } from '../../shared/errors';
import type { NodePosition } from '../../shared/model';
import { ROOT_KEY_ORDER, type WorkflowText } from './workflowText';

/** Writes a position as the one-line array the layout map uses: `[40, 80]`. */
export function formatPosition(position: NodePosition): string {
	const [x, y] = roundPosition(position);
	return `[${x}, ${y}]`;
}

/** Rounds a canvas position to the integer pixels the file stores; rejects non-numbers. */
export function roundPosition(position: NodePosition): NodePosition {
	const [x, y] = position;
	if (!Number.isFinite(x) || !Number.isFinite(y)) {
		throw new UserError('invalid_position', `The position [${x}, ${y}] is not a pair of numbers.`);
	}
	return [Math.round(x), Math.round(y)];
}

/**
 * Sets the layout entry of each node. An existing entry is rewritten in place, so a move changes
 * one line; a new entry goes last in the map, on a line of its own.
 */
export function writePositions(text: WorkflowText, positions: Record<string, NodePosition>): void {
	for (const [id, position] of Object.entries(positions)) {
		writePosition(text, id, position);
	}
}

function writePosition(text: WorkflowText, id: string, position: NodePosition): void {
	const value = formatPosition(position);
	const entry = text.layoutEntry(id);
	if (entry) {
		if (text.text.slice(entry.offset, entry.offset + entry.length) !== value) {
			text.replaceNode(entry, value);
		}
		return;
	}

	const layout = text.find(['layout']);
	if (!layout || layout.type !== 'object') {
		text.set(['layout'], {}, ROOT_KEY_ORDER);
	}
	text.set(['layout', id], roundPosition(position), undefined, value);
}

/** Removes the layout entries of these nodes, when they have one. */
export function removePositions(text: WorkflowText, ids: Iterable<string>): void {
	for (const id of ids) {
		if (text.layoutEntry(id)) {
			text.remove(['layout', id]);
		}
	}
}
