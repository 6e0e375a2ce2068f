import type { WorkflowConnection } from '../../shared/model';
import type { NodeView } from '../viewModel';
import { type Rect, type Viewport, intersects, nodeRect } from './geometry';

/**
 * Node count above which the canvas renders only the nodes near the viewport. Below it every
 * node is rendered, which jsPlumb handles with frames to spare.
 */
export const VIRTUALIZE_ABOVE = 300;

/** Zoom below which a graph above `VIRTUALIZE_ABOVE` nodes shows as an overview of boxes. */
export const OVERVIEW_BELOW_ZOOM = 0.3;

/**
 * How far a connector may bow out of the box around its two nodes, in canvas pixels. The
 * canvas's Bezier connectors (curviness 60) have their control points 60 px out from each end,
 * and a Bezier curve stays inside the hull of its control points; 80 leaves a margin.
 */
const CONNECTOR_BULGE = 80;

/** Returns the part of the canvas a viewport of this size shows, in canvas pixels. */
export function visibleRect(viewport: Viewport, width: number, height: number): Rect {
	const left = -viewport.panX / viewport.zoom;
	const top = -viewport.panY / viewport.zoom;
	return { left, top, right: left + width / viewport.zoom, bottom: top + height / viewport.zoom };
}

/** Returns a rectangle grown by `margin` on every side. */
export function expandRect(rect: Rect, margin: number): Rect {
	return {
		left: rect.left - margin,
		top: rect.top - margin,
		right: rect.right + margin,
		bottom: rect.bottom + margin,
	};
}

/** Returns true when `inner` lies wholly inside `outer`. */
export function containsRect(outer: Rect, inner: Rect): boolean {
	return (
		inner.left >= outer.left &&
		inner.top >= outer.top &&
		inner.right <= outer.right &&
		inner.bottom <= outer.bottom
	);
}

/**
 * Returns the ids of the nodes to render for a window of the canvas. These are the nodes inside
 * it and both ends of every connection that may cross it, so each connector in the window is
 * drawn whole. The nodes in `always`, such as the selection, are added so that dragging and the
 * keyboard keep working.
 */
export function nodesToRender(
	nodes: readonly NodeView[],
	connections: readonly WorkflowConnection[],
	window: Rect,
	always: ReadonlySet<string>,
): Set<string> {
	const rects = new Map(nodes.map((node) => [node.id, nodeRect(node)]));
	const rendered = new Set<string>();
	for (const [id, rect] of rects) {
		if (always.has(id) || intersects(rect, window)) {
			rendered.add(id);
		}
	}
	for (const connection of connections) {
		const from = rects.get(connection.from);
		const to = rects.get(connection.to);
		if (!from || !to || (rendered.has(connection.from) && rendered.has(connection.to))) {
			continue;
		}
		const span = expandRect(
			{
				left: Math.min(from.left, to.left),
				top: Math.min(from.top, to.top),
				right: Math.max(from.right, to.right),
				bottom: Math.max(from.bottom, to.bottom),
			},
			CONNECTOR_BULGE,
		);
		if (intersects(span, window)) {
			rendered.add(connection.from);
			rendered.add(connection.to);
		}
	}
	return rendered;
}
