import assert from 'node:assert/strict';
import path from 'node:path';
import { loadWorkflowFile, requirePlan } from '../../../src/engine';
import { UserError } from '../../../src/shared/errors';
import type { Logger } from '../../../src/shared/logger';
import type { RunRecord } from '../../../src/shared/model';
import { Scheduler } from '../../../src/triggers/scheduler';

const FIXTURES = path.resolve(__dirname, '../../fixtures/triggers');

function fixture(name: string): string {
	return path.join(FIXTURES, `${name}.workflow.json`);
}

async function planOf(name: string) {
	return requirePlan(await loadWorkflowFile(fixture(name)));
}

function recordingLogger(): Logger & { messages: string[] } {
	const messages: string[] = [];
	const push = (message: string) => messages.push(message);
	return { messages, trace: push, debug: push, info: push, warn: push, error: push };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Formats an instant as `HH:MM:SS` and a weekday in a time zone. */
function localTime(date: Date, timeZone: string): { time: string; weekday: string } {
	const format = (options: Intl.DateTimeFormatOptions) =>
		new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(date);
	return {
		time: format({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
		weekday: format({ weekday: 'short' }),
	};
}

describe('Scheduler', () => {
	let scheduler: Scheduler;
	let runs: RunRecord[];
	let logger: ReturnType<typeof recordingLogger>;

	beforeEach(() => {
		runs = [];
		logger = recordingLogger();
		scheduler = new Scheduler({ logger, onRun: (record) => runs.push(record), stopTimeoutMs: 50 });
	});

	afterEach(async () => {
		await scheduler.stop();
	});

	describe('#add', () => {
		it('runs a workflow on every tick of its cron', async function () {
			this.timeout(6000);
			scheduler.add(fixture('every-second'), await planOf('every-second'));

			await sleep(2600);
			await scheduler.stop();

			assert.ok(runs.length >= 2, `${runs.length} runs in 2.6 s`);
			assert.ok(runs.length <= 4, `${runs.length} runs in 2.6 s`);
			for (const record of runs) {
				assert.equal(record.status, 'succeeded');
				assert.equal(record.trigger.kind, 'schedule');
				const data = record.trigger.data as { firedAt: string; cron: string };
				assert.equal(data.cron, '* * * * * *');
				assert.deepEqual(record.output, { firedAt: data.firedAt });
			}
			const fired = runs.map((record) => (record.trigger.data as { firedAt: string }).firedAt);
			assert.equal(new Set(fired).size, fired.length);
		});

		it('skips ticks while the previous run is still going', async function () {
			this.timeout(6000);
			scheduler.add(fixture('every-second-slow'), await planOf('every-second-slow'));

			// The first tick comes within 1 s and its run lasts 2.5 s, so at 2.2 s it is still
			// going and the tick after it has been skipped.
			await sleep(2200);
			const runningBeforeStop = scheduler.isRunning(fixture('every-second-slow'));
			await scheduler.stop();

			assert.equal(runningBeforeStop, true);
			const skipped = logger.messages.filter(
				(message) => message === 'schedule tick skipped, previous run still going',
			);
			assert.ok(skipped.length >= 1, `${skipped.length} ticks skipped`);
			assert.equal(runs.length, 1);
			assert.equal(runs[0].status, 'cancelled');
		});

		it('replaces the schedule of a file added again', async () => {
			const plan = await planOf('tokyo-morning');

			scheduler.add(fixture('tokyo-morning'), plan);
			scheduler.add(fixture('tokyo-morning'), plan);

			assert.equal(scheduler.list().length, 1);
		});

		it('rejects a workflow without a schedule trigger', async () => {
			const plan = await planOf('echo');

			assert.throws(
				() => scheduler.add(fixture('echo'), plan),
				(error: unknown) => error instanceof UserError && error.code === 'not_a_schedule',
			);
		});
	});

	describe('#remove', () => {
		it('stops the ticks of a removed workflow', async function () {
			this.timeout(4000);
			scheduler.add(fixture('every-second'), await planOf('every-second'));

			const removed = scheduler.remove(fixture('every-second'));
			await sleep(1300);

			assert.equal(removed, true);
			assert.equal(runs.length, 0);
			assert.equal(scheduler.remove(fixture('every-second')), false);
		});
	});

	describe('#nextRuns', () => {
		it('computes fire times in the schedule time zone', async () => {
			scheduler.add(fixture('tokyo-morning'), await planOf('tokyo-morning'));

			const next = scheduler.nextRuns(fixture('tokyo-morning'), 3);

			assert.equal(next.length, 3);
			for (const date of next) {
				assert.equal(localTime(date, 'Asia/Tokyo').time, '09:00:00');
				// Japan has no daylight saving time, so 09:00 there is always 00:00 UTC.
				assert.equal(date.getUTCHours(), 0);
			}
			assert.equal(next[1].getTime() - next[0].getTime(), 24 * 3600 * 1000);
			assert.ok(next[0].getTime() > Date.now());
			assert.ok(next[0].getTime() <= Date.now() + 24 * 3600 * 1000);
		});

		it('follows weekdays and daylight saving time of the zone', async () => {
			scheduler.add(fixture('new-york-weekdays'), await planOf('new-york-weekdays'));

			const next = scheduler.nextRuns(fixture('new-york-weekdays'), 10);

			assert.equal(next.length, 10);
			for (const date of next) {
				const local = localTime(date, 'America/New_York');
				assert.equal(local.time, '08:30:00');
				assert.ok(!['Sat', 'Sun'].includes(local.weekday), `fires on ${local.weekday}`);
				// 08:30 in New York is 12:30 UTC in summer time and 13:30 UTC in winter time.
				assert.ok([12, 13].includes(date.getUTCHours()), `UTC hour ${date.getUTCHours()}`);
			}
		});

		it('returns nothing for a file that is not scheduled', () => {
			assert.deepEqual(scheduler.nextRuns(fixture('tokyo-morning'), 3), []);
		});
	});
});
