import { memo } from 'preact/compat';
import type { WorkflowConnection } from '../../shared/model';
import { NODE_HEIGHT, NODE_WIDTH, type NodeView } from '../viewModel';
import { boundsOf } from './geometry';

interface OverviewProps {
	nodes: NodeView[];
	connections: WorkflowConnection[];
	selectedNodes: ReadonlySet<string>;
	onSelect(nodeId: string, additive: boolean): void;
	/** Zooms in on a node, so it can be edited. */
	onOpen(nodeId: string): void;
}

/**
 * Draws a large graph at low zoom as one SVG of boxes and straight lines, in canvas pixels, in
 * place of node elements and jsPlumb connectors. A click selects a node, a double click zooms
 * in on it; nothing can be dragged or connected until the canvas is zoomed in.
 */
export const Overview = memo(function Overview(props: OverviewProps) {
	const bounds = boundsOf(props.nodes);
	if (!bounds) {
		return null;
	}
	const byId = new Map(props.nodes.map((node) => [node.id, node]));
	const lines: string[] = [];
	for (const connection of props.connections) {
		const from = byId.get(connection.from);
		const to = byId.get(connection.to);
		if (from && to) {
			const [x1, y1] = from.position;
			const [x2, y2] = to.position;
			lines.push(`M${x1 + NODE_WIDTH} ${y1 + NODE_HEIGHT / 2}L${x2} ${y2 + NODE_HEIGHT / 2}`);
		}
	}
	return (
		<svg
			class="wf-overview"
			width={bounds.right - bounds.left}
			height={bounds.bottom - bounds.top}
			viewBox={`${bounds.left} ${bounds.top} ${bounds.right - bounds.left} ${bounds.bottom - bounds.top}`}
			style={{ left: `${bounds.left}px`, top: `${bounds.top}px` }}
			aria-label="Overview of the workflow; zoom in to edit nodes"
		>
			<path class="wf-overview-connections" d={lines.join('')} />
			{props.nodes.map((node) => (
				<rect
					key={node.id}
					class={overviewClass(node, props.selectedNodes.has(node.id))}
					data-node-id={node.id}
					x={node.position[0]}
					y={node.position[1]}
					width={NODE_WIDTH}
					height={NODE_HEIGHT}
					rx={8}
					onPointerDown={(event) => {
						event.stopPropagation();
						props.onSelect(node.id, event.shiftKey || event.ctrlKey || event.metaKey);
					}}
					onDblClick={() => props.onOpen(node.id)}
				>
					<title>{`${node.title} (${node.subtitle})`}</title>
				</rect>
			))}
		</svg>
	);
});

function overviewClass(node: NodeView, selected: boolean): string {
	const classes = ['wf-overview-node'];
	if (node.isTrigger) {
		classes.push('wf-overview-trigger');
	}
	if (node.problems.some((problem) => problem.severity === 'error')) {
		classes.push('wf-overview-error');
	}
	if (selected) {
		classes.push('wf-overview-selected');
	}
	return classes.join(' ');
}
