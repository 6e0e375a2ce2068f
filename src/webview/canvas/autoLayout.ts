import { Graph, layout } from '@dagrejs/dagre';
import type { NodePosition, WorkflowConnection } from '../../shared/model';
import { GRID_SIZE, NODE_HEIGHT, NODE_WIDTH } from '../viewModel';

/** Gap between columns of nodes and between nodes in a column, in canvas pixels. */
const RANK_GAP = 80;
const NODE_GAP = 40;

/**
 * Lays the graph out left to right with dagre: triggers first, each node right of the nodes it
 * depends on. Returns top-left positions on the grid, offset so the layout starts at (40, 40).
 */
export function autoLayout(
	nodeIds: string[],
	connections: WorkflowConnection[],
): Record<string, NodePosition> {
	const graph = new Graph({ multigraph: true });
	graph.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
	graph.setDefaultEdgeLabel(() => ({}));
	const known = new Set(nodeIds);
	for (const id of nodeIds) {
		graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
	}
	connections.forEach((connection, index) => {
		if (known.has(connection.from) && known.has(connection.to)) {
			graph.setEdge(connection.from, connection.to, {}, String(index));
		}
	});
	layout(graph);

	const positions: Record<string, NodePosition> = {};
	for (const id of nodeIds) {
		const { x, y } = graph.node(id);
		positions[id] = [snap(x - NODE_WIDTH / 2 + 40), snap(y - NODE_HEIGHT / 2 + 40)];
	}
	return positions;
}

function snap(value: number): number {
	return Math.round(value / GRID_SIZE) * GRID_SIZE;
}
