import { type Node as JsonNode, getNodeValue } from 'jsonc-parser';
import type { ActionDescriptor } from '../../shared/actions';
import { UserError } from '../../shared/errors';
import {
	DEFAULT_OUTPUT,
	type NodePosition,
	type WorkflowConnection,
	type WorkflowNode,
} from '../../shared/model';
import { JsonText } from './jsonText';

/** Key order the editor writes at the top level of a workflow file. */
export const ROOT_KEY_ORDER = [
	'$schema',
	'version',
	'name',
	'description',
	'nodes',
	'connections',
	'layout',
] as const;

/** Key order the editor writes inside a node. */
export const NODE_KEY_ORDER = [
	'id',
	'type',
	'name',
	'notes',
	'disabled',
	'params',
	'timeoutMs',
	'retry',
	'onError',
] as const;

/** Key order the editor writes inside a connection. */
export const CONNECTION_KEY_ORDER = ['from', 'output', 'to'] as const;

/** Returns the action descriptor of a type, or undefined for a type this build does not know. */
export type DescriptorLookup = (type: string) => ActionDescriptor | undefined;

/** A node as found in the text: its index in `nodes` and its parsed value. */
export interface NodeEntry {
	index: number;
	node: WorkflowNode;
}

/** A connection as found in the text: its index in `connections` and its parsed value. */
export interface ConnectionEntry {
	index: number;
	connection: WorkflowConnection;
}

/**
 * A workflow file being edited: the JSON text plus readers of its nodes, connections and layout.
 * Readers parse the current text each time, so they stay true between edit steps.
 */
export class WorkflowText extends JsonText {
	/** Returns every node in file order. */
	nodes(): NodeEntry[] {
		const array = this.find(['nodes']);
		if (!array || array.type !== 'array') {
			throw new UserError(
				'invalid_workflow',
				'The workflow has no "nodes" array. Add one in the text editor.',
			);
		}
		return (array.children ?? []).map((child, index) => ({
			index,
			node: getNodeValue(child) as WorkflowNode,
		}));
	}

	/** Returns the node with this id; throws when it does not exist. */
	node(id: string): NodeEntry {
		const entry = this.nodes().find((candidate) => candidate.node.id === id);
		if (!entry) {
			throw new UserError(
				'node_not_found',
				`Node "${id}" was not found in the workflow. It may have been removed in the text editor.`,
			);
		}
		return entry;
	}

	/** Returns the ids of every node. */
	nodeIds(): Set<string> {
		return new Set(this.nodes().map((entry) => entry.node.id));
	}

	/** Returns every connection in file order. */
	connections(): ConnectionEntry[] {
		const array = this.find(['connections']);
		if (!array || array.type !== 'array') {
			return [];
		}
		return (array.children ?? []).map((child, index) => ({
			index,
			connection: getNodeValue(child) as WorkflowConnection,
		}));
	}

	/** Returns the parse node of one layout entry, when the node has a position. */
	layoutEntry(id: string): JsonNode | undefined {
		return this.find(['layout', id]);
	}

	/** Returns the layout map as written. */
	layout(): Record<string, NodePosition> {
		const map = this.find(['layout']);
		return map && map.type === 'object' ? (getNodeValue(map) as Record<string, NodePosition>) : {};
	}
}

/** Returns true when two connections join the same output to the same node. */
export function sameConnection(a: WorkflowConnection, b: WorkflowConnection): boolean {
	return (
		a.from === b.from &&
		a.to === b.to &&
		(a.output ?? DEFAULT_OUTPUT) === (b.output ?? DEFAULT_OUTPUT)
	);
}
