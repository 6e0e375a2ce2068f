import type { NodePosition } from '../../shared/model';
import { type WorkflowEdit, assertNever } from '../../shared/protocol';
import { copyNodes, parseClipboard, pasteNodes } from './clipboard';
import { addConnection, removeConnections } from './connectionEdits';
import { type TextEdit, minimalEdit } from './jsonText';
import { writePositions } from './layoutEdits';
import { addNode, deleteNodes, renameNode, setNodeField, setParam } from './nodeEdits';
import { changeOperation } from './operationEdits';
import { type DescriptorLookup, WorkflowText } from './workflowText';

/** A computed change of a workflow file. */
export interface EditOutcome {
	/** The file after the change. */
	text: string;
	/** One replacement that turns the old text into `text`; undefined when nothing changed. */
	edit: TextEdit | undefined;
	/** Ids of the nodes the change added. */
	nodeIds?: string[];
}

/**
 * Computes the text change of a canvas gesture. Throws a `UserError` when the gesture does not
 * fit the file, such as a connection to a missing node or a duplicate id.
 */
export function computeWorkflowEdit(
	source: string,
	edit: WorkflowEdit,
	lookup: DescriptorLookup,
): EditOutcome {
	const text = new WorkflowText(source);
	const nodeIds = applyToText(text, edit, lookup);
	return finish(source, text, nodeIds);
}

/** Computes the text change of pasting clipboard text; returns undefined when it contains no nodes. */
export function computePaste(
	source: string,
	clipboardText: string,
	lookup: DescriptorLookup,
	position?: NodePosition,
): EditOutcome | undefined {
	const clipboard = parseClipboard(clipboardText);
	if (!clipboard) {
		return undefined;
	}
	const text = new WorkflowText(source);
	const nodeIds = pasteNodes(text, clipboard, lookup, position);
	return finish(source, text, nodeIds);
}

/** Returns the clipboard text of copied nodes, or undefined when none of them exists. */
export function copyToClipboardText(
	source: string,
	nodeIds: readonly string[],
): string | undefined {
	const clipboard = copyNodes(new WorkflowText(source), nodeIds);
	return clipboard && JSON.stringify(clipboard, null, 2);
}

function applyToText(
	text: WorkflowText,
	edit: WorkflowEdit,
	lookup: DescriptorLookup,
): string[] | undefined {
	switch (edit.kind) {
		case 'addNode':
			return [addNode(text, edit.actionType, edit.position, lookup, edit.connectFrom)];
		case 'moveNodes':
			writePositions(text, edit.positions);
			return undefined;
		case 'connect':
			addConnection(text, edit.connection, lookup);
			return undefined;
		case 'delete':
			removeConnections(text, edit.connections, new Set());
			deleteNodes(text, new Set(edit.nodeIds));
			return undefined;
		case 'renameNode':
			renameNode(text, edit.nodeId, edit.newId);
			return [edit.newId];
		case 'setNodeField':
			setNodeField(text, edit.nodeId, edit.field, edit.value);
			return undefined;
		case 'setParam':
			setParam(text, edit.nodeId, edit.path, edit.value, lookup);
			return undefined;
		case 'changeOperation':
			changeOperation(text, edit.nodeId, edit.actionType, lookup);
			return undefined;
		default:
			return assertNever(edit);
	}
}

function finish(source: string, text: WorkflowText, nodeIds: string[] | undefined): EditOutcome {
	if (text.text !== source) {
		text.ensureFinalNewline();
	}
	return { text: text.text, edit: minimalEdit(source, text.text), nodeIds };
}
