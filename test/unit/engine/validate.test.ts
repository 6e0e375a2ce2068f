import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadWorkflow } from '../../../src/engine';
import type { Problem } from '../../../src/shared/problems';

const fixtures = path.join(__dirname, '../../fixtures/invalid');

function problemsOf(text: string): Problem[] {
	return loadWorkflow(text, 'test.workflow.json').problems;
}

function codes(problems: Problem[]): string[] {
	return problems.map((problem) => problem.code);
}

const validText = `{
  "version": 1,
  "name": "Valid",
  "nodes": [
    { "id": "start", "type": "trigger.manual" },
    { "id": "say", "type": "core.log", "params": { "message": "hello {{ $trigger.who }}" } }
  ],
  "connections": [{ "from": "start", "to": "say" }]
}
`;

describe('validateDocument', () => {
	it('accepts a valid workflow and plans it', () => {
		const loaded = loadWorkflow(validText, 'valid.workflow.json');

		assert.deepEqual(loaded.problems, []);
		assert.ok(loaded.plan);
		assert.equal(loaded.plan.trigger.node.id, 'start');
	});

	it('reports a syntax error at its line and column', () => {
		const text = readFileSync(path.join(fixtures, 'syntax-error.workflow.json'), 'utf8');

		const problems = problemsOf(text);

		assert.equal(problems.length, 1);
		assert.equal(problems[0].code, 'invalid_json');
		assert.equal(problems[0].line, 6);
		assert.equal(problems[0].column, 5);
		assert.match(problems[0].message, /comma is expected/);
	});

	it('reports every problem of a broken file with positions', () => {
		const text = readFileSync(path.join(fixtures, 'many-problems.workflow.json'), 'utf8');

		const problems = problemsOf(text);
		const byCode = new Map(problems.map((problem) => [problem.code, problem]));

		assert.deepEqual([...byCode.keys()].sort(), [
			'bad_expression',
			'duplicate_id',
			'invalid_input',
			'invalid_name',
			'missing_input',
			'unknown_node',
			'unknown_output',
		]);
		assert.deepEqual(
			[byCode.get('invalid_name')?.line, byCode.get('invalid_name')?.column],
			[3, 11],
		);
		assert.deepEqual(
			[byCode.get('duplicate_id')?.line, byCode.get('duplicate_id')?.column],
			[7, 13],
		);
		assert.equal(byCode.get('bad_expression')?.line, 6);
		assert.equal(byCode.get('bad_expression')?.nodeId, 'check');
		assert.match(byCode.get('bad_expression')?.message ?? '', /Node "check", field "condition"/);
		assert.equal(byCode.get('unknown_node')?.line, 13);
		assert.match(byCode.get('unknown_output')?.message ?? '', /"true", "false"/);
	});

	for (const name of ['AWS sync', 'aws', 'Amazon orders', 'amz-report', 'AmZ', '  aws padded']) {
		it(`rejects the reserved name "${name}"`, () => {
			const problems = problemsOf(validText.replace('"Valid"', JSON.stringify(name)));

			assert.deepEqual(codes(problems), ['invalid_name']);
		});
	}

	for (const name of ['Sawston report', 'My AWS sync', 'Amaze']) {
		it(`accepts the name "${name}"`, () => {
			const problems = problemsOf(validText.replace('"Valid"', JSON.stringify(name)));

			assert.deepEqual(codes(problems), []);
		});
	}

	it('leaves another format version unparsed', () => {
		const loaded = loadWorkflow(validText.replace('"version": 1', '"version": 2'));

		assert.equal(loaded.workflow, undefined);
		assert.deepEqual(codes(loaded.problems), ['schema']);
		assert.match(loaded.problems[0].message, /"version" must be 1/);
	});

	it('rejects an empty name', () => {
		const problems = problemsOf(validText.replace('"Valid"', '"   "'));

		assert.deepEqual(codes(problems), ['invalid_name']);
	});

	it('requires exactly one trigger', () => {
		const none = problemsOf(
			validText.replace('"trigger.manual"', '"core.log", "params": { "message": "x" }'),
		);
		const two = problemsOf(
			validText.replace(
				'"core.log", "params": { "message": "hello {{ $trigger.who }}" }',
				'"trigger.manual"',
			),
		);

		assert.ok(codes(none).includes('no_trigger'));
		assert.ok(codes(two).includes('multiple_triggers'));
	});

	it('reports an unknown node type with the node id', () => {
		const problems = problemsOf(validText.replace('"core.log"', '"core.nope"'));

		assert.deepEqual(codes(problems), ['unknown_type']);
		assert.equal(problems[0].nodeId, 'say');
		assert.equal(problems[0].line, 6);
	});

	it('reports a cycle naming its nodes', () => {
		const text = JSON.stringify({
			version: 1,
			name: 'Loop',
			nodes: [
				{ id: 'start', type: 'trigger.manual' },
				{ id: 'a', type: 'core.log', params: { message: 'a' } },
				{ id: 'b', type: 'core.log', params: { message: 'b' } },
			],
			connections: [
				{ from: 'start', to: 'a' },
				{ from: 'a', to: 'b' },
				{ from: 'b', to: 'a' },
			],
		});

		const problems = problemsOf(text);

		assert.deepEqual(codes(problems), ['cycle']);
		assert.match(problems[0].message, /a → b → a/);
	});

	it('rejects unknown top-level keys but keeps x- keys', () => {
		const unknown = problemsOf(
			validText.replace('"version": 1,', '"version": 1, "colour": "red",'),
		);
		const extension = problemsOf(
			validText.replace('"version": 1,', '"version": 1, "x-owner": "ops",'),
		);

		assert.deepEqual(codes(unknown), ['schema']);
		assert.match(unknown[0].message, /Unknown property "colour"/);
		assert.deepEqual(codes(extension), []);
	});

	it('accepts an expression where a number is expected', () => {
		const text = JSON.stringify({
			version: 1,
			name: 'Delay',
			nodes: [
				{ id: 'start', type: 'trigger.manual' },
				{ id: 'wait', type: 'core.delay', params: { ms: '{{ $trigger.ms }}' } },
			],
			connections: [{ from: 'start', to: 'wait' }],
		});

		assert.deepEqual(codes(problemsOf(text)), []);
	});

	it('reports a wrong constant type in params', () => {
		const text = JSON.stringify({
			version: 1,
			name: 'Delay',
			nodes: [
				{ id: 'start', type: 'trigger.manual' },
				{ id: 'wait', type: 'core.delay', params: { ms: 'soon' } },
			],
			connections: [{ from: 'start', to: 'wait' }],
		});

		const problems = problemsOf(text);

		assert.deepEqual(codes(problems), ['invalid_input']);
		assert.match(problems[0].message, /Node "wait": "ms" must be of type integer/);
	});

	it('reports an invalid cron and time zone at their params', () => {
		const text = JSON.stringify(
			{
				version: 1,
				name: 'Cron',
				nodes: [
					{
						id: 'tick',
						type: 'trigger.schedule',
						params: { cron: '61 * * * *', timezone: 'Mars/Olympus' },
					},
				],
			},
			null,
			2,
		);

		const problems = problemsOf(text);

		assert.deepEqual(codes(problems), ['invalid_input', 'invalid_input']);
		assert.match(problems[0].message, /Invalid cron expression "61 \* \* \* \*"/);
		assert.match(problems[1].message, /Unknown time zone "Mars\/Olympus"/);
		assert.equal(problems[0].line, 9);
	});

	it('warns about a node the trigger cannot reach', () => {
		const text = validText.replace(
			'"connections": [{ "from": "start", "to": "say" }]',
			'"connections": []',
		);

		const loaded = loadWorkflow(text);

		assert.deepEqual(codes(loaded.problems), ['unreachable']);
		assert.equal(loaded.problems[0].severity, 'warning');
		assert.ok(loaded.plan, 'warnings do not block a run');
	});

	it('reports a connection into the trigger', () => {
		const text = validText.replace(
			'[{ "from": "start", "to": "say" }]',
			'[{ "from": "start", "to": "say" }, { "from": "say", "to": "start" }]',
		);

		assert.ok(codes(problemsOf(text)).includes('into_trigger'));
	});

	it('reports switch outputs from its rules', () => {
		const text = JSON.stringify({
			version: 1,
			name: 'Switch',
			nodes: [
				{ id: 'start', type: 'trigger.manual' },
				{
					id: 'route',
					type: 'core.switch',
					params: { rules: [{ output: 'big', condition: '{{ size > 10 }}' }] },
				},
				{ id: 'a', type: 'core.log', params: { message: 'a' } },
				{ id: 'b', type: 'core.log', params: { message: 'b' } },
			],
			connections: [
				{ from: 'start', to: 'route' },
				{ from: 'route', output: 'big', to: 'a' },
				{ from: 'route', output: 'small', to: 'b' },
			],
		});

		const problems = problemsOf(text);

		assert.deepEqual(codes(problems), ['unknown_output']);
		assert.match(problems[0].message, /"big", "default"/);
	});
});
