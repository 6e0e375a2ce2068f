import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask, type TaskContext } from 'node-cron';
import { WorkflowFileCache, type WorkflowPlan, runWorkflow } from '../engine';
import type { AccountResolver } from '../shared/accounts';
import { UserError, errorCode, errorMessage } from '../shared/errors';
import { type Logger, silentLogger } from '../shared/logger';
import { settleWithin } from './settleWithin';
import type { RunRecord } from '../shared/model';

/** Wait for runs in flight when stopping before they are cancelled, in milliseconds. */
const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export interface SchedulerOptions {
	logger?: Logger;
	/** Clock for run records; defaults to the system clock. */
	now?(): Date;
	/** Wait for runs in flight when stopping before they are cancelled, in ms. Defaults to 10 s. */
	stopTimeoutMs?: number;
	/** Called once for every scheduled run when it ends, successful or not, to record it. */
	onRun?(record: RunRecord, schedule: Schedule): void;
	/** Accounts that integration nodes of the runs name. */
	accounts?: AccountResolver;
}

/** A workflow on a cron schedule. */
export interface Schedule {
	readonly file: string;
	readonly plan: WorkflowPlan;
	readonly cron: string;
	/** IANA time zone; the machine's when unset. */
	readonly timezone?: string;
	/** Folder that file actions of its runs are confined to; the workflow's folder when unset. */
	readonly workspaceRoot?: string;
}

interface ScheduleState extends Schedule {
	readonly task: ScheduledTask;
	/** The run started by the last tick, while it is still going. */
	running?: Promise<void>;
}

/**
 * Runs workflows whose trigger is `trigger.schedule` on their cron expression and time zone,
 * with node-cron. A tick that comes while the previous run of the same workflow is still
 * going is skipped and logged, so a run never overlaps itself.
 */
export class Scheduler {
	private readonly _schedules = new Map<string, ScheduleState>();
	private readonly _logger: Logger;
	private readonly _files = new WorkflowFileCache();
	private _cancel = new AbortController();

	constructor(private readonly _options: SchedulerOptions = {}) {
		this._logger = _options.logger ?? silentLogger;
	}

	/**
	 * Schedules a workflow, or reschedules it when the file is already scheduled. Throws a
	 * UserError when its trigger is not a schedule or its cron expression is invalid.
	 */
	add(file: string, plan: WorkflowPlan, options: { workspaceRoot?: string } = {}): Schedule {
		const { expression, timezone } = scheduleParams(file, plan);
		this.remove(file);
		const state: ScheduleState = {
			file,
			plan,
			cron: expression,
			timezone,
			workspaceRoot: options.workspaceRoot,
			task: cron.createTask(expression, (context) => this.tick(file, context), {
				timezone,
				name: file,
				logger: this.cronLogger(file),
			}),
		};
		this._schedules.set(file, state);
		void state.task.start();
		this._logger.info('schedule added', { file, cron: expression, timezone: timezone ?? null });
		return publicView(state);
	}

	/** Stops a workflow's schedule; a run in flight goes on. Returns false when none existed. */
	remove(file: string): boolean {
		const state = this._schedules.get(file);
		if (!state) {
			return false;
		}
		this._schedules.delete(file);
		void state.task.destroy();
		this._logger.info('schedule removed', { file });
		return true;
	}

	/** Returns the schedule of a workflow file. */
	get(file: string): Schedule | undefined {
		const state = this._schedules.get(file);
		return state ? publicView(state) : undefined;
	}

	/** Returns every schedule, in the order they were added. */
	list(): Schedule[] {
		return [...this._schedules.values()].map(publicView);
	}

	/** Returns whether a run of the workflow is in flight. */
	isRunning(file: string): boolean {
		return this._schedules.get(file)?.running !== undefined;
	}

	/**
	 * Returns the next `count` fire times of a scheduled workflow, in its time zone, as node-cron
	 * computes them, so they match the ticks it will make. Empty when the file is not scheduled.
	 * NOTE: node-cron counts from the system clock; the injected `now` does not move them.
	 */
	nextRuns(file: string, count: number): Date[] {
		const state = this._schedules.get(file);
		return state ? state.task.getNextRuns(count) : [];
	}

	/**
	 * Stops every schedule, waits up to `stopTimeoutMs` for runs in flight, then cancels the
	 * rest and waits for them to be recorded.
	 */
	async stop(): Promise<void> {
		const running = [...this._schedules.values()]
			.map((state) => state.running)
			.filter((run): run is Promise<void> => run !== undefined);
		for (const file of [...this._schedules.keys()]) {
			this.remove(file);
		}
		const waitMs = this._options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
		if (!(await settleWithin(running, waitMs))) {
			this._logger.warn('scheduled runs still going at stop, cancelling them', {
				runs: running.length,
			});
			this._cancel.abort();
			await settleWithin(running, waitMs);
		}
		this._cancel = new AbortController();
	}

	private tick(file: string, context: TaskContext): void {
		const state = this._schedules.get(file);
		if (!state) {
			return;
		}
		if (state.running) {
			this._logger.info('schedule tick skipped, previous run still going', {
				file,
				firedAt: context.date.toISOString(),
			});
			return;
		}
		this._logger.debug('schedule tick', { file, firedAt: context.date.toISOString() });
		const runId = randomUUID();
		const run = runWorkflow(state.plan, {
			runId,
			trigger: {
				kind: 'schedule',
				data: {
					firedAt: context.date.toISOString(),
					cron: state.cron,
					timezone: state.timezone ?? null,
				},
			},
			signal: this._cancel.signal,
			logger: this._logger,
			workspaceRoot: state.workspaceRoot,
			files: this._files,
			accounts: this._options.accounts,
			now: this._options.now,
		});
		state.running = run
			.catch((error) => crashedRecord(state, runId, error, this._options.now?.() ?? new Date()))
			.then((record) => {
				state.running = undefined;
				this.record(record, state);
			});
	}

	private record(record: RunRecord, state: ScheduleState): void {
		try {
			this._options.onRun?.(record, publicView(state));
		} catch (error) {
			this._logger.error('run hook failed', { runId: record.id, error: errorMessage(error) });
		}
	}

	/** Routes node-cron's own messages (missed ticks, task errors) to the injected logger. */
	private cronLogger(file: string) {
		const logger = this._logger;
		const text = (message: string | Error) =>
			message instanceof Error ? message.message : message;
		return {
			info: (message: string) => logger.debug(message, { file }),
			warn: (message: string) => logger.warn(message, { file }),
			error: (message: string | Error) => logger.error(text(message), { file }),
			debug: (message: string | Error) => logger.debug(text(message), { file }),
		};
	}
}

function scheduleParams(
	file: string,
	plan: WorkflowPlan,
): { expression: string; timezone?: string } {
	const trigger = plan.trigger.node;
	if (trigger.type !== 'trigger.schedule') {
		throw new UserError(
			'not_a_schedule',
			`${file} starts with a ${trigger.type} node, not trigger.schedule, so it has no schedule.`,
		);
	}
	const expression = String(trigger.params?.cron ?? '');
	if (!cron.validate(expression)) {
		throw new UserError(
			'invalid_cron',
			`Invalid cron expression "${expression}" in ${file}. Use five fields (minute hour day month weekday) or six with seconds first.`,
		);
	}
	const timezone = trigger.params?.timezone;
	return { expression, timezone: typeof timezone === 'string' ? timezone : undefined };
}

function publicView(state: ScheduleState): Schedule {
	const { file, plan, cron: expression, timezone, workspaceRoot } = state;
	return { file, plan, cron: expression, timezone, workspaceRoot };
}

/** Builds a failed record for a run whose engine call threw, which `runWorkflow` never should. */
function crashedRecord(state: ScheduleState, runId: string, error: unknown, now: Date): RunRecord {
	return {
		id: runId,
		workflowName: state.plan.workflow.name,
		workflowFile: state.plan.filePath ?? state.file,
		trigger: { kind: 'schedule', nodeId: state.plan.trigger.node.id, data: {} },
		status: 'failed',
		startedAt: now.toISOString(),
		finishedAt: now.toISOString(),
		nodes: {},
		error: { code: errorCode(error), message: errorMessage(error) },
	};
}
