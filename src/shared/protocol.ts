/**
 * Messages between the workflow editor's webview and the extension host. Each direction is a
 * union discriminated on `type`. A request carries a `requestId` and the host answers it with a
 * `reply` that echoes the id. Imported by both sides; imports only the model.
 */
import type { ActionDescriptor } from './actions';
import type { JsonValue, NodePosition, RunRecord, Workflow, WorkflowConnection } from './model';
import type { Problem } from './problems';

/** What the canvas shows of the text document: a workflow, or the reason there is none. */
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
			kind: 'setParam';
			nodeId: string;
			/** Path inside `params`; an empty path replaces `params` as a whole. */
			path: (string | number)[];
			/** The new value; undefined removes the param. */
			value: JsonValue | undefined;
	  };

/** What the webview keeps with `setState`, so a hidden or reloaded canvas comes back as it was. */
export interface ViewState {
	zoom: number;
	panX: number;
	panY: number;
	selection: string[];
}

/** Messages the webview posts to the host. */
export type WebviewMessage =
	| { type: 'ready' }
	| { type: 'edit'; requestId: number; edit: WorkflowEdit }
	| { type: 'copy'; requestId: number; nodeIds: string[]; cut: boolean }
	| { type: 'paste'; requestId: number; position?: NodePosition }
	| { type: 'copyText'; text: string }
	| { type: 'run' }
	| { type: 'validate' }
	| { type: 'openAsText' }
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
	| { type: 'reply'; requestId: number; result: RequestResult };

/** Outcome of a request; `nodeIds` names the nodes an edit or a paste added. */
export type RequestResult = { ok: true; nodeIds?: string[] } | { ok: false; message: string };

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
