import {
	type BeforeDropParams,
	type BrowserJsPlumbInstance,
	type Connection,
	type DragStopPayload,
	EVENT_CONNECTION_CLICK,
	EVENT_DRAG_START,
	EVENT_DRAG_STOP,
	INTERCEPT_BEFORE_DROP,
	type OverlaySpec,
	newInstance,
} from '@jsplumb/browser-ui';
import { DEFAULT_OUTPUT, type NodePosition, type WorkflowConnection } from '../../shared/model';
import { GRID_SIZE, type NodeView, connectionKey, hasPortLabels } from '../viewModel';

/** Callbacks from the canvas to the app; each call is one user gesture. */
export interface CanvasEvents {
	/** Nodes were dragged; positions are in canvas pixels. Called once per drag, on drop. */
	moved(positions: Record<string, NodePosition>): void;
	/** A connection was dragged from an output to a node. */
	connected(connection: WorkflowConnection): void;
	connectionClicked(connection: WorkflowConnection, additive: boolean): void;
	/** A node drag started or stopped; the app covers the page while one runs. */
	dragging(active: boolean): void;
}

interface ManagedNode {
	element: HTMLElement;
	portsKey: string;
	positionKey: string;
	isTrigger: boolean;
}

const SELECTED_CONNECTION_CLASS = 'wf-connection-selected';

/**
 * Draws connections and endpoints with jsPlumb over node elements that Preact renders, and owns
 * node dragging: jsPlumb moves the elements itself and the app hears of it once, on drop.
 */
export class CanvasController {
	private readonly _instance: BrowserJsPlumbInstance;
	private readonly _nodes = new Map<string, ManagedNode>();
	private readonly _connections = new Map<string, Connection>();
	private readonly _connectionModels = new Map<Connection, WorkflowConnection>();

	constructor(
		private readonly _container: HTMLElement,
		private readonly _events: CanvasEvents,
	) {
		this._instance = newInstance({
			container: _container,
			// The observer re-measures every node with padding or a border on each change.
			resizeObserver: false,
			elementsDraggable: true,
			dragOptions: { grid: { w: GRID_SIZE, h: GRID_SIZE }, cursor: 'grabbing' },
			connector: { type: 'Bezier', options: { curviness: 60 } },
			connectionsDetachable: false,
			paintStyle: { stroke: '#888', strokeWidth: 2 },
			endpointStyle: { fill: '#888', radius: 6 },
		});
		this._bindEvents();
	}

	/** Brings jsPlumb in step with the rendered nodes and the model's connections. */
	sync(nodes: NodeView[], connections: WorkflowConnection[]): void {
		this._instance.batch(() => {
			this._syncNodes(nodes);
			this._syncConnections(connections);
		});
	}

	/** Sets the zoom jsPlumb uses for drags; it must match the CSS scale of the container. */
	setZoom(zoom: number): void {
		this._instance.setZoom(zoom);
	}

	/** Makes the selected nodes drag together and highlights the selected connections. */
	setSelection(nodeIds: ReadonlySet<string>, connectionKeys: ReadonlySet<string>): void {
		this._instance.clearDragSelection();
		const elements = [...nodeIds].flatMap((id) => this._nodes.get(id)?.element ?? []);
		if (elements.length > 1) {
			this._instance.addToDragSelection(...elements);
		}
		for (const [key, connection] of this._connections) {
			if (connectionKeys.has(key)) {
				connection.addClass(SELECTED_CONNECTION_CLASS);
			} else {
				connection.removeClass(SELECTED_CONNECTION_CLASS);
			}
		}
	}

	destroy(): void {
		this._instance.destroy();
		this._nodes.clear();
		this._connections.clear();
		this._connectionModels.clear();
	}

	private _bindEvents(): void {
		this._instance.bind(EVENT_DRAG_START, () => this._events.dragging(true));
		this._instance.bind(EVENT_DRAG_STOP, (payload: DragStopPayload) => {
			this._events.dragging(false);
			const positions: Record<string, NodePosition> = {};
			for (const { el, pos } of payload.elements) {
				const id = (el as HTMLElement).dataset.nodeId;
				if (id) {
					positions[id] = [Math.round(pos.x), Math.round(pos.y)];
				}
			}
			this._events.moved(positions);
		});
		this._instance.bind(EVENT_CONNECTION_CLICK, (connection: Connection, event: MouseEvent) => {
			const model = this._connectionModels.get(connection);
			if (model) {
				this._events.connectionClicked(model, event.shiftKey || event.ctrlKey || event.metaKey);
			}
		});
		this._instance.bind(INTERCEPT_BEFORE_DROP, (params: BeforeDropParams) => {
			this._onDrop(params);
			// The model decides: the connection is drawn when the file has it.
			return false;
		});
	}

	private _onDrop(params: BeforeDropParams): void {
		const source = params.connection.endpoints?.[0];
		const from = source?.parameters?.nodeId as string | undefined;
		const output = (source?.parameters?.output as string | undefined) ?? DEFAULT_OUTPUT;
		const targetElement =
			(params.dropEndpoint?.element as HTMLElement | undefined) ??
			(this._instance.getManagedElement(params.targetId) as HTMLElement | undefined);
		const to = targetElement?.dataset.nodeId;
		if (from && to && from !== to) {
			this._events.connected({ from, output: output === DEFAULT_OUTPUT ? undefined : output, to });
		}
	}

	private _syncNodes(nodes: NodeView[]): void {
		const elements = new Map<string, HTMLElement>();
		for (const element of this._container.querySelectorAll<HTMLElement>(':scope > .wf-node')) {
			elements.set(element.dataset.nodeId ?? '', element);
		}

		const seen = new Set<string>();
		for (const view of nodes) {
			const element = elements.get(view.id);
			if (!element) {
				continue;
			}
			seen.add(view.id);
			this._syncNode(view, element);
		}
		for (const [id, managed] of this._nodes) {
			if (!seen.has(id)) {
				this._forget(id, managed);
			}
		}
	}

	private _syncNode(view: NodeView, element: HTMLElement): void {
		const portsKey = view.ports.join('\u0000');
		const positionKey = view.position.join(',');
		const managed = this._nodes.get(view.id);
		if (managed && managed.element !== element) {
			this._forget(view.id, managed);
		} else if (managed) {
			if (managed.portsKey !== portsKey) {
				this._dropConnectionsOf(view.id);
				this._instance.removeAllEndpoints(element);
				this._addEndpoints(view, element);
				managed.portsKey = portsKey;
			}
			if (managed.positionKey !== positionKey) {
				managed.positionKey = positionKey;
				this._instance.revalidate(element);
			}
			return;
		}
		this._instance.manage(element, undefined, true);
		this._addEndpoints(view, element);
		this._nodes.set(view.id, { element, portsKey, positionKey, isTrigger: view.isTrigger });
	}

	private _addEndpoints(view: NodeView, element: HTMLElement): void {
		if (!view.isTrigger) {
			this._instance.addEndpoint(element, {
				uuid: inputUuid(view.id),
				anchor: [0, 0.5, -1, 0],
				endpoint: { type: 'Dot', options: { radius: 6 } },
				target: true,
				maxConnections: -1,
				cssClass: 'wf-port wf-port-in',
				parameters: { nodeId: view.id },
			});
		}
		const labelled = hasPortLabels(view);
		view.ports.forEach((port, index) => {
			const endpoint = this._instance.addEndpoint(element, {
				uuid: outputUuid(view.id, port),
				anchor: [1, (index + 1) / (view.ports.length + 1), 1, 0],
				endpoint: { type: 'Dot', options: { radius: 6 } },
				source: true,
				maxConnections: -1,
				cssClass: 'wf-port wf-port-out',
				parameters: { nodeId: view.id, output: port },
			});
			if (labelled) {
				endpoint.addOverlay(portLabel(port));
			}
		});
	}

	private _syncConnections(connections: WorkflowConnection[]): void {
		const wanted = new Map(
			connections.map((connection) => [connectionKey(connection), connection]),
		);
		for (const [key, connection] of this._connections) {
			if (!wanted.has(key)) {
				this._instance.deleteConnection(connection);
				this._connections.delete(key);
				this._connectionModels.delete(connection);
			}
		}
		for (const [key, model] of wanted) {
			if (this._connections.has(key)) {
				continue;
			}
			const source = this._instance.getEndpoint(
				outputUuid(model.from, model.output ?? DEFAULT_OUTPUT),
			);
			const target = this._instance.getEndpoint(inputUuid(model.to));
			// A connection to a missing node or port is a file problem; the Problems panel shows it.
			if (!source || !target) {
				continue;
			}
			const connection = this._instance.connect({ source, target, detachable: false });
			connection.addClass('wf-connection');
			this._connections.set(key, connection);
			this._connectionModels.set(connection, model);
		}
	}

	private _forget(id: string, managed: ManagedNode): void {
		this._dropConnectionsOf(id);
		this._instance.unmanage(managed.element, false);
		this._nodes.delete(id);
	}

	/** Forgets the connections of a node whose endpoints jsPlumb is about to remove with them. */
	private _dropConnectionsOf(id: string): void {
		for (const [key, connection] of this._connections) {
			const model = this._connectionModels.get(connection);
			if (model && (model.from === id || model.to === id)) {
				this._instance.deleteConnection(connection);
				this._connections.delete(key);
				this._connectionModels.delete(connection);
			}
		}
	}
}

function inputUuid(nodeId: string): string {
	return `${nodeId}\u0000in`;
}

function outputUuid(nodeId: string, output: string): string {
	return `${nodeId}\u0000out\u0000${output}`;
}

/**
 * Builds the label of an output port. jsPlumb 6.2.10 places endpoint labels on the port dot's
 * center; the CSS moves it inside the node, left of the dot, so it stays clear of the
 * connectors that leave the port to the right.
 */
function portLabel(port: string): OverlaySpec {
	return { type: 'Label', options: { label: port, cssClass: 'wf-port-label' } };
}
