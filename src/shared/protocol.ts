/**
 * Messages between the workflow editor's webview and the extension host. Each direction is a
 * union discriminated on `type`. A request carries a `requestId` and the host responds to it with a
 * `reply` that echoes the id. Imported by both sides; imports only the model.
 */
import type { ActionDescriptor } from './actions';
import type {
	JsonValue,
	NodePosition,
	RunRecord,
	RunStatus,
	Workflow,
	WorkflowConnection,
} from './model';
import type { Problem } from './problems';

/** State of the text document as the canvas shows it: a workflow, or the reason there is none. */
export type DocumentState =
	| {
			kind: 'valid';
			workflow: Workflow;
			/** Graph, schema-adjacent and expression problems; the canvas still renders. */
			problems: Problem[];
	  }
	| {
			kind: 'invalid';
			/** `syntax` when the text is not JSON, `schema` when it is JSON but not a workflow. */
			reason: 'syntax' | 'schema';
			problems: Problem[];
	  };

/** A node field the configuration panel edits directly, besides `params`. */
export type NodeField = 'name' | 'notes' | 'disabled';

/** A canvas gesture, expressed as a change of the workflow; the host turns it into a text edit. */
export type WorkflowEdit =
	| {
			kind: 'addNode';
			actionType: string;
			position: NodePosition;
			/** Connects this output of an existing node to the new node. */
			connectFrom?: { nodeId: string; output?: string };
	  }
	| { kind: 'moveNodes'; positions: Record<string, NodePosition> }
	| { kind: 'connect'; connection: WorkflowConnection }
	| { kind: 'delete'; nodeIds: string[]; connections: WorkflowConnection[] }
	| { kind: 'renameNode'; nodeId: string; newId: string }
	| { kind: 'setNodeField'; nodeId: string; field: NodeField; value: string | boolean | undefined }
	| {
			/**
			 * Changes an integration node to another operation of the same integration: sets `type`
			 * and keeps the params the new operation's input schema also has.
			 */
			kind: 'changeOperation';
			nodeId: string;
			actionType: string;
	  }
	| {
			kind: 'setParam';
			nodeId: string;
			/** Path inside `params`; an empty path replaces `params` as a whole. */
			path: (string | number)[];
			/** The new value; undefined removes the param. */
			value: JsonValue | undefined;
	  };

/** View state the webview keeps with `setState`, so a hidden or reloaded canvas comes back as it was. */
export interface ViewState {
	zoom: number;
	panX: number;
	panY: number;
	selection: string[];
}

/** State of the local webhook server as the trigger panel shows it, without any key's value. */
export interface WebhookStatus {
	/** False until the extension's webhook service is connected to the editor. */
	available: boolean;
	running: boolean;
	/** Base URL of the webhooks, such as `http://127.0.0.1:8787/webhook/`. */
	baseUrl: string;
	/** Path the running server serves this file at; undefined while it does not serve it. */
	servedPath?: string;
	/** Names of the API keys; their values stay in the extension host. */
	keyNames: string[];
}

/** Clipboard format of "Copy URL", "Copy as curl" and "Copy with key". */
export type WebhookCopyFormat = 'url' | 'curl' | 'curlWithKey';

/** Response of the local webhook server to a test request, as the panel shows it. */
export interface WebhookTestResponse {
	method: string;
	/** The URL the request went to; the API key travelled in a header, not in the URL. */
	url: string;
	status: number;
	statusText: string;
	/** Response headers as name and value pairs, in the order received. */
	headers: [string, string][];
	/** Response body as text, indented when it is JSON. */
	body: string;
	/** True when the body was longer than the panel shows and was cut. */
	bodyTruncated: boolean;
	durationMs: number;
	/** False when the server turned the request away before starting a run, such as with 401. */
	startedRun: boolean;
	/** Run id from a 202 response; workflows with a respond node reply without one. */
	runId?: string;
}

/** Account names of one integration, for the account picker of its nodes. */
export interface IntegrationAccounts {
	/** False until the extension's account store is connected to the editor. */
	available: boolean;
	/** Account names by integration id, such as `{ slack: ['team-slack'] }`. */
	byIntegration: Record<string, string[]>;
}

/** Messages the webview posts to the host. */
export type WebviewMessage =
	| { type: 'ready' }
	| { type: 'edit'; requestId: number; edit: WorkflowEdit }
	| { type: 'copy'; requestId: number; nodeIds: string[]; cut: boolean }
	| { type: 'paste'; requestId: number; position?: NodePosition }
	| {
			type: 'copyWebhook';
			requestId: number;
			format: WebhookCopyFormat;
			/** API key for `curlWithKey`; the host reads its value. */
			keyName?: string;
			/** Request body for the curl formats, as JSON text. */
			body?: string;
	  }
	| { type: 'startWebhookServer'; requestId: number }
	| { type: 'createApiKey'; requestId: number }
	| { type: 'addAccount'; requestId: number; integration: string }
	| {
			type: 'sendTestRequest';
			requestId: number;
			keyName: string;
			/** Request body as JSON text; the panel's draft, which may differ from the file. */
			body: string;
	  }
	| { type: 'copyText'; text: string }
	| { type: 'run' }
	| { type: 'validate' }
	| { type: 'openAsText' }
	| { type: 'openRun'; runId: string }
	| { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; meta?: JsonValue };

/** Messages the host posts to the webview. */
export type HostMessage =
	| {
			type: 'init';
			descriptors: ActionDescriptor[];
			document: DocumentState;
			/** Last run of this workflow, when one is known. */
			lastRun?: RunRecord;
	  }
	| { type: 'documentChanged'; document: DocumentState }
	| { type: 'runRecord'; record: RunRecord }
	| { type: 'webhookStatus'; status: WebhookStatus }
	| { type: 'accounts'; accounts: IntegrationAccounts }
	| {
			/** The run a test request started, once it is recorded; `message` explains why there is none. */
			type: 'testRequestRun';
			requestId: number;
			run?: { id: string; status: RunStatus };
			message?: string;
	  }
	| { type: 'reply'; requestId: number; result: RequestResult };

/** A request that failed, with a sentence for the user. */
export type RequestFailure = { ok: false; message: string };

/** Outcome of an edit, a copy or a paste; `nodeIds` names the nodes an edit or a paste added. */
export type EditResult = { ok: true; nodeIds?: string[] } | RequestFailure;

/** The result each request type gets in its reply. */
export interface RequestResults {
	edit: EditResult;
	copy: EditResult;
	paste: EditResult;
	copyWebhook: { ok: true } | RequestFailure;
	startWebhookServer: { ok: true } | RequestFailure;
	/** `keyName` is the created key, or undefined when the user cancelled. */
	createApiKey: { ok: true; keyName?: string } | RequestFailure;
	/** `accountName` is the added account, or undefined when the user cancelled. */
	addAccount: { ok: true; accountName?: string } | RequestFailure;
	sendTestRequest: { ok: true; response: WebhookTestResponse } | RequestFailure;
}

/** Outcome of any request. */
export type RequestResult = RequestResults[keyof RequestResults];

/** Webview messages that expect a reply. */
export type RequestMessage = Extract<WebviewMessage, { requestId: number }>;

/** Format marker of node clipboard text, so a paste can tell it from other JSON. */
export const CLIPBOARD_FORMAT = 'wireflow/nodes';

/** Clipboard content of copied nodes: plain JSON, so it pastes between files and windows. */
export interface NodeClipboard {
	format: typeof CLIPBOARD_FORMAT;
	nodes: Workflow['nodes'];
	/** Connections between the copied nodes only. */
	connections: WorkflowConnection[];
	layout: Record<string, NodePosition>;
}

/** Throws on a value a union switch did not handle; the compiler rejects a missing case. */
export function assertNever(value: never): never {
	throw new Error(`unhandled message variant: ${JSON.stringify(value)}`);
}
