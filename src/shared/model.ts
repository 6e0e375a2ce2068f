/**
 * The workflow model: the shape of a `.workflow.json` file (format version 1) and of the
 * run records the engine produces. Imported by every layer; imports nothing.
 */

/** The only file format version this build reads and writes. */
export const FORMAT_VERSION = 1;

/** File name suffix of workflow files. */
export const WORKFLOW_FILE_SUFFIX = '.workflow.json';

/** Output port of a node that does not branch. */
export const DEFAULT_OUTPUT = 'out';

/** A JSON value as it appears in a workflow file or a run record. */
export type JsonValue =
	string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An object of JSON values, such as a node's `params`. */
export type JsonObject = { [key: string]: JsonValue };

/** Retry policy of a node: attempts in all, and the wait before each retry. */
export interface RetryPolicy {
	/** Attempts in all, the first one included (1 means no retry). */
	maxAttempts: number;
	/** Wait before the first retry, in milliseconds. */
	delayMs?: number;
	/** Factor applied to the wait after each retry (1 keeps it fixed). Defaults to 2. */
	backoffFactor?: number;
}

/** Policy for a node that still fails after its retries. */
export type OnErrorPolicy = 'stop' | 'continue';

/** One step of the graph. */
export interface WorkflowNode {
	/** Stable, readable id (`fetch-user`), unique in the file; connections and expressions use it. */
	id: string;
	/** Action type, such as `core.http` or `trigger.webhook`. */
	type: string;
	/** Display title; the id is shown when it is missing. */
	name?: string;
	/** Free text shown in the configuration panel. */
	notes?: string;
	/** Action inputs; strings may hold `{{ expression }}` templates. */
	params?: JsonObject;
	/** A disabled node is skipped and passes nothing on. */
	disabled?: boolean;
	/** Time limit of one attempt, in milliseconds. */
	timeoutMs?: number;
	retry?: RetryPolicy;
	onError?: OnErrorPolicy;
}

/** A directed edge from one node's output port to another node. */
export interface WorkflowConnection {
	from: string;
	/** Output port of `from`; the default output when missing. */
	output?: string;
	to: string;
}

/** Canvas position of a node, `[x, y]` in integer pixels. */
export type NodePosition = [number, number];

/** A workflow file, format version 1. */
export interface Workflow {
	$schema?: string;
	version: typeof FORMAT_VERSION;
	name: string;
	description?: string;
	nodes: WorkflowNode[];
	connections?: WorkflowConnection[];
	/** Node positions, keyed by node id; kept apart from logic so moves diff on their own. */
	layout?: Record<string, NodePosition>;
}

/** Status of one node in a run. */
export type NodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** Status of a whole run. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Source of a run: by hand, a schedule, a webhook or another workflow. */
export type TriggerKind = 'manual' | 'schedule' | 'webhook' | 'workflow';

/** An error as stored in a run record: plain data, safe to serialise. */
export interface ErrorRecord {
	/** Stable snake_case code, such as `node_timeout` or `http_status`. */
	code: string;
	message: string;
	/** The node the error belongs to, when there is one. */
	nodeId?: string;
	/** Extra facts for the reader, such as an HTTP status. */
	details?: JsonValue;
}

/** One node's part of a run. */
export interface NodeRunRecord {
	status: NodeStatus;
	/** Why the node was skipped: `branch_not_taken`, `disabled`, `no_input` or `run_ended`. */
	skipReason?: string;
	input?: unknown;
	output?: unknown;
	/** Output ports that carried the output on. */
	outputs?: string[];
	error?: ErrorRecord;
	attempts?: number;
	startedAt?: string;
	finishedAt?: string;
	durationMs?: number;
}

/** Response that a `core.respond` node sends back to the webhook caller. */
export interface WebhookResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

/** The record of one run: every node's input, output, error, status and timing. */
export interface RunRecord {
	id: string;
	workflowName: string;
	/** Path of the workflow file, as given to the engine. */
	workflowFile?: string;
	trigger: { kind: TriggerKind; nodeId: string; data: unknown };
	status: RunStatus;
	startedAt: string;
	finishedAt?: string;
	durationMs?: number;
	nodes: Record<string, NodeRunRecord>;
	/** Output of the run: the output of its last node, or of each last node by id. */
	output?: unknown;
	/** The error that ended the run, naming the node. */
	error?: ErrorRecord;
	/** The response a `core.respond` node produced, for webhook runs. */
	response?: WebhookResponse;
}
