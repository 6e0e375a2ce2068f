import type { NodePosition } from '../../shared/model';
import { GRID_SIZE, NODE_HEIGHT, NODE_WIDTH, type NodeView } from '../viewModel';

/** Pan and zoom of the canvas: a canvas point p shows at p * zoom + pan in the viewport. */
export interface Viewport {
	zoom: number;
	panX: number;
	panY: number;
}

/** Smallest zoom: low enough that fit to view shows a workflow of a few thousand nodes. */
export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 2;

/** A rectangle in canvas pixels. */
export interface Rect {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

export function clampZoom(zoom: number): number {
	return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Converts a point in viewport pixels to canvas pixels. */
export function toCanvas(viewport: Viewport, x: number, y: number): NodePosition {
	return [(x - viewport.panX) / viewport.zoom, (y - viewport.panY) / viewport.zoom];
}

/** Rounds a canvas point to the grid. */
export function snapToGrid([x, y]: NodePosition): NodePosition {
	return [Math.round(x / GRID_SIZE) * GRID_SIZE, Math.round(y / GRID_SIZE) * GRID_SIZE];
}

/** Returns the zoom that keeps `viewport`'s focus point still while zooming to `zoom`. */
export function zoomAround(viewport: Viewport, zoom: number, x: number, y: number): Viewport {
	const next = clampZoom(zoom);
	const [cx, cy] = toCanvas(viewport, x, y);
	return { zoom: next, panX: x - cx * next, panY: y - cy * next };
}

export function nodeRect(view: NodeView): Rect {
	const [left, top] = view.position;
	return { left, top, right: left + NODE_WIDTH, bottom: top + NODE_HEIGHT };
}

export function intersects(a: Rect, b: Rect): boolean {
	return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** Returns the rectangle around every node, or undefined when there is none. */
export function boundsOf(nodes: readonly NodeView[]): Rect | undefined {
	if (nodes.length === 0) {
		return undefined;
	}
	const bounds = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
	for (const node of nodes) {
		const rect = nodeRect(node);
		bounds.left = Math.min(bounds.left, rect.left);
		bounds.top = Math.min(bounds.top, rect.top);
		bounds.right = Math.max(bounds.right, rect.right);
		bounds.bottom = Math.max(bounds.bottom, rect.bottom);
	}
	return bounds;
}

/** Returns the viewport that shows every node with a margin, zoomed in no further than 1. */
export function fitViewport(nodes: readonly NodeView[], width: number, height: number): Viewport {
	const bounds = boundsOf(nodes);
	if (!bounds || width <= 0 || height <= 0) {
		return { zoom: 1, panX: 0, panY: 0 };
	}
	const { left, top, right, bottom } = bounds;
	const margin = 40;
	const zoom = clampZoom(
		Math.min(1, (width - 2 * margin) / (right - left), (height - 2 * margin) / (bottom - top)),
	);
	return {
		zoom,
		panX: (width - (right - left) * zoom) / 2 - left * zoom,
		panY: (height - (bottom - top) * zoom) / 2 - top * zoom,
	};
}

/** Returns the viewport at `zoom`, 1 by default, with a node in its center. */
export function centerOn(node: NodeView, width: number, height: number, zoom = 1): Viewport {
	const rect = nodeRect(node);
	const x = (rect.left + rect.right) / 2;
	const y = (rect.top + rect.bottom) / 2;
	return { zoom, panX: width / 2 - x * zoom, panY: height / 2 - y * zoom };
}

/** Returns the node nearest to `from` in an arrow key's direction, or undefined at the edge. */
export function nearestInDirection(
	nodes: NodeView[],
	from: NodeView,
	direction: 'left' | 'right' | 'up' | 'down',
): NodeView | undefined {
	const [fx, fy] = from.position;
	let best: NodeView | undefined;
	let bestScore = Infinity;
	for (const node of nodes) {
		const dx = node.position[0] - fx;
		const dy = node.position[1] - fy;
		const along = { left: -dx, right: dx, up: -dy, down: dy }[direction];
		const across = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
		if (node === from || along <= 0) {
			continue;
		}
		// Nodes straight ahead beat nearer nodes off to the side.
		const score = along + 2 * across;
		if (score < bestScore) {
			bestScore = score;
			best = node;
		}
	}
	return best;
}
