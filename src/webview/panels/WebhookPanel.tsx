import { sampleOutputOf } from '../../shared/actions';
import type { JsonValue, RunStatus } from '../../shared/model';
import type {
	WebhookCopyFormat,
	WebhookStatus,
	WebhookTestResponse,
	WorkflowEdit,
} from '../../shared/protocol';
import type { HostConnection } from '../hostConnection';
import type { NodeView } from '../viewModel';
import { Select } from './Select';

/** A test request of the panel: sending, failed, or with the server's response. */
export type TestRequestState =
	| { phase: 'sending'; requestId: number }
	| { phase: 'failed'; message: string }
	| {
			phase: 'answered';
			requestId: number;
			response: WebhookTestResponse;
			/** The run the request started, once it is recorded. */
			run?: { id: string; status: RunStatus };
			/** Reason no run is shown, such as a wait that timed out. */
			runMessage?: string;
	  };

/** Panel state kept while other nodes are selected; none of it is written to the file. */
export interface WebhookPanelState {
	keyName?: string;
	/** Request body drafts by node id, kept until saved as the sample body or reset. */
	drafts: Record<string, string>;
	test?: TestRequestState;
}

export const EMPTY_WEBHOOK_PANEL_STATE: WebhookPanelState = { drafts: {} };

interface WebhookPanelProps {
	view: NodeView;
	status: WebhookStatus | undefined;
	state: WebhookPanelState;
	host: HostConnection;
	update(change: (state: WebhookPanelState) => WebhookPanelState): void;
	onEdit(edit: WorkflowEdit): void;
	onNotice(text: string, error: boolean): void;
}

const COPY_NOTICES: Record<WebhookCopyFormat, string> = {
	url: 'Copied the webhook URL.',
	curl: 'Copied a curl command that reads the key from $WIREFLOW_API_KEY.',
	curlWithKey: 'Copied a curl command with the API key in it. Keep it private.',
};

/**
 * Renders the webhook trigger's panel section: server state, URL, API key choice, copy actions, the
 * request body draft and the test request with its response and run.
 */
export function WebhookPanel(props: WebhookPanelProps) {
	const { view, status, state } = props;
	const path = typeof view.node.params?.path === 'string' ? view.node.params.path : '';
	const url = status?.baseUrl ? `${status.baseUrl}${path.replace(/^\/+|\/+$/g, '')}` : '';
	const keyNames = status?.keyNames ?? [];
	const keyName = state.keyName && keyNames.includes(state.keyName) ? state.keyName : keyNames[0];
	const savedBody = savedBodyText(view);
	const body = state.drafts[view.id] ?? savedBody;
	const bodyError = jsonError(body);
	const sending = state.test?.phase === 'sending';

	const copy = async (format: WebhookCopyFormat) => {
		const result = await props.host.request({ type: 'copyWebhook', format, keyName, body });
		props.onNotice(result.ok ? COPY_NOTICES[format] : result.message, !result.ok);
	};
	const startServer = async () => {
		const result = await props.host.request({ type: 'startWebhookServer' });
		if (!result.ok) {
			props.onNotice(result.message, true);
		}
	};
	const createKey = async () => {
		const result = await props.host.request({ type: 'createApiKey' });
		if (!result.ok) {
			props.onNotice(result.message, true);
		} else if (result.keyName) {
			props.update((current) => ({ ...current, keyName: result.keyName }));
		}
	};
	const sendTest = async () => {
		if (!keyName) {
			return;
		}
		const pending = props.host.send({ type: 'sendTestRequest', keyName, body });
		props.update((current) => ({
			...current,
			test: { phase: 'sending', requestId: pending.requestId },
		}));
		const result = await pending.result;
		props.update((current) => {
			// A newer request replaced this one; keep its state.
			if (current.test?.phase !== 'sending' || current.test.requestId !== pending.requestId) {
				return current;
			}
			const test: TestRequestState = result.ok
				? { phase: 'answered', requestId: pending.requestId, response: result.response }
				: { phase: 'failed', message: result.message };
			return { ...current, test };
		});
	};
	const setDraft = (text: string | undefined) =>
		props.update((current) => {
			const drafts = { ...current.drafts };
			if (text === undefined) {
				delete drafts[view.id];
			} else {
				drafts[view.id] = text;
			}
			return { ...current, drafts };
		});
	const saveBody = () => {
		props.onEdit({
			kind: 'setParam',
			nodeId: view.id,
			path: ['sampleBody'],
			value: body.trim() === '' ? undefined : (JSON.parse(body) as JsonValue),
		});
		setDraft(undefined);
	};

	if (!status?.available) {
		return (
			<section class="wf-webhook" aria-label="Webhook">
				<h3>Webhook</h3>
				<p class="wf-field-help">Connecting to the webhook server…</p>
			</section>
		);
	}
	return (
		<section class="wf-webhook" aria-label="Webhook">
			<h3>Webhook</h3>
			<ServerLine status={status} path={path} onStart={() => void startServer()} />
			<div class="wf-field">
				<label class="wf-field-label" for="webhook-url">
					URL
				</label>
				<div class="wf-webhook-row">
					<vscode-text-field id="webhook-url" readonly value={url} class="wf-grow" />
					<vscode-button
						appearance="icon"
						title="Copy URL"
						aria-label="Copy URL"
						disabled={!path}
						onClick={() => void copy('url')}
					>
						<span class="codicon codicon-copy" />
					</vscode-button>
				</div>
			</div>
			<div class="wf-field">
				<label class="wf-field-label" for="webhook-key">
					API key
				</label>
				{keyNames.length > 0 ? (
					<div class="wf-webhook-row">
						<div class="wf-grow">
							<Select
								id="webhook-key"
								label="API key"
								options={keyNames.map((name) => ({ label: name, value: name }))}
								value={keyName}
								onChange={(name) => props.update((current) => ({ ...current, keyName: name }))}
							/>
						</div>
						<vscode-button
							appearance="icon"
							title="Create API Key"
							aria-label="Create API Key"
							onClick={() => void createKey()}
						>
							<span class="codicon codicon-add" />
						</vscode-button>
					</div>
				) : (
					<div class="wf-webhook-row">
						<span class="wf-field-help wf-grow">No API key yet. Every request needs one.</span>
						<vscode-button appearance="secondary" onClick={() => void createKey()}>
							Create API Key
						</vscode-button>
					</div>
				)}
				<div class="wf-field-help">
					Requests send the key in the X-API-Key header. Key values stay in VS Code's secret
					storage.
				</div>
			</div>
			<div class="wf-webhook-actions">
				<vscode-button appearance="secondary" disabled={!path} onClick={() => void copy('curl')}>
					<span slot="start" class="codicon codicon-terminal" />
					Copy as curl
				</vscode-button>
				<vscode-button
					appearance="secondary"
					disabled={!path || !keyName}
					title="Copies the command with the API key itself in it"
					onClick={() => void copy('curlWithKey')}
				>
					<span slot="start" class="codicon codicon-key" />
					Copy with key
				</vscode-button>
			</div>
			<BodyEditor
				body={body}
				error={bodyError}
				changed={body !== savedBody}
				onChange={setDraft}
				onSave={saveBody}
			/>
			<vscode-button
				class="wf-webhook-send"
				appearance="primary"
				disabled={!status.running || !keyName || !path || bodyError !== undefined || sending}
				onClick={() => void sendTest()}
			>
				<span slot="start" class="codicon codicon-send" />
				{sending ? 'Sending…' : 'Send test request'}
			</vscode-button>
			{!status.running && <div class="wf-field-help">Start the server to send a test request.</div>}
			{status.running && !keyName && (
				<div class="wf-field-help">Create an API key to send a test request.</div>
			)}
			{state.test && (
				<TestResult
					test={state.test}
					onOpenRun={(runId) => props.host.post({ type: 'openRun', runId })}
				/>
			)}
		</section>
	);
}

function ServerLine(props: { status: WebhookStatus; path: string; onStart(): void }) {
	const { status, path } = props;
	const normalized = path.replace(/^\/+|\/+$/g, '');
	if (!status.running) {
		return (
			<div class="wf-webhook-row wf-webhook-server">
				<span class="wf-server-state wf-server-stopped" aria-hidden="true" />
				<span class="wf-grow">Server stopped</span>
				<vscode-button appearance="secondary" onClick={props.onStart}>
					<span slot="start" class="codicon codicon-radio-tower" />
					Start Server
				</vscode-button>
			</div>
		);
	}
	const note =
		status.servedPath === undefined
			? 'The server does not serve this workflow: save it, and fix any problem the Problems panel lists.'
			: status.servedPath !== normalized
				? `The server serves the saved file at "${status.servedPath}"; save to serve "${normalized}".`
				: undefined;
	return (
		<>
			<div class="wf-webhook-row wf-webhook-server">
				<span class="wf-server-state wf-server-running" aria-hidden="true" />
				<span class="wf-grow">Server running</span>
			</div>
			{note && <div class="wf-problem">{note}</div>}
		</>
	);
}

function BodyEditor(props: {
	body: string;
	error: string | undefined;
	changed: boolean;
	onChange(text: string | undefined): void;
	onSave(): void;
}) {
	return (
		<div class="wf-field wf-webhook-body">
			<label class="wf-field-label" for="webhook-body">
				Request body (JSON)
			</label>
			<vscode-text-area
				id="webhook-body"
				rows={6}
				resize="vertical"
				value={props.body}
				class={props.error ? 'wf-invalid' : undefined}
				aria-invalid={props.error ? 'true' : undefined}
				onInput={(event) => props.onChange((event.currentTarget as HTMLTextAreaElement).value)}
			/>
			{props.error && (
				<div class="wf-field-error" role="alert">
					{props.error}
				</div>
			)}
			<div class="wf-field-help">
				{props.changed
					? 'Edited here only; the workflow file keeps its sample body.'
					: 'The sample body of the workflow file.'}
			</div>
			<div class="wf-webhook-row">
				<vscode-button
					appearance="secondary"
					disabled={!props.changed || props.error !== undefined}
					onClick={props.onSave}
				>
					Save as sample body
				</vscode-button>
				<vscode-button
					appearance="icon"
					title="Reset to the sample body"
					aria-label="Reset to the sample body"
					disabled={!props.changed}
					onClick={() => props.onChange(undefined)}
				>
					<span class="codicon codicon-discard" />
				</vscode-button>
			</div>
		</div>
	);
}

function TestResult(props: { test: TestRequestState; onOpenRun(runId: string): void }) {
	const { test } = props;
	if (test.phase === 'sending') {
		return <p class="wf-field-help">Waiting for the response…</p>;
	}
	if (test.phase === 'failed') {
		return (
			<div class="wf-problem wf-problem-error" role="alert">
				{test.message}
			</div>
		);
	}
	const { response } = test;
	const family = Math.floor(response.status / 100);
	return (
		<div class="wf-test-result" aria-label="Test response">
			<p class={`wf-test-status wf-test-status-${family}xx`}>
				{response.status} {response.statusText}
				<span class="wf-field-help"> · {response.durationMs} ms</span>
			</p>
			<details class="wf-test-headers">
				<summary>Headers ({response.headers.length})</summary>
				<table>
					{response.headers.map(([name, value]) => (
						<tr key={name}>
							<th>{name}</th>
							<td>{value}</td>
						</tr>
					))}
				</table>
			</details>
			<pre class="wf-test-body">{response.body || '(empty body)'}</pre>
			{response.bodyTruncated && (
				<div class="wf-field-help">The body is longer than the panel shows and was cut.</div>
			)}
			<RunLine test={test} onOpenRun={props.onOpenRun} />
		</div>
	);
}

function RunLine(props: {
	test: Extract<TestRequestState, { phase: 'answered' }>;
	onOpenRun(runId: string): void;
}) {
	const { test } = props;
	if (!test.response.startedRun) {
		return <p class="wf-field-help">The server turned the request away, so no run started.</p>;
	}
	if (test.run) {
		const runId = test.run.id;
		return (
			<div class="wf-webhook-row wf-test-run">
				<span class={`wf-grow wf-status-${test.run.status}`}>
					Run {runId.slice(0, 8)} {test.run.status}
				</span>
				<vscode-button appearance="secondary" onClick={() => props.onOpenRun(runId)}>
					Open run
				</vscode-button>
			</div>
		);
	}
	return <p class="wf-field-help">{test.runMessage ?? 'Waiting for the run to end…'}</p>;
}

/** Returns the sample body of the file, or of the trigger's source, as indented JSON. */
function savedBodyText(view: NodeView): string {
	const params = view.node.params;
	if (params?.sampleBody !== undefined) {
		return JSON.stringify(params.sampleBody, null, 2);
	}
	const sample = view.descriptor ? sampleOutputOf(view.descriptor, params) : undefined;
	const body = (sample as { body?: unknown } | undefined)?.body;
	return JSON.stringify(body ?? {}, null, 2);
}

function jsonError(text: string): string | undefined {
	if (text.trim() === '') {
		return undefined;
	}
	try {
		JSON.parse(text);
		return undefined;
	} catch (error) {
		return `Invalid JSON: ${(error as Error).message}`;
	}
}
