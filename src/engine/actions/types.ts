import type { AccountData } from '../../shared/accounts';
import type { ActionDescriptor } from '../../shared/actions';
import type { Logger } from '../../shared/logger';
import type { JsonObject, RunRecord, WebhookResponse } from '../../shared/model';

/** Context passed to an action when it runs. */
export interface ActionContext {
	/** Id of the node being run. */
	nodeId: string;
	/** Params with every expression evaluated, except the action's lazy params. */
	params: Record<string, unknown>;
	/** Raw params as written in the file, for lazy evaluation. */
	rawParams: JsonObject;
	/** Output of the predecessor, or the list of outputs when there are several. */
	input: unknown;
	/** Output of the trigger node. */
	trigger: unknown;
	/** Outputs of finished nodes by id. */
	nodes: Record<string, unknown>;
	/** Aborted when the run is cancelled or the attempt times out. */
	signal: AbortSignal;
	logger: Logger;
	/** Folder that file actions are confined to. */
	workspaceRoot: string;
	/** Folder of the workflow file; relative paths resolve against it. */
	baseDir: string;
	/** Evaluates a lazy param with extra variables, such as `$item` in `core.forEach`. */
	evaluateParam(name: string, extra: Record<string, unknown>): Promise<unknown>;
	/** Runs another workflow file and returns its record. */
	runWorkflow(file: string, input: unknown): Promise<RunRecord>;
	/**
	 * Returns the account of this name, secrets included. Throws a UserError `account_missing`
	 * naming the account and how to add it when this machine has none by that name.
	 */
	getAccount(name: string): Promise<AccountData>;
	/** Sets the webhook response of the run. */
	respond(response: WebhookResponse): void;
}

/** Result of an action: its output and the ports that carry it on. */
export interface ActionResult {
	output: unknown;
	/** Ports taken; the default output when missing. Branch actions name theirs. */
	outputs?: string[];
}

/** Reports a problem found in a node's params by an action's own check. */
export type ParamProblemReporter = (paramPath: (string | number)[], message: string) => void;

/** An action: its descriptor, the code that runs it, and checks the schema cannot state. */
export interface ActionDefinition extends ActionDescriptor {
	/** Params evaluated by the action itself, per item or per rule, not before it runs. */
	lazyParams?: string[];
	/** Params taken as written, never as `{{ }}` templates, such as JavaScript source. */
	literalParams?: string[];
	run(context: ActionContext): Promise<ActionResult>;
	/**
	 * Trigger data of a run started by hand: the given input shaped as this trigger's output,
	 * or the trigger's sample data when no input is given. Trigger actions only.
	 */
	triggerData?(params: JsonObject, input: unknown, now: Date): unknown;
	/**
	 * Adjusts the trigger data of every run, however it started, before the run sees it as
	 * `$trigger`, such as parsing the JSON text body of an AWS SNS notification. Trigger actions only.
	 */
	prepareTriggerData?(params: JsonObject, data: unknown): unknown;
	/** Extra checks of constant params, such as a cron expression. */
	validate?(params: JsonObject, report: ParamProblemReporter): void;
}
