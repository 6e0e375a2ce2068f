import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ActionDescriptor } from '../shared/actions';
import type { NodePosition, RunRecord, WorkflowConnection } from '../shared/model';
import {
	type DocumentState,
	type HostMessage,
	type IntegrationAccounts,
	type WebhookStatus,
	type WorkflowEdit,
	assertNever,
} from '../shared/protocol';
import { autoLayout } from './canvas/autoLayout';
import { Canvas, type CanvasCommand } from './canvas/Canvas';
import {
	type Viewport,
	clampZoom,
	fitViewport,
	snapToGrid,
	toCanvas,
	zoomAround,
} from './canvas/geometry';
import type { HostConnection } from './hostConnection';
import { ConfigPanel } from './panels/ConfigPanel';
import { ErrorView } from './panels/ErrorView';
import { Palette } from './panels/Palette';
import { Toolbar } from './panels/Toolbar';
import {
	EMPTY_WEBHOOK_PANEL_STATE,
	type TestRequestState,
	type WebhookPanelState,
} from './panels/WebhookPanel';
import { buildNodeViews, connectionKey, NODE_WIDTH } from './viewModel';

interface Selection {
	nodes: ReadonlySet<string>;
	connections: ReadonlySet<string>;
}

const EMPTY_SELECTION: Selection = { nodes: new Set(), connections: new Set() };

/** How long a notice stays on screen, in milliseconds. */
const NOTICE_MS = 4000;

/** The workflow editor: toolbar, palette, canvas and configuration panel. */
export function App(props: { host: HostConnection }) {
	const { host } = props;
	const saved = useMemo(() => host.viewState(), [host]);
	const [descriptors, setDescriptors] = useState<ActionDescriptor[]>([]);
	const [documentState, setDocumentState] = useState<DocumentState>();
	const [lastRun, setLastRun] = useState<RunRecord>();
	const [selection, setSelection] = useState<Selection>(() =>
		saved ? { nodes: new Set(saved.selection), connections: new Set() } : EMPTY_SELECTION,
	);
	const [viewport, setViewport] = useState<Viewport>(saved ?? { zoom: 1, panX: 0, panY: 0 });
	const [paletteOpen, setPaletteOpen] = useState(false);
	const [panelOpen, setPanelOpen] = useState(true);
	const [tab, setTab] = useState<'parameters' | 'output'>('parameters');
	const [notice, setNotice] = useState<{ text: string; error: boolean }>();
	const [webhookStatus, setWebhookStatus] = useState<WebhookStatus>();
	const [accounts, setAccounts] = useState<IntegrationAccounts>();
	const [webhookPanel, setWebhookPanel] = useState<WebhookPanelState>(EMPTY_WEBHOOK_PANEL_STATE);
	const viewportRef = useRef<HTMLDivElement>(null);
	const fitPending = useRef(!saved);

	useEffect(() => host.subscribe(onHostMessage), [host]);
	useEffect(() => host.post({ type: 'ready' }), [host]);

	function onHostMessage(message: HostMessage): void {
		switch (message.type) {
			case 'init':
				setDescriptors(message.descriptors);
				setDocumentState(message.document);
				setLastRun(message.lastRun);
				return;
			case 'documentChanged':
				setDocumentState(message.document);
				return;
			case 'runRecord':
				setLastRun(message.record);
				return;
			case 'webhookStatus':
				setWebhookStatus(message.status);
				return;
			case 'accounts':
				setAccounts(message.accounts);
				return;
			case 'testRequestRun':
				setWebhookPanel((current) => ({
					...current,
					test: withRun(current.test, message.requestId, message.run, message.message),
				}));
				return;
			case 'reply':
				return;
			default:
				assertNever(message);
		}
	}

	const descriptorMap = useMemo(() => new Map(descriptors.map((d) => [d.type, d])), [descriptors]);
	const workflow = documentState?.kind === 'valid' ? documentState.workflow : undefined;
	const nodes = useMemo(
		() =>
			workflow
				? buildNodeViews(workflow, descriptorMap, documentState?.problems ?? [], lastRun)
				: [],
		[workflow, descriptorMap, documentState, lastRun],
	);
	const connections = useMemo(() => workflow?.connections ?? [], [workflow]);
	const nodeIds = useMemo(() => new Set(nodes.map((node) => node.id)), [nodes]);

	// An edit elsewhere may remove selected nodes; keep the rest of the selection.
	useEffect(() => {
		const keys = new Set(connections.map(connectionKey));
		const kept = [...selection.nodes].filter((id) => nodeIds.has(id));
		const keptConnections = [...selection.connections].filter((key) => keys.has(key));
		if (
			kept.length !== selection.nodes.size ||
			keptConnections.length !== selection.connections.size
		) {
			setSelection({ nodes: new Set(kept), connections: new Set(keptConnections) });
		}
	}, [nodeIds, connections]);

	useEffect(() => {
		if (fitPending.current && nodes.length > 0) {
			fitPending.current = false;
			fit();
		}
	}, [nodes]);

	useEffect(() => {
		host.saveViewState({ ...viewport, selection: [...selection.nodes] });
	}, [viewport, selection]);

	useEffect(() => {
		if (!notice) {
			return undefined;
		}
		const timer = setTimeout(() => setNotice(undefined), NOTICE_MS);
		return () => clearTimeout(timer);
	}, [notice]);

	const showError = (text: string) => setNotice({ text, error: true });

	async function edit(change: WorkflowEdit): Promise<void> {
		const result = await host.request({ type: 'edit', edit: change });
		if (!result.ok) {
			showError(result.message);
		} else if (result.nodeIds && change.kind !== 'renameNode') {
			setSelection({ nodes: new Set(result.nodeIds), connections: new Set() });
		} else if (change.kind === 'renameNode' && selection.nodes.has(change.nodeId)) {
			setSelection({ nodes: new Set([change.newId]), connections: new Set() });
		}
	}

	function fit(): void {
		const rect = viewportRef.current?.getBoundingClientRect();
		if (rect) {
			setViewport(fitViewport(nodes, rect.width, rect.height));
		}
	}

	function viewportCenter(): NodePosition {
		const rect = viewportRef.current?.getBoundingClientRect();
		const [x, y] = toCanvas(viewport, (rect?.width ?? 800) / 2, (rect?.height ?? 600) / 2);
		return snapToGrid([x - NODE_WIDTH / 2, y - 30]);
	}

	function addAction(actionType: string, position?: NodePosition): void {
		const anchor =
			selection.nodes.size === 1 ? nodes.find((node) => selection.nodes.has(node.id)) : undefined;
		const isTrigger = Boolean(descriptorMap.get(actionType)?.trigger);
		const connectFrom =
			anchor && !isTrigger && !position
				? { nodeId: anchor.id, output: anchor.ports[0] }
				: undefined;
		const at =
			position ??
			(anchor
				? snapToGrid([anchor.position[0] + NODE_WIDTH + 60, anchor.position[1]])
				: viewportCenter());
		void edit({ kind: 'addNode', actionType, position: at, connectFrom });
	}

	function selectedConnections(): WorkflowConnection[] {
		return connections.filter((connection) => selection.connections.has(connectionKey(connection)));
	}

	async function runCommand(command: CanvasCommand): Promise<void> {
		const selectedNodes = [...selection.nodes];
		switch (command) {
			case 'delete':
				if (selectedNodes.length > 0 || selection.connections.size > 0) {
					await edit({
						kind: 'delete',
						nodeIds: selectedNodes,
						connections: selectedConnections(),
					});
					setSelection(EMPTY_SELECTION);
				}
				return;
			case 'copy':
			case 'cut': {
				const result = await host.request({
					type: 'copy',
					nodeIds: selectedNodes,
					cut: command === 'cut',
				});
				setNotice(
					result.ok
						? {
								text: `${command === 'cut' ? 'Cut' : 'Copied'} ${selectedNodes.length} node(s).`,
								error: false,
							}
						: { text: result.message, error: true },
				);
				return;
			}
			case 'paste': {
				const result = await host.request({ type: 'paste' });
				if (!result.ok) {
					showError(result.message);
				} else if (result.nodeIds) {
					setSelection({ nodes: new Set(result.nodeIds), connections: new Set() });
				}
				return;
			}
			case 'selectAll':
				setSelection({ nodes: new Set(nodeIds), connections: new Set() });
				return;
			case 'clearSelection':
				setSelection(EMPTY_SELECTION);
				return;
			default:
				assertNever(command);
		}
	}

	function select(ids: string[], keys: string[], additive: boolean): void {
		if (!additive) {
			setSelection({ nodes: new Set(ids), connections: new Set(keys) });
			return;
		}
		const nextNodes = new Set(selection.nodes);
		ids.forEach((id) => (nextNodes.has(id) ? nextNodes.delete(id) : nextNodes.add(id)));
		const nextConnections = new Set(selection.connections);
		keys.forEach((key) =>
			nextConnections.has(key) ? nextConnections.delete(key) : nextConnections.add(key),
		);
		setSelection({ nodes: nextNodes, connections: nextConnections });
	}

	function openNode(id: string): void {
		setSelection({ nodes: new Set([id]), connections: new Set() });
		setPanelOpen(true);
		requestAnimationFrame(() =>
			document.querySelector<HTMLElement>('.wf-panel #node-name')?.focus(),
		);
	}

	async function addAccount(nodeId: string, integration: string): Promise<void> {
		const result = await host.request({ type: 'addAccount', integration });
		if (!result.ok) {
			showError(result.message);
		} else if (result.accountName) {
			await edit({ kind: 'setParam', nodeId, path: ['account'], value: result.accountName });
		}
	}

	function copyExpression(expression: string): void {
		host.post({ type: 'copyText', text: expression });
		setNotice({ text: `Copied ${expression}`, error: false });
	}

	if (!documentState) {
		return <div class="wf-loading">Loading workflow…</div>;
	}
	if (documentState.kind === 'invalid') {
		return (
			<ErrorView state={documentState} onOpenAsText={() => host.post({ type: 'openAsText' })} />
		);
	}

	const selectedView =
		selection.nodes.size === 1 ? nodes.find((node) => selection.nodes.has(node.id)) : undefined;
	return (
		<div
			class={`wf-app ${paletteOpen ? 'wf-with-palette' : ''} ${selectedView && panelOpen ? 'wf-with-panel' : ''}`}
		>
			<Toolbar
				paletteOpen={paletteOpen}
				zoom={viewport.zoom}
				onTogglePalette={() => setPaletteOpen(!paletteOpen)}
				onRun={() => host.post({ type: 'run' })}
				onValidate={() => host.post({ type: 'validate' })}
				onFit={fit}
				onAutoLayout={() =>
					void edit({ kind: 'moveNodes', positions: autoLayout([...nodeIds], connections) }).then(
						() => (fitPending.current = true),
					)
				}
				onZoom={(factor) => {
					const rect = viewportRef.current?.getBoundingClientRect();
					setViewport(
						zoomAround(
							viewport,
							clampZoom(viewport.zoom * factor),
							(rect?.width ?? 0) / 2,
							(rect?.height ?? 0) / 2,
						),
					);
				}}
			/>
			{paletteOpen && (
				<Palette
					descriptors={descriptors}
					onAdd={(type) => addAction(type)}
					onClose={() => setPaletteOpen(false)}
				/>
			)}
			<Canvas
				nodes={nodes}
				connections={connections}
				selectedNodes={selection.nodes}
				selectedConnections={selection.connections}
				viewport={viewport}
				viewportRef={viewportRef}
				onViewportChange={setViewport}
				onSelect={select}
				onMove={(positions) => void edit({ kind: 'moveNodes', positions })}
				onConnect={(connection) => void edit({ kind: 'connect', connection })}
				onConnectionClick={(connection, additive) =>
					select([], [connectionKey(connection)], additive)
				}
				onDropAction={(type, position) => addAction(type, position)}
				onOpenNode={openNode}
				onCommand={(command) => void runCommand(command)}
			/>
			{selectedView && panelOpen && (
				<ConfigPanel
					view={selectedView}
					nodeIds={nodeIds}
					descriptors={descriptors}
					accounts={accounts}
					webhook={{
						status: webhookStatus,
						state: webhookPanel,
						host,
						update: setWebhookPanel,
					}}
					run={lastRun?.nodes[selectedView.id]}
					tab={tab}
					onTabChange={setTab}
					onEdit={(change) => void edit(change)}
					onAddAccount={(integration) => void addAccount(selectedView.id, integration)}
					onNotice={(text, error) => setNotice({ text, error })}
					onCopyExpression={copyExpression}
					onClose={() => setPanelOpen(false)}
				/>
			)}
			{notice && (
				<div
					class={`wf-notice ${notice.error ? 'wf-notice-error' : ''}`}
					role={notice.error ? 'alert' : 'status'}
				>
					{notice.text}
				</div>
			)}
		</div>
	);
}

/** Adds the run a test request started to the panel's state, unless a newer request replaced it. */
function withRun(
	test: TestRequestState | undefined,
	requestId: number,
	run: { id: string; status: RunRecord['status'] } | undefined,
	message: string | undefined,
): TestRequestState | undefined {
	if (test?.phase !== 'answered' || test.requestId !== requestId) {
		return test;
	}
	return { ...test, run, runMessage: message };
}
