import { type ActionDescriptor, outputsOf } from '../shared/actions';
import {
	DEFAULT_OUTPUT,
	type NodePosition,
	type NodeStatus,
	type RunRecord,
	type Workflow,
	type WorkflowConnection,
	type WorkflowNode,
} from '../shared/model';
import type { Problem } from '../shared/problems';

/** Width and height of a node on the canvas, in canvas pixels; CSS uses the same numbers. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 60;

/** Grid that dragged nodes snap to, in canvas pixels. */
export const GRID_SIZE = 20;

/** Display data of one node on the canvas. */
export interface NodeView {
	id: string;
	node: WorkflowNode;
	descriptor: ActionDescriptor | undefined;
	title: string;
	subtitle: string;
	icon: string;
	ports: string[];
	position: NodePosition;
	/** True when the file has no position for the node, so the canvas placed it. */
	placed: boolean;
	problems: Problem[];
	status: NodeStatus | undefined;
	isTrigger: boolean;
}

/** Builds the node views of a workflow, with problems and the last run's statuses. */
export function buildNodeViews(
	workflow: Workflow,
	descriptors: ReadonlyMap<string, ActionDescriptor>,
	problems: Problem[],
	lastRun: RunRecord | undefined,
): NodeView[] {
	const layout = workflow.layout ?? {};
	let unplaced = 0;
	return workflow.nodes.map((node) => {
		const descriptor = descriptors.get(node.type);
		const stored = layout[node.id];
		// Nodes without a position line up below the origin until they are moved.
		const position: NodePosition = stored ?? [
			40 + (unplaced % 4) * 260,
			400 + Math.floor(unplaced++ / 4) * 120,
		];
		return {
			id: node.id,
			node,
			descriptor,
			title: node.name || node.id,
			subtitle: descriptor?.title ?? node.type,
			icon: descriptor?.icon ?? 'question',
			ports: descriptor ? outputsOf(descriptor, node.params) : [DEFAULT_OUTPUT],
			position,
			placed: !stored,
			problems: problems.filter((problem) => problem.nodeId === node.id),
			status: lastRun?.nodes[node.id]?.status,
			isTrigger: Boolean(descriptor?.trigger) || node.type.startsWith('trigger.'),
		};
	});
}

/** Returns true when a node's outputs are named on the canvas: branches and named outputs. */
export function hasPortLabels(view: NodeView): boolean {
	return view.ports.length > 1 || view.ports[0] !== DEFAULT_OUTPUT;
}

/** Returns a key that identifies a connection by source, output and target. */
export function connectionKey(connection: WorkflowConnection): string {
	return `${connection.from}\u0000${connection.output ?? DEFAULT_OUTPUT}\u0000${connection.to}`;
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Builds the expression that reads a field of a node's output, such as
 * `` {{ $nodes.`fetch-user`.body.name }} ``; the trigger's output is read through `$trigger`.
 */
export function outputExpression(
	nodeId: string,
	isTrigger: boolean,
	path: (string | number)[],
): string {
	const root = isTrigger
		? '$trigger'
		: PLAIN_NAME.test(nodeId)
			? `$nodes.${nodeId}`
			: `$nodes.\`${nodeId}\``;
	const segments = path.map((segment) => {
		if (typeof segment === 'number') {
			return `[${segment}]`;
		}
		return PLAIN_NAME.test(segment) ? `.${segment}` : `.\`${segment}\``;
	});
	return `{{ ${root}${segments.join('')} }}`;
}
