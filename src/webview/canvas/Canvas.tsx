import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { NodePosition, WorkflowConnection } from '../../shared/model';
import type { NodeView } from '../viewModel';
import { CanvasController } from './canvasController';
import {
	type Rect,
	type Viewport,
	centerOn,
	intersects,
	nearestInDirection,
	nodeRect,
	snapToGrid,
	toCanvas,
	zoomAround,
} from './geometry';
import { NodeElement } from './NodeElement';
import { Overview } from './Overview';
import {
	OVERVIEW_BELOW_ZOOM,
	VIRTUALIZE_ABOVE,
	containsRect,
	expandRect,
	nodesToRender,
	visibleRect,
} from './renderWindow';

/** Drag-and-drop data type of an action dragged from the palette. */
export const ACTION_DRAG_TYPE = 'application/x-wireflow-action';

/** Keyboard commands the canvas hands to the app. */
export type CanvasCommand = 'delete' | 'copy' | 'cut' | 'paste' | 'selectAll' | 'clearSelection';

export interface CanvasProps {
	nodes: NodeView[];
	connections: WorkflowConnection[];
	selectedNodes: ReadonlySet<string>;
	selectedConnections: ReadonlySet<string>;
	viewport: Viewport;
	viewportRef: RefObject<HTMLDivElement>;
	onViewportChange(viewport: Viewport): void;
	/** Replaces the selection, or adds to it when `additive`. */
	onSelect(nodeIds: string[], connectionKeys: string[], additive: boolean): void;
	onMove(positions: Record<string, NodePosition>): void;
	onConnect(connection: WorkflowConnection): void;
	onConnectionClick(connection: WorkflowConnection, additive: boolean): void;
	onDropAction(actionType: string, position: NodePosition): void;
	onOpenNode(nodeId: string): void;
	onCommand(command: CanvasCommand): void;
}

interface BoxSelection {
	startX: number;
	startY: number;
	x: number;
	y: number;
	additive: boolean;
}

const ARROW_DIRECTIONS = {
	ArrowLeft: 'left',
	ArrowRight: 'right',
	ArrowUp: 'up',
	ArrowDown: 'down',
} as const;

/** The graph: nodes rendered by Preact, connections and dragging by jsPlumb, pan and zoom. */
export function Canvas(props: CanvasProps) {
	const surfaceRef = useRef<HTMLDivElement>(null);
	const controllerRef = useRef<CanvasController>();
	const propsRef = useRef(props);
	propsRef.current = props;
	const focusByPointer = useRef(false);
	const [dragging, setDragging] = useState(false);
	const [box, setBox] = useState<BoxSelection>();
	const { viewport } = props;
	const size = useElementSize(props.viewportRef);
	const large = props.nodes.length > VIRTUALIZE_ABOVE;
	const overview = large && viewport.zoom < OVERVIEW_BELOW_ZOOM;
	const renderWindow = useRenderWindow(large && !overview, viewport, size);
	const rendered = useMemo(() => {
		if (overview) {
			return [];
		}
		if (!renderWindow) {
			return large ? [] : props.nodes;
		}
		const ids = nodesToRender(props.nodes, props.connections, renderWindow, props.selectedNodes);
		return props.nodes.filter((node) => ids.has(node.id));
	}, [props.nodes, props.connections, props.selectedNodes, renderWindow, overview, large]);

	useLayoutEffect(() => {
		const controller = new CanvasController(surfaceRef.current!, {
			moved: (positions) => propsRef.current.onMove(positions),
			connected: (connection) => propsRef.current.onConnect(connection),
			connectionClicked: (connection, additive) =>
				propsRef.current.onConnectionClick(connection, additive),
			dragging: setDragging,
		});
		controllerRef.current = controller;
		return () => {
			controller.destroy();
			controllerRef.current = undefined;
		};
	}, []);

	useLayoutEffect(() => {
		controllerRef.current?.sync(rendered, props.connections);
		// Tests and the benchmark wait for this mark: every rendered node and connector is drawn.
		props.viewportRef.current?.setAttribute('data-rendered-nodes', String(rendered.length));
	}, [rendered, props.connections]);

	useLayoutEffect(() => {
		controllerRef.current?.setZoom(viewport.zoom);
	}, [viewport.zoom]);

	useEffect(() => {
		controllerRef.current?.setSelection(props.selectedNodes, props.selectedConnections);
	}, [props.selectedNodes, props.selectedConnections, props.connections, rendered]);

	const localPoint = (event: MouseEvent): [number, number] => {
		const rect = props.viewportRef.current!.getBoundingClientRect();
		return [event.clientX - rect.left, event.clientY - rect.top];
	};

	const onWheel = (event: WheelEvent) => {
		event.preventDefault();
		if (event.ctrlKey || event.metaKey) {
			const [x, y] = localPoint(event);
			props.onViewportChange(
				zoomAround(viewport, viewport.zoom * Math.exp(-event.deltaY / 300), x, y),
			);
		} else {
			props.onViewportChange({
				...viewport,
				panX: viewport.panX - event.deltaX,
				panY: viewport.panY - event.deltaY,
			});
		}
	};

	const onBackgroundPointerDown = (event: PointerEvent) => {
		if (event.target !== event.currentTarget && event.target !== surfaceRef.current) {
			return;
		}
		props.viewportRef.current?.focus();
		const target = event.currentTarget as HTMLElement;
		target.setPointerCapture(event.pointerId);
		if (event.button === 1 || event.altKey) {
			startPan(event, target);
			return;
		}
		const [x, y] = localPoint(event);
		setBox({
			startX: x,
			startY: y,
			x,
			y,
			additive: event.shiftKey || event.ctrlKey || event.metaKey,
		});
	};

	const startPan = (event: PointerEvent, target: HTMLElement) => {
		const start = { x: event.clientX, y: event.clientY, panX: viewport.panX, panY: viewport.panY };
		const move = (moveEvent: PointerEvent) =>
			propsRef.current.onViewportChange({
				...propsRef.current.viewport,
				panX: start.panX + moveEvent.clientX - start.x,
				panY: start.panY + moveEvent.clientY - start.y,
			});
		const stop = () => {
			target.removeEventListener('pointermove', move);
			target.removeEventListener('pointerup', stop);
		};
		target.addEventListener('pointermove', move);
		target.addEventListener('pointerup', stop);
	};

	const onPointerMove = (event: PointerEvent) => {
		if (box) {
			const [x, y] = localPoint(event);
			setBox({ ...box, x, y });
		}
	};

	const onPointerUp = () => {
		if (!box) {
			return;
		}
		setBox(undefined);
		const [left, top] = toCanvas(
			viewport,
			Math.min(box.startX, box.x),
			Math.min(box.startY, box.y),
		);
		const [right, bottom] = toCanvas(
			viewport,
			Math.max(box.startX, box.x),
			Math.max(box.startY, box.y),
		);
		const area = { left, top, right, bottom };
		const hit = props.nodes
			.filter((node) => intersects(nodeRect(node), area))
			.map((node) => node.id);
		props.onSelect(hit, [], box.additive);
	};

	const onNodePointerDown = (id: string, event: PointerEvent) => {
		// jsPlumb's drag handler cancels the default action, which would have focused the node.
		focusByPointer.current = true;
		(event.currentTarget as HTMLElement).focus({ preventScroll: true });
		focusByPointer.current = false;
		const additive = event.shiftKey || event.ctrlKey || event.metaKey;
		if (additive) {
			props.onSelect([id], [], true);
		} else if (!props.selectedNodes.has(id)) {
			// Select before jsPlumb starts the drag, so the drag moves exactly the selection.
			props.onSelect([id], [], false);
		}
	};

	const onNodeFocus = (id: string) => {
		// Tab selects the node it reaches; a click selects in its own handler.
		if (!focusByPointer.current && !propsRef.current.selectedNodes.has(id)) {
			props.onSelect([id], [], false);
		}
	};

	const onKeyDown = (event: KeyboardEvent) => {
		if (isTextInput(event.target)) {
			return;
		}
		const command = keyCommand(event);
		if (command) {
			event.preventDefault();
			props.onCommand(command);
			return;
		}
		const focused = (event.target as HTMLElement).closest<HTMLElement>('.wf-node')?.dataset.nodeId;
		if (event.key === 'Enter' && focused) {
			event.preventDefault();
			props.onOpenNode(focused);
			return;
		}
		const direction = ARROW_DIRECTIONS[event.key as keyof typeof ARROW_DIRECTIONS];
		if (direction) {
			event.preventDefault();
			moveFocus(direction, focused);
		}
	};

	const moveFocus = (direction: 'left' | 'right' | 'up' | 'down', focused: string | undefined) => {
		const current =
			props.nodes.find((node) => node.id === focused) ??
			props.nodes.find((node) => props.selectedNodes.has(node.id));
		const next = current ? nearestInDirection(props.nodes, current, direction) : props.nodes[0];
		if (!next) {
			return;
		}
		props.onSelect([next.id], [], false);
		if (size && !intersects(nodeRect(next), visibleRect(viewport, size.width, size.height))) {
			props.onViewportChange(centerOn(next, size.width, size.height, viewport.zoom));
		}
		// A node outside the render window appears once the selection has re-rendered the canvas.
		requestAnimationFrame(() =>
			surfaceRef.current
				?.querySelector<HTMLElement>(`.wf-node[data-node-id="${CSS.escape(next.id)}"]`)
				?.focus(),
		);
	};

	const onDragOver = (event: DragEvent) => {
		if (event.dataTransfer?.types.includes(ACTION_DRAG_TYPE)) {
			event.preventDefault();
			event.dataTransfer.dropEffect = 'copy';
		}
	};

	const onDrop = (event: DragEvent) => {
		const actionType = event.dataTransfer?.getData(ACTION_DRAG_TYPE);
		if (!actionType) {
			return;
		}
		event.preventDefault();
		const [x, y] = localPoint(event);
		const [cx, cy] = toCanvas(viewport, x, y);
		props.onDropAction(actionType, snapToGrid([cx - 100, cy - 30]));
	};

	return (
		<div
			ref={props.viewportRef}
			class="wf-viewport"
			tabIndex={-1}
			role="application"
			aria-label="Workflow canvas"
			onWheel={onWheel}
			onPointerDown={onBackgroundPointerDown}
			onPointerMove={onPointerMove}
			onPointerUp={onPointerUp}
			onKeyDown={onKeyDown}
			onDragOver={onDragOver}
			onDrop={onDrop}
		>
			<div
				ref={surfaceRef}
				class="wf-surface"
				style={{
					transform: `translate(${viewport.panX}px, ${viewport.panY}px) scale(${viewport.zoom})`,
				}}
			>
				{overview && (
					<Overview
						nodes={props.nodes}
						connections={props.connections}
						selectedNodes={props.selectedNodes}
						onSelect={(id, additive) => props.onSelect([id], [], additive)}
						onOpen={(id) => {
							const node = props.nodes.find((candidate) => candidate.id === id);
							if (node && size) {
								props.onViewportChange(centerOn(node, size.width, size.height));
							}
						}}
					/>
				)}
				{rendered.map((view) => (
					<NodeElement
						key={view.id}
						view={view}
						selected={props.selectedNodes.has(view.id)}
						onPointerDown={onNodePointerDown}
						onOpen={props.onOpenNode}
						onFocus={onNodeFocus}
					/>
				))}
			</div>
			{box && (
				<div
					class="wf-box-selection"
					style={{
						left: `${Math.min(box.startX, box.x)}px`,
						top: `${Math.min(box.startY, box.y)}px`,
						width: `${Math.abs(box.x - box.startX)}px`,
						height: `${Math.abs(box.y - box.startY)}px`,
					}}
				/>
			)}
			{overview && (
				<div class="wf-overview-hint">Overview of {props.nodes.length} nodes: zoom in to edit</div>
			)}
			{dragging && <div class="wf-drag-cover" />}
		</div>
	);
}

/** Tracks an element's size in CSS pixels; undefined until it is first measured. */
function useElementSize(
	ref: RefObject<HTMLElement>,
): { width: number; height: number } | undefined {
	const [size, setSize] = useState<{ width: number; height: number }>();
	useLayoutEffect(() => {
		const element = ref.current;
		if (!element) {
			return undefined;
		}
		const measure = () => {
			const { width, height } = element.getBoundingClientRect();
			setSize((current) =>
				current?.width === width && current.height === height ? current : { width, height },
			);
		};
		measure();
		const observer = new ResizeObserver(measure);
		observer.observe(element);
		return () => observer.disconnect();
	}, [ref]);
	return size;
}

/**
 * Returns the part of the canvas to render nodes for: the visible part with half a screen
 * more on each side. It moves only once the view leaves it, so small pans and zooms do not
 * add or remove nodes. Undefined while `active` is false or the size is not known yet.
 */
function useRenderWindow(
	active: boolean,
	viewport: Viewport,
	size: { width: number; height: number } | undefined,
): Rect | undefined {
	const windowRef = useRef<Rect>();
	if (!active || !size) {
		windowRef.current = undefined;
		return undefined;
	}
	const visible = visibleRect(viewport, size.width, size.height);
	if (!windowRef.current || !containsRect(windowRef.current, visible)) {
		const margin = Math.max(size.width, size.height) / viewport.zoom / 2;
		windowRef.current = expandRect(visible, margin);
	}
	return windowRef.current;
}

function keyCommand(event: KeyboardEvent): CanvasCommand | undefined {
	const modifier = event.ctrlKey || event.metaKey;
	if (event.key === 'Delete' || event.key === 'Backspace') {
		return 'delete';
	}
	if (event.key === 'Escape') {
		return 'clearSelection';
	}
	if (!modifier) {
		return undefined;
	}
	const commands: Record<string, CanvasCommand> = {
		c: 'copy',
		x: 'cut',
		v: 'paste',
		a: 'selectAll',
	};
	return commands[event.key.toLowerCase()];
}

function isTextInput(target: EventTarget | null): boolean {
	const element = target as HTMLElement | null;
	return Boolean(
		element?.closest('input, textarea, vscode-text-field, vscode-text-area, [contenteditable]'),
	);
}
