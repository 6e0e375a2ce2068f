import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	ActionRegistry,
	coreActions,
	loadWorkflow,
	runWorkflow,
	type ActionDefinition,
	type RunEvent,
} from '../../../src/engine';
import { runOf, statuses, workflowOf } from '../../helpers/workflows';

describe('runWorkflow', () => {
	describe('#branching', () => {
		// start ─ check ─true─▶ yes ─┐
		//               └false─▶ no ─┴▶ join
		const branching = () =>
			workflowOf(
				[
					{ id: 'check', type: 'core.if', params: { condition: '{{ $trigger.value > 10 }}' } },
					{ id: 'yes', type: 'core.set', params: { values: { branch: 'big' } } },
					{ id: 'no', type: 'core.set', params: { values: { branch: 'small' } } },
					{ id: 'join', type: 'core.set', params: { values: { seen: '{{ $input.branch }}' } } },
				],
				[
					{ from: 'start', to: 'check' },
					{ from: 'check', output: 'true', to: 'yes' },
					{ from: 'check', output: 'false', to: 'no' },
					{ from: 'yes', to: 'join' },
					{ from: 'no', to: 'join' },
				],
			);

		it('runs the taken branch and skips the other', async () => {
			const record = await runOf(branching(), {
				trigger: { kind: 'manual', data: { value: 50 } },
			});

			assert.equal(record.status, 'succeeded');
			assert.deepEqual(statuses(record), {
				start: 'succeeded',
				check: 'succeeded',
				yes: 'succeeded',
				no: 'skipped',
				join: 'succeeded',
			});
			assert.equal(record.nodes.no.skipReason, 'branch_not_taken');
			assert.deepEqual(record.output, { seen: 'big' });
		});

		it('runs a join once its only active input finished', async () => {
			const record = await runOf(branching(), { trigger: { kind: 'manual', data: { value: 1 } } });

			assert.deepEqual(record.output, { seen: 'small' });
			assert.equal(record.nodes.check.outputs?.[0], 'false');
		});

		it('skips everything downstream of a branch not taken', async () => {
			const workflow = workflowOf(
				[
					{ id: 'check', type: 'core.if', params: { condition: '{{ false }}' } },
					{ id: 'a', type: 'core.log', params: { message: 'a' } },
					{ id: 'b', type: 'core.log', params: { message: 'b' } },
				],
				[
					{ from: 'start', to: 'check' },
					{ from: 'check', output: 'true', to: 'a' },
					{ from: 'a', to: 'b' },
				],
			);

			const record = await runOf(workflow);

			assert.deepEqual(statuses(record), {
				start: 'succeeded',
				check: 'succeeded',
				a: 'skipped',
				b: 'skipped',
			});
		});

		it('takes every matching switch rule when asked', async () => {
			const workflow = workflowOf(
				[
					{
						id: 'route',
						type: 'core.switch',
						params: {
							allMatches: true,
							rules: [
								{ output: 'even', condition: '{{ n % 2 = 0 }}' },
								{ output: 'big', condition: '{{ n > 100 }}' },
							],
						},
					},
					{ id: 'even', type: 'core.set', params: { values: { even: true } } },
					{ id: 'big', type: 'core.set', params: { values: { big: true } } },
					{ id: 'other', type: 'core.set', params: { values: { other: true } } },
				],
				[
					{ from: 'start', to: 'route' },
					{ from: 'route', output: 'even', to: 'even' },
					{ from: 'route', output: 'big', to: 'big' },
					{ from: 'route', output: 'default', to: 'other' },
				],
			);

			const record = await runOf(workflow, { trigger: { kind: 'manual', data: { n: 200 } } });

			assert.deepEqual(statuses(record), {
				start: 'succeeded',
				route: 'succeeded',
				even: 'succeeded',
				big: 'succeeded',
				other: 'skipped',
			});
			assert.deepEqual(record.output, { even: { even: true }, big: { big: true } });
		});
	});

	describe('#merging', () => {
		// start ─┬▶ a ─┐
		//        └▶ b ─┴▶ merge
		const fanIn = (mode: string) =>
			workflowOf(
				[
					{ id: 'a', type: 'core.set', params: { values: { a: [1, 2] } } },
					{ id: 'slow', type: 'core.delay', params: { ms: 30 } },
					{ id: 'b', type: 'core.set', params: { values: { b: [3] } } },
					{ id: 'merge', type: 'core.merge', params: { mode } },
				],
				[
					{ from: 'start', to: 'slow' },
					{ from: 'slow', to: 'a' },
					{ from: 'start', to: 'b' },
					{ from: 'a', to: 'merge' },
					{ from: 'b', to: 'merge' },
				],
			);

		it('waits for every active input and keeps connection order', async () => {
			const record = await runOf(fanIn('list'));

			assert.deepEqual(record.output, [{ a: [1, 2] }, { b: [3] }]);
			assert.ok((record.nodes.merge.startedAt ?? '') >= (record.nodes.a.finishedAt ?? ''));
		});

		it('merges objects in object mode', async () => {
			const record = await runOf(fanIn('object'));

			assert.deepEqual(record.output, { a: [1, 2], b: [3] });
		});

		it('concatenates arrays in concat mode', async () => {
			const workflow = workflowOf(
				[
					{ id: 'x', type: 'core.set', params: { values: { v: 1 } } },
					{
						id: 'xs',
						type: 'core.forEach',
						params: { items: '{{ [1, 2] }}', value: '{{ $item * 10 }}' },
					},
					{
						id: 'ys',
						type: 'core.forEach',
						params: { items: '{{ [3] }}', value: '{{ $item * 10 }}' },
					},
					{ id: 'all', type: 'core.merge', params: { mode: 'concat' } },
				],
				[
					{ from: 'start', to: 'x' },
					{ from: 'x', to: 'xs' },
					{ from: 'x', to: 'ys' },
					{ from: 'xs', to: 'all' },
					{ from: 'ys', to: 'all' },
				],
			);

			const record = await runOf(workflow);

			assert.deepEqual(record.output, [10, 20, 30]);
		});
	});

	describe('#forEach', () => {
		it('maps items with $item and $index and filters', async () => {
			const workflow = workflowOf(
				[
					{
						id: 'map',
						type: 'core.forEach',
						params: {
							items: '{{ $trigger.rows }}',
							filter: '{{ $item.keep }}',
							value: "{{ $string($index) & ':' & $item.name }}",
						},
					},
				],
				[{ from: 'start', to: 'map' }],
			);
			const rows = [
				{ name: 'a', keep: true },
				{ name: 'b', keep: false },
				{ name: 'c', keep: true },
			];

			const record = await runOf(workflow, { trigger: { kind: 'manual', data: { rows } } });

			assert.deepEqual(record.output, ['0:a', '2:c']);
		});

		it('fails with a clear message when items is not an array', async () => {
			const workflow = workflowOf(
				[
					{
						id: 'map',
						type: 'core.forEach',
						params: { items: '{{ $trigger }}', value: '{{ $item }}' },
					},
				],
				[{ from: 'start', to: 'map' }],
			);

			const record = await runOf(workflow, { trigger: { kind: 'manual', data: { a: 1 } } });

			assert.equal(record.status, 'failed');
			assert.equal(record.error?.nodeId, 'map');
			assert.match(record.error?.message ?? '', /"items" must be an array, but it is an object/);
		});
	});

	describe('#errors', () => {
		it('records which node failed, why, and what ran before it', async () => {
			const workflow = workflowOf(
				[
					{ id: 'prepare', type: 'core.set', params: { values: { ok: true } } },
					{ id: 'boom', type: 'core.fail', params: { message: 'Quota exceeded', code: 'quota' } },
					{ id: 'after', type: 'core.log', params: { message: 'never' } },
				],
				[
					{ from: 'start', to: 'prepare' },
					{ from: 'prepare', to: 'boom' },
					{ from: 'prepare', to: 'after' },
				],
			);

			const record = await runOf({ ...workflow, connections: [...(workflow.connections ?? [])] });

			assert.equal(record.status, 'failed');
			assert.deepEqual(record.error, {
				code: 'quota',
				message: 'Quota exceeded',
				nodeId: 'boom',
				details: undefined,
			});
			assert.equal(record.nodes.prepare.status, 'succeeded');
			assert.equal(record.nodes.boom.status, 'failed');
			assert.ok(record.finishedAt);
		});

		it('passes the error on when the node continues on error', async () => {
			const workflow = workflowOf(
				[
					{ id: 'boom', type: 'core.fail', params: { message: 'nope' }, onError: 'continue' },
					{ id: 'wait', type: 'core.delay', params: { ms: 0 } },
					{
						id: 'report',
						type: 'core.set',
						params: { values: { reason: '{{ $nodes.boom.error.message }}' } },
					},
				],
				[
					{ from: 'start', to: 'wait' },
					{ from: 'wait', to: 'report' },
					{ from: 'start', to: 'boom' },
				],
			);

			const record = await runOf(workflow);

			assert.equal(record.status, 'succeeded');
			assert.equal(record.nodes.boom.status, 'failed');
			assert.deepEqual(record.nodes.report.output, { reason: 'nope' });
		});

		it('fails the node whose expression fails at run time', async () => {
			const workflow = workflowOf(
				[{ id: 'calc', type: 'core.set', params: { values: { n: '{{ $number("x1") }}' } } }],
				[{ from: 'start', to: 'calc' }],
			);

			const record = await runOf(workflow);

			assert.equal(record.error?.code, 'expression_failed');
			assert.match(record.error?.message ?? '', /Node "calc", field "values"/);
		});

		it('skips a disabled node and what depends on it alone', async () => {
			const workflow = workflowOf(
				[
					{ id: 'off', type: 'core.log', params: { message: 'x' }, disabled: true },
					{ id: 'next', type: 'core.log', params: { message: 'y' } },
				],
				[
					{ from: 'start', to: 'off' },
					{ from: 'off', to: 'next' },
				],
			);

			const record = await runOf(workflow);

			assert.equal(record.status, 'succeeded');
			assert.equal(record.nodes.off.skipReason, 'disabled');
			assert.equal(record.nodes.next.status, 'skipped');
		});
	});

	describe('#retries and timeouts', () => {
		function flakyRegistry(failures: number) {
			let calls = 0;
			const flaky: ActionDefinition = {
				type: 'test.flaky',
				title: 'Flaky',
				description: 'Fails a given number of times, then succeeds.',
				category: 'Test',
				icon: 'beaker',
				inputs: { type: 'object' },
				outputs: ['out'],
				sampleOutput: null,
				async run() {
					calls++;
					if (calls <= failures) {
						throw new Error(`attempt ${calls} failed`);
					}
					return { output: { calls } };
				},
			};
			const hang: ActionDefinition = {
				...flaky,
				type: 'test.hang',
				run: () => new Promise(() => {}),
			};
			return new ActionRegistry([...coreActions, flaky, hang]);
		}

		function load(registry: ActionRegistry, node: object) {
			const text = JSON.stringify(
				workflowOf([{ id: 'step', type: 'test.flaky', ...node }], [{ from: 'start', to: 'step' }]),
			);
			const loaded = loadWorkflow(text, undefined, registry);
			assert.ok(loaded.plan, JSON.stringify(loaded.problems));
			return loaded.plan;
		}

		it('retries with backoff until an attempt succeeds', async () => {
			const plan = load(flakyRegistry(2), {
				retry: { maxAttempts: 3, delayMs: 5, backoffFactor: 2 },
			});
			const events: RunEvent[] = [];

			const record = await runWorkflow(plan, { onEvent: (event) => events.push(event) });

			assert.equal(record.status, 'succeeded');
			assert.equal(record.nodes.step.attempts, 3);
			assert.deepEqual(record.nodes.step.output, { calls: 3 });
			assert.equal(
				events.filter((event) => event.type === 'nodeStarted' && event.nodeId === 'step').length,
				3,
			);
		});

		it('fails with the last error after the last attempt', async () => {
			const plan = load(flakyRegistry(5), { retry: { maxAttempts: 2, delayMs: 1 } });

			const record = await runWorkflow(plan);

			assert.equal(record.status, 'failed');
			assert.equal(record.nodes.step.attempts, 2);
			assert.equal(record.error?.message, 'attempt 2 failed');
		});

		it('times out an attempt even when the action ignores its signal', async () => {
			const plan = load(flakyRegistry(0), { type: 'test.hang', timeoutMs: 50 });

			const record = await runWorkflow(plan);

			assert.equal(record.status, 'failed');
			assert.equal(record.error?.code, 'node_timeout');
			assert.equal(record.error?.nodeId, 'step');
			assert.match(record.error?.message ?? '', /timed out after 50 ms/);
		});
	});

	describe('#cancellation', () => {
		it('cancels a running node and records the run as cancelled', async () => {
			const workflow = workflowOf(
				[
					{ id: 'first', type: 'core.set', params: { values: { a: 1 } } },
					{ id: 'wait', type: 'core.delay', params: { ms: 60_000 } },
					{ id: 'after', type: 'core.log', params: { message: 'never' } },
				],
				[
					{ from: 'start', to: 'first' },
					{ from: 'first', to: 'wait' },
					{ from: 'wait', to: 'after' },
				],
			);
			const controller = new AbortController();

			const running = runOf(workflow, {
				signal: controller.signal,
				onEvent: (event) =>
					event.type === 'nodeStarted' && event.nodeId === 'wait' && controller.abort(),
			});
			const record = await running;

			assert.equal(record.status, 'cancelled');
			assert.equal(record.error?.code, 'cancelled');
			assert.equal(record.nodes.first.status, 'succeeded');
			assert.equal(record.nodes.wait.status, 'cancelled');
			assert.equal(record.nodes.after.status, 'skipped');
			assert.equal(record.nodes.after.skipReason, 'run_ended');
		});

		it('does not start when the signal is already aborted', async () => {
			const controller = new AbortController();
			controller.abort();

			const record = await runOf(workflowOf([], []), { signal: controller.signal });

			assert.equal(record.status, 'cancelled');
			assert.equal(record.nodes.start.status, 'skipped');
		});
	});

	describe('#respond', () => {
		it('reports the response before the run ends', async () => {
			const workflow = workflowOf(
				[
					{
						id: 'reply',
						type: 'core.respond',
						params: { status: 201, headers: { 'X-Id': '{{ $trigger.id }}' }, body: { ok: true } },
					},
					{ id: 'later', type: 'core.delay', params: { ms: 20 } },
				],
				[
					{ from: 'start', to: 'reply' },
					{ from: 'reply', to: 'later' },
				],
			);
			let respondedWhileRunning = false;
			let pending = true;

			const record = await runOf(workflow, {
				trigger: { kind: 'manual', data: { id: 'abc' } },
				onRespond: () => {
					respondedWhileRunning = pending;
				},
			}).finally(() => (pending = false));

			assert.equal(respondedWhileRunning, true);
			assert.deepEqual(record.response, {
				status: 201,
				headers: { 'x-id': 'abc' },
				body: { ok: true },
			});
		});
	});

	describe('#runWorkflow', () => {
		let folder: string;

		beforeEach(() => {
			folder = mkdtempSync(path.join(tmpdir(), 'wireflow-sub-'));
		});

		afterEach(() => {
			rmSync(folder, { recursive: true, force: true });
		});

		it('runs another file with an input and returns its output', async () => {
			const child = workflowOf(
				[
					{
						id: 'double',
						type: 'core.set',
						params: { values: { doubled: '{{ $trigger.n * 2 }}' } },
					},
				],
				[{ from: 'start', to: 'double' }],
				'Child',
			);
			writeFileSync(path.join(folder, 'child.workflow.json'), JSON.stringify(child));
			const parent = workflowOf(
				[
					{
						id: 'call',
						type: 'core.runWorkflow',
						params: { file: 'child.workflow.json', input: { n: '{{ $trigger.n }}' } },
					},
				],
				[{ from: 'start', to: 'call' }],
			);

			const record = await runOf(parent, {
				workspaceRoot: folder,
				trigger: { kind: 'manual', data: { n: 21 } },
			});

			assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
			assert.deepEqual(record.output, { doubled: 42 });
		});

		it('stops a workflow that calls itself', async () => {
			const selfCalling = workflowOf(
				[{ id: 'again', type: 'core.runWorkflow', params: { file: 'loop.workflow.json' } }],
				[{ from: 'start', to: 'again' }],
				'Loop',
			);
			writeFileSync(path.join(folder, 'loop.workflow.json'), JSON.stringify(selfCalling));

			const record = await runOf(selfCalling, { workspaceRoot: folder });

			assert.equal(record.status, 'failed');
			assert.match(record.error?.message ?? '', /more than 10 levels deep/);
		});

		it('fails when the called file is invalid', async () => {
			writeFileSync(path.join(folder, 'bad.workflow.json'), '{ "version": 1, ');
			const parent = workflowOf(
				[{ id: 'call', type: 'core.runWorkflow', params: { file: 'bad.workflow.json' } }],
				[{ from: 'start', to: 'call' }],
			);

			const record = await runOf(parent, { workspaceRoot: folder });

			assert.equal(record.status, 'failed');
			assert.equal(record.error?.code, 'invalid_workflow');
			assert.match(record.error?.message ?? '', /bad\.workflow\.json:1:/);
		});

		it('rejects a file outside the workspace', async () => {
			const parent = workflowOf(
				[{ id: 'call', type: 'core.runWorkflow', params: { file: '../elsewhere.workflow.json' } }],
				[{ from: 'start', to: 'call' }],
			);

			const record = await runOf(parent, { workspaceRoot: folder });

			assert.equal(record.error?.code, 'path_outside_workspace');
		});
	});
});
