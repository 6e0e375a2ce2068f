import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type AccountData, type AccountResolver, howToAddAccount } from '../shared/accounts';
import {
	CancellationError,
	OperationalError,
	UserError,
	WireflowError,
	errorCode,
	errorMessage,
} from '../shared/errors';
import { type Logger, silentLogger } from '../shared/logger';
import {
	DEFAULT_OUTPUT,
	type ErrorRecord,
	type JsonObject,
	type NodeRunRecord,
	type RunRecord,
	type TriggerKind,
	type WebhookResponse,
} from '../shared/model';
import { abortableDelay } from './actions/delay';
import type { ActionContext, ActionResult } from './actions/types';
import type { ExpressionScope } from './expressions';
import { WorkflowFileCache, requirePlan } from './load';
import type { PlannedNode, WorkflowPlan } from './plan';

/** Deepest chain of `core.runWorkflow` calls before a run fails, which stops endless recursion. */
export const MAX_WORKFLOW_DEPTH = 10;

/** Wait before the first retry when a node's retry policy sets none, in milliseconds. */
export const DEFAULT_RETRY_DELAY_MS = 1000;

/** A step of a run, reported while it happens. */
export type RunEvent =
	| { type: 'runStarted'; runId: string; record: RunRecord }
	| { type: 'nodeStarted'; runId: string; nodeId: string; attempt: number }
	| { type: 'nodeFinished'; runId: string; nodeId: string; record: NodeRunRecord }
	| { type: 'runFinished'; runId: string; record: RunRecord };

export interface RunOptions {
	/** Trigger kind and data of the run; the data becomes the trigger node's output. */
	trigger?: { kind: TriggerKind; data?: unknown };
	signal?: AbortSignal;
	logger?: Logger;
	/** Folder that file actions are confined to. Defaults to the workflow file's folder. */
	workspaceRoot?: string;
	runId?: string;
	onEvent?(event: RunEvent): void;
	/** Called once when a `core.respond` node sets the response, before the run ends. */
	onRespond?(response: WebhookResponse): void;
	/** Loads files for `core.runWorkflow`. */
	files?: WorkflowFileCache;
	/** Accounts that integration nodes name; without it, every account is missing. */
	accounts?: AccountResolver;
	/** Current `core.runWorkflow` depth; 0 for a top-level run. */
	depth?: number;
	now?(): Date;
}

/** Per-run state; one instance per run, dropped when the run ends. */
class Run {
	readonly record: RunRecord;
	readonly outputs: Record<string, unknown> = Object.create(null);
	private readonly _controller = new AbortController();
	private readonly _remaining = new Map<PlannedNode, number>();
	private readonly _inputs = new Map<PlannedNode, (unknown | typeof NO_INPUT)[]>();
	private readonly _logger: Logger;
	private readonly _now: () => Date;
	private _inFlight = 0;
	private _done!: () => void;
	private _failure: { error: ErrorRecord; cancelled: boolean } | undefined;

	constructor(
		private readonly _plan: WorkflowPlan,
		private readonly _options: RunOptions,
	) {
		this._logger = _options.logger ?? silentLogger;
		this._now = _options.now ?? (() => new Date());
		const nodes: Record<string, NodeRunRecord> = {};
		for (const node of _plan.nodes) {
			nodes[node.node.id] = { status: 'pending' };
			this._remaining.set(node, node.incoming.length);
		}
		const kind = _options.trigger?.kind ?? 'manual';
		this.record = {
			id: _options.runId ?? randomUUID(),
			workflowName: _plan.workflow.name,
			workflowFile: _plan.filePath,
			trigger: { kind, nodeId: _plan.trigger.node.id, data: this.triggerData() },
			status: 'running',
			startedAt: this._now().toISOString(),
			nodes,
		};
	}

	get signal(): AbortSignal {
		return this._controller.signal;
	}

	async execute(): Promise<RunRecord> {
		const outer = this._options.signal;
		const onAbort = () => this.cancel(new CancellationError('The run was cancelled.'));
		if (outer?.aborted) {
			onAbort();
		}
		outer?.addEventListener('abort', onAbort, { once: true });
		this._logger.info('run started', { runId: this.record.id, workflow: this.record.workflowName });
		this.emit({ type: 'runStarted', runId: this.record.id, record: this.record });
		const finished = new Promise<void>((resolve) => (this._done = resolve));
		if (this._failure) {
			this._done();
		} else {
			this.start(this._plan.trigger, this.record.trigger.data);
		}
		await finished;
		outer?.removeEventListener('abort', onAbort);
		return this.finish();
	}

	/** Trigger data: as given by a webhook or schedule, or shaped by the trigger for a manual run. */
	private triggerData(): unknown {
		const { kind, data } = this._options.trigger ?? { kind: 'manual' };
		const { action, node } = this._plan.trigger;
		const params = node.params ?? {};
		const given =
			(kind === 'manual' || data === undefined) && action.triggerData
				? action.triggerData(params, data, this._now())
				: (data ?? {});
		return action.prepareTriggerData ? action.prepareTriggerData(params, given) : given;
	}

	private emit(event: RunEvent): void {
		if (this._options.onEvent) {
			this._options.onEvent(event);
		}
	}

	/** Stops the run: running nodes see their signal abort, waiting nodes never start. */
	private cancel(reason: WireflowError, nodeId?: string): void {
		if (this._failure) {
			return;
		}
		this._failure = {
			error: { code: reason.code, message: reason.message, nodeId, details: detailsOf(reason) },
			cancelled: reason instanceof CancellationError,
		};
		this._controller.abort(reason);
	}

	private start(planned: PlannedNode, input: unknown): void {
		this._inFlight++;
		this.runNode(planned, input).then(
			() => this.settle(),
			(error) => {
				this._logger.error('node crashed', {
					runId: this.record.id,
					nodeId: planned.node.id,
					error: errorMessage(error),
				});
				this.cancel(new OperationalError('internal_error', errorMessage(error)), planned.node.id);
				this.settle();
			},
		);
	}

	private settle(): void {
		this._inFlight--;
		if (this._inFlight === 0) {
			this._done();
		}
	}

	private async runNode(planned: PlannedNode, input: unknown): Promise<void> {
		const id = planned.node.id;
		const nodeRecord = this.record.nodes[id];
		if (this._failure) {
			return;
		}
		if (planned.node.disabled) {
			this.skip(planned, 'disabled');
			return;
		}
		nodeRecord.status = 'running';
		// The trigger's input is the trigger data, which the record already contains once.
		if (planned !== this._plan.trigger) {
			nodeRecord.input = input;
		}
		const started = this._now();
		nodeRecord.startedAt = started.toISOString();
		this._logger.trace('node started', { runId: this.record.id, nodeId: id });
		const outcome = await this.attemptAll(planned, input, nodeRecord);
		const finished = this._now();
		nodeRecord.finishedAt = finished.toISOString();
		nodeRecord.durationMs = finished.getTime() - started.getTime();
		const next =
			'result' in outcome
				? this.succeed(planned, nodeRecord, outcome.result)
				: this.fail(planned, nodeRecord, outcome.error);
		this.emit({ type: 'nodeFinished', runId: this.record.id, nodeId: id, record: nodeRecord });
		if (next) {
			this.propagate(planned, next.ports, next.output);
		}
	}

	/** Records a success; returns what to pass on. */
	private succeed(planned: PlannedNode, nodeRecord: NodeRunRecord, result: ActionResult): Outgoing {
		const ports =
			result.outputs ?? (planned.ports.length > 0 ? [planned.ports[0]] : [DEFAULT_OUTPUT]);
		nodeRecord.status = 'succeeded';
		nodeRecord.output = result.output;
		nodeRecord.outputs = ports;
		this.outputs[planned.node.id] = result.output;
		return { ports, output: result.output };
	}

	/** Records a failure and stops the run, unless the node continues on error. */
	private fail(
		planned: PlannedNode,
		nodeRecord: NodeRunRecord,
		error: unknown,
	): Outgoing | undefined {
		const id = planned.node.id;
		const cancelled = this._failure !== undefined || error instanceof CancellationError;
		const record: ErrorRecord = {
			code: errorCode(error),
			message: errorMessage(error),
			nodeId: id,
			details: detailsOf(error),
		};
		nodeRecord.error = record;
		if (cancelled) {
			nodeRecord.status = 'cancelled';
			this.cancel(error instanceof WireflowError ? error : new CancellationError(), id);
			return undefined;
		}
		nodeRecord.status = 'failed';
		this._logger.warn('node failed', {
			runId: this.record.id,
			nodeId: id,
			code: record.code,
			error: record.message,
		});
		if (planned.node.onError === 'continue') {
			const output = { error: record };
			this.outputs[id] = output;
			nodeRecord.output = output;
			return { ports: [planned.ports[0] ?? DEFAULT_OUTPUT], output };
		}
		this.cancel(
			error instanceof WireflowError ? error : new OperationalError(record.code, record.message),
			id,
		);
		return undefined;
	}

	private skip(planned: PlannedNode, reason: string): void {
		const nodeRecord = this.record.nodes[planned.node.id];
		nodeRecord.status = 'skipped';
		nodeRecord.skipReason = reason;
		this.emit({
			type: 'nodeFinished',
			runId: this.record.id,
			nodeId: planned.node.id,
			record: nodeRecord,
		});
		this.propagate(planned, [], undefined);
	}

	/** Marks each outgoing edge active or not; a target runs once all its edges are settled. */
	private propagate(planned: PlannedNode, ports: readonly string[], output: unknown): void {
		for (const [port, targets] of planned.outgoing) {
			const active = ports.includes(port);
			for (const target of targets) {
				this.deliver(target.node, target.slot, active, output);
			}
		}
	}

	private deliver(target: PlannedNode, slot: number, active: boolean, output: unknown): void {
		let inputs = this._inputs.get(target);
		if (!inputs) {
			inputs = new Array(target.incoming.length).fill(NO_INPUT);
			this._inputs.set(target, inputs);
		}
		if (active) {
			inputs[slot] = output;
		}
		const remaining = (this._remaining.get(target) ?? 0) - 1;
		this._remaining.set(target, remaining);
		if (remaining > 0) {
			return;
		}
		this._inputs.delete(target);
		const received = inputs.filter((value) => value !== NO_INPUT);
		if (received.length === 0) {
			this.skip(target, 'branch_not_taken');
			return;
		}
		this.start(target, received.length === 1 ? received[0] : received);
	}

	/** Runs every attempt a node's retry policy allows; returns the result or the last error. */
	private async attemptAll(
		planned: PlannedNode,
		input: unknown,
		nodeRecord: NodeRunRecord,
	): Promise<{ result: ActionResult } | { error: unknown }> {
		const retry = planned.node.retry;
		const maxAttempts = Math.max(1, retry?.maxAttempts ?? 1);
		let delay = retry?.delayMs ?? DEFAULT_RETRY_DELAY_MS;
		let lastError: unknown;
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			nodeRecord.attempts = attempt;
			if (this._options.onEvent) {
				this.emit({ type: 'nodeStarted', runId: this.record.id, nodeId: planned.node.id, attempt });
			}
			try {
				return { result: await this.attempt(planned, input) };
			} catch (error) {
				lastError = error;
				if (this._failure || error instanceof CancellationError || attempt === maxAttempts) {
					break;
				}
				this._logger.warn('node attempt failed, retrying', {
					runId: this.record.id,
					nodeId: planned.node.id,
					attempt,
					error: errorMessage(error),
				});
				try {
					await abortableDelay(delay, this.signal);
				} catch (abort) {
					lastError = abort;
					break;
				}
				delay *= retry?.backoffFactor ?? 2;
			}
		}
		return { error: lastError };
	}

	private async attempt(planned: PlannedNode, input: unknown): Promise<ActionResult> {
		const timeoutMs = planned.node.timeoutMs;
		if (timeoutMs === undefined) {
			return this.invoke(planned, input, this.signal);
		}
		const controller = new AbortController();
		const timeoutError = new OperationalError(
			'node_timeout',
			`Node "${planned.node.id}" timed out after ${timeoutMs} ms.`,
		);
		const onRunAbort = () => controller.abort(this.signal.reason);
		this.signal.addEventListener('abort', onRunAbort, { once: true });
		let timer: NodeJS.Timeout | undefined;
		const expired = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				controller.abort(timeoutError);
				reject(timeoutError);
			}, timeoutMs);
		});
		try {
			// The race ends the attempt on time even when an action ignores its signal.
			return await Promise.race([this.invoke(planned, input, controller.signal), expired]);
		} finally {
			clearTimeout(timer);
			this.signal.removeEventListener('abort', onRunAbort);
		}
	}

	private async invoke(
		planned: PlannedNode,
		input: unknown,
		signal: AbortSignal,
	): Promise<ActionResult> {
		const scope: ExpressionScope = {
			trigger: this.record.trigger.data,
			input,
			nodes: this.outputs,
		};
		const params = await this.resolveParams(planned, scope);
		if (signal.aborted) {
			throw signal.reason;
		}
		const context: ActionContext = {
			nodeId: planned.node.id,
			params,
			rawParams: (planned.node.params ?? {}) as JsonObject,
			input,
			trigger: scope.trigger,
			nodes: this.outputs,
			signal,
			logger: this._logger,
			workspaceRoot: this.workspaceRoot(),
			baseDir: this.baseDir(),
			evaluateParam: (name, extra) => this.evaluateLazy(planned, name, { ...scope, extra }),
			runWorkflow: (file, childInput) => this.runChild(file, childInput, signal),
			respond: (response) => this.respond(response),
			getAccount: (name) => this.account(name),
		};
		return planned.action.run(context);
	}

	private async resolveParams(
		planned: PlannedNode,
		scope: ExpressionScope,
	): Promise<Record<string, unknown>> {
		const params: Record<string, unknown> = { ...planned.literals };
		const lazy = planned.action.lazyParams;
		for (const [name, template] of planned.params) {
			if (lazy && lazy.includes(name)) {
				continue;
			}
			try {
				params[name] = template.isConstant ? template.constant : await template.evaluate(scope);
			} catch (error) {
				throw new UserError(
					'expression_failed',
					`Node "${planned.node.id}", field "${name}": ${errorMessage(error)}`,
				);
			}
		}
		return params;
	}

	private async evaluateLazy(
		planned: PlannedNode,
		name: string,
		scope: ExpressionScope,
	): Promise<unknown> {
		const template = planned.params.get(name);
		if (!template) {
			return undefined;
		}
		try {
			return await template.evaluate(scope);
		} catch (error) {
			throw new UserError(
				'expression_failed',
				`Node "${planned.node.id}", field "${name}": ${errorMessage(error)}`,
			);
		}
	}

	private async account(name: string): Promise<AccountData> {
		const account = await this._options.accounts?.get(name);
		if (!account) {
			throw new UserError(
				'account_missing',
				`No account named "${name}" on this machine. ${howToAddAccount(name)}`,
				{ account: name },
			);
		}
		return account;
	}

	private respond(response: WebhookResponse): void {
		if (this.record.response) {
			throw new UserError(
				'already_responded',
				'The run has already sent its webhook response; a run responds once.',
			);
		}
		this.record.response = response;
		this._options.onRespond?.(response);
	}

	private baseDir(): string {
		return this._plan.filePath ? path.dirname(path.resolve(this._plan.filePath)) : process.cwd();
	}

	private workspaceRoot(): string {
		return this._options.workspaceRoot ?? this.baseDir();
	}

	private async runChild(file: string, input: unknown, signal: AbortSignal): Promise<RunRecord> {
		const depth = (this._options.depth ?? 0) + 1;
		if (depth > MAX_WORKFLOW_DEPTH) {
			throw new UserError(
				'workflow_depth',
				`Workflows call each other more than ${MAX_WORKFLOW_DEPTH} levels deep; check for a workflow that calls itself.`,
			);
		}
		const target = path.resolve(this.baseDir(), file);
		const relative = path.relative(path.resolve(this.workspaceRoot()), target);
		if (relative.startsWith('..') || path.isAbsolute(relative)) {
			throw new UserError(
				'path_outside_workspace',
				`The workflow "${file}" is outside the workspace ${this.workspaceRoot()}.`,
			);
		}
		const files = this._options.files ?? new WorkflowFileCache();
		const plan = requirePlan(await files.load(target));
		return runWorkflow(plan, {
			...this._options,
			trigger: { kind: 'workflow', data: input },
			signal,
			runId: undefined,
			onRespond: undefined,
			onEvent: undefined,
			files,
			depth,
		});
	}

	private finish(): RunRecord {
		const record = this.record;
		const finished = this._now();
		record.finishedAt = finished.toISOString();
		record.durationMs = finished.getTime() - new Date(record.startedAt).getTime();
		for (const nodeRecord of Object.values(record.nodes)) {
			if (nodeRecord.status === 'pending') {
				nodeRecord.status = 'skipped';
				nodeRecord.skipReason = 'run_ended';
			}
		}
		if (this._failure) {
			record.status = this._failure.cancelled ? 'cancelled' : 'failed';
			record.error = this._failure.error;
		} else {
			record.status = 'succeeded';
			record.output = this.runOutput();
		}
		this._logger.info('run finished', {
			runId: record.id,
			status: record.status,
			durationMs: record.durationMs,
		});
		this.emit({ type: 'runFinished', runId: record.id, record });
		return record;
	}

	private runOutput(): unknown {
		const finished = this._plan.sinks.filter(
			(node) => this.record.nodes[node.node.id].status === 'succeeded',
		);
		if (finished.length === 1) {
			return this.outputs[finished[0].node.id];
		}
		const output: Record<string, unknown> = {};
		for (const node of finished) {
			output[node.node.id] = this.outputs[node.node.id];
		}
		return output;
	}
}

const NO_INPUT = Symbol('no input');

/** Output of a finished node and the ports that carry it on. */
interface Outgoing {
	ports: readonly string[];
	output: unknown;
}

function detailsOf(error: unknown): ErrorRecord['details'] {
	if (error instanceof WireflowError && error.details) {
		return JSON.parse(JSON.stringify(error.details));
	}
	return undefined;
}

/**
 * Runs a planned workflow to the end and returns its record. A failing node does not make it
 * throw, because the record names the node that failed, the error, and what ran before it.
 */
export function runWorkflow(plan: WorkflowPlan, options: RunOptions = {}): Promise<RunRecord> {
	return new Run(plan, options).execute();
}
