import { useEffect, useState } from 'preact/hooks';
import type { ActionDescriptor } from '../../shared/actions';
import type { NodeRunRecord } from '../../shared/model';
import type { Problem } from '../../shared/problems';
import type { IntegrationAccounts, WebhookStatus, WorkflowEdit } from '../../shared/protocol';
import { NODE_ID_PATTERN } from '../../shared/schema';
import type { HostConnection } from '../hostConnection';
import { type NodeView, outputExpression } from '../viewModel';
import { IntegrationSection } from './IntegrationSection';
import { JsonTree } from './JsonTree';
import { SchemaForm } from './SchemaForm';
import { WebhookPanel, type WebhookPanelState } from './WebhookPanel';

/** Inputs of the webhook trigger's section besides the node. */
export interface WebhookPanelContext {
	status: WebhookStatus | undefined;
	state: WebhookPanelState;
	host: HostConnection;
	update(change: (state: WebhookPanelState) => WebhookPanelState): void;
}

interface ConfigPanelProps {
	view: NodeView;
	nodeIds: ReadonlySet<string>;
	/** Every action descriptor, for the operation picker of integration nodes. */
	descriptors: readonly ActionDescriptor[];
	accounts: IntegrationAccounts | undefined;
	webhook: WebhookPanelContext;
	run: NodeRunRecord | undefined;
	tab: 'parameters' | 'output';
	onTabChange(tab: 'parameters' | 'output'): void;
	onEdit(edit: WorkflowEdit): void;
	onAddAccount(integration: string): void;
	onNotice(text: string, error: boolean): void;
	onCopyExpression(expression: string): void;
	onClose(): void;
}

/** The configuration panel of the selected node: name, id, params form and output. */
export function ConfigPanel(props: ConfigPanelProps) {
	const { view, tab } = props;
	return (
		<aside class="wf-panel" aria-label={`Configuration of ${view.title}`}>
			<header class="wf-panel-header">
				<span class={`codicon codicon-${view.icon}`} aria-hidden="true" />
				<h2 class="wf-panel-title">{view.title}</h2>
				<vscode-button
					appearance="icon"
					aria-label="Close panel"
					title="Close"
					onClick={props.onClose}
				>
					<span class="codicon codicon-close" />
				</vscode-button>
			</header>
			<div class="wf-tabs" role="tablist">
				{(['parameters', 'output'] as const).map((name) => (
					<button
						role="tab"
						class={`wf-tab ${tab === name ? 'wf-tab-active' : ''}`}
						aria-selected={tab === name}
						onClick={() => props.onTabChange(name)}
					>
						{name === 'parameters' ? 'Parameters' : 'Output'}
					</button>
				))}
			</div>
			<div class="wf-panel-body" role="tabpanel">
				{tab === 'parameters' ? <ParametersTab {...props} /> : <OutputTab {...props} />}
			</div>
		</aside>
	);
}

function ParametersTab(props: ConfigPanelProps) {
	const { view } = props;
	const hidden = hiddenParams(view, props.accounts);
	const nodeProblems = view.problems.filter((problem) => {
		const path = paramPathOf(problem);
		return path === undefined || hidden.has(String(path[0]));
	});
	const integrationDescriptor = view.descriptor?.integration
		? { ...view.descriptor, integration: view.descriptor.integration }
		: undefined;
	return (
		<div class="wf-parameters">
			{view.descriptor && <p class="wf-panel-description">{view.descriptor.description}</p>}
			{nodeProblems.map((problem) => (
				<div class={`wf-problem wf-problem-${problem.severity}`} role="alert">
					<span class={`codicon codicon-${problem.severity}`} /> {problem.message}
				</div>
			))}
			<NameField view={view} onEdit={props.onEdit} />
			<IdField view={view} nodeIds={props.nodeIds} onEdit={props.onEdit} />
			{integrationDescriptor && (
				<IntegrationSection
					view={view}
					descriptor={integrationDescriptor}
					descriptors={props.descriptors}
					accounts={props.accounts}
					onEdit={props.onEdit}
					onAddAccount={props.onAddAccount}
				/>
			)}
			{view.descriptor ? (
				<SchemaForm
					schema={view.descriptor.inputs}
					value={view.node.params ?? {}}
					path={[]}
					hidden={hidden}
					problems={problemsByParamPath(view.problems)}
					onChange={(path, value) =>
						props.onEdit({ kind: 'setParam', nodeId: view.id, path, value })
					}
				/>
			) : (
				<p class="wf-field-error">
					Action type "{view.node.type}" is not known, so its parameters can only be edited as text.
				</p>
			)}
			{view.node.type === 'trigger.webhook' && (
				<WebhookPanel
					view={view}
					{...props.webhook}
					onEdit={props.onEdit}
					onNotice={props.onNotice}
				/>
			)}
			<vscode-checkbox
				checked={view.node.disabled === true}
				onChange={(event) =>
					props.onEdit({
						kind: 'setNodeField',
						nodeId: view.id,
						field: 'disabled',
						value: (event.currentTarget as HTMLInputElement).checked,
					})
				}
			>
				Disabled (skipped when the workflow runs)
			</vscode-checkbox>
		</div>
	);
}

function NameField(props: { view: NodeView; onEdit(edit: WorkflowEdit): void }) {
	const name = props.view.node.name ?? '';
	return (
		<div class="wf-field">
			<label class="wf-field-label" for="node-name">
				Name
			</label>
			<vscode-text-field
				id="node-name"
				value={name}
				placeholder={props.view.id}
				onChange={(event) =>
					props.onEdit({
						kind: 'setNodeField',
						nodeId: props.view.id,
						field: 'name',
						value: (event.currentTarget as HTMLInputElement).value.trim(),
					})
				}
			/>
		</div>
	);
}

function IdField(props: {
	view: NodeView;
	nodeIds: ReadonlySet<string>;
	onEdit(edit: WorkflowEdit): void;
}) {
	const [draft, setDraft] = useState(props.view.id);
	const [error, setError] = useState<string>();
	useEffect(() => {
		setDraft(props.view.id);
		setError(undefined);
	}, [props.view.id]);

	const commit = (value: string) => {
		const id = value.trim();
		const problem = checkId(id, props.view.id, props.nodeIds);
		setError(problem);
		if (!problem && id !== props.view.id) {
			props.onEdit({ kind: 'renameNode', nodeId: props.view.id, newId: id });
		}
	};
	return (
		<div class="wf-field">
			<label class="wf-field-label" for="node-id">
				Id
			</label>
			<vscode-text-field
				id="node-id"
				value={draft}
				class={error ? 'wf-invalid' : undefined}
				aria-invalid={error ? 'true' : undefined}
				onInput={(event) => setDraft((event.currentTarget as HTMLInputElement).value)}
				onChange={(event) => commit((event.currentTarget as HTMLInputElement).value)}
			/>
			<div class="wf-field-help">
				Connections, the layout and $nodes references follow a changed id.
			</div>
			{error && (
				<div class="wf-field-error" role="alert">
					{error}
				</div>
			)}
		</div>
	);
}

function checkId(id: string, current: string, taken: ReadonlySet<string>): string | undefined {
	if (!new RegExp(NODE_ID_PATTERN).test(id)) {
		return 'Use letters, digits, "-" and "_", starting with a letter or digit.';
	}
	return id !== current && taken.has(id) ? `Another node already has the id "${id}".` : undefined;
}

/** Params that a section above the form edits: the webhook's sample body, the account. */
function hiddenParams(view: NodeView, accounts: IntegrationAccounts | undefined): Set<string> {
	const hidden = new Set<string>();
	if (view.node.type === 'trigger.webhook') {
		hidden.add('sampleBody');
	}
	if (view.descriptor?.integration && accounts?.available) {
		hidden.add('account');
	}
	return hidden;
}

function OutputTab(props: ConfigPanelProps) {
	const { view, run } = props;
	const pick = (path: (string | number)[]) =>
		props.onCopyExpression(outputExpression(view.id, view.isTrigger, path));
	if (!run) {
		return (
			<div class="wf-output">
				<p class="wf-field-help">
					Sample output of {view.subtitle}. Run the workflow to see real data. Click a field to copy
					its expression.
				</p>
				<JsonTree value={view.descriptor?.sampleOutput ?? null} onPick={pick} />
			</div>
		);
	}
	return (
		<div class="wf-output">
			<p class={`wf-run-status wf-status-${run.status}`}>
				Last run: {run.status}
				{run.durationMs !== undefined && ` in ${run.durationMs} ms`}
			</p>
			{run.error && (
				<div class="wf-problem wf-problem-error" role="alert">
					{run.error.message}
				</div>
			)}
			<h3>Output</h3>
			<JsonTree value={run.output ?? null} onPick={pick} />
			<h3>Input</h3>
			<JsonTree value={run.input ?? null} onPick={() => undefined} />
		</div>
	);
}

/** Returns the path inside `params` a problem points at, or undefined for other problems. */
function paramPathOf(problem: Problem): (string | number)[] | undefined {
	const [root, , field, ...rest] = problem.path;
	return root === 'nodes' && field === 'params' && rest.length > 0 ? rest : undefined;
}

function problemsByParamPath(problems: Problem[]): Map<string, Problem[]> {
	const map = new Map<string, Problem[]>();
	for (const problem of problems) {
		const path = paramPathOf(problem);
		if (path) {
			const key = path.join('/');
			map.set(key, [...(map.get(key) ?? []), problem]);
		}
	}
	return map;
}
