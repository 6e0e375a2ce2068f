import assert from 'node:assert/strict';
import { compileTemplate, isTemplate } from '../../../src/engine';
import { TemplateCompileError } from '../../../src/engine/expressions';

const scope = {
	trigger: { user: { name: 'Ada', tags: ['ops', 'dev'] } },
	input: { count: 3, items: [{ price: 2 }, { price: 5 }] },
	nodes: { 'fetch-user': { body: { id: 42 } } },
};

describe('compileTemplate', () => {
	it('keeps a string without expressions constant', async () => {
		const template = compileTemplate('plain text');

		assert.equal(template.isConstant, true);
		assert.equal(await template.evaluate(scope), 'plain text');
	});

	it('keeps the type of a whole-string expression', async () => {
		assert.equal(await compileTemplate('{{ $input.count * 2 }}').evaluate(scope), 6);
		assert.deepEqual(await compileTemplate('{{ $trigger.user.tags }}').evaluate(scope), [
			'ops',
			'dev',
		]);
		assert.equal(await compileTemplate('  {{ true }}  ').evaluate(scope), true);
	});

	it('interpolates expressions inside text', async () => {
		const template = compileTemplate(
			'Hi {{ $trigger.user.name }}, {{ $input.count }} items: {{ $input.items.price }}',
		);

		assert.equal(await template.evaluate(scope), 'Hi Ada, 3 items: [2,5]');
	});

	it('binds the input as the context', async () => {
		assert.equal(await compileTemplate('{{ $sum(items.price) }}').evaluate(scope), 7);
	});

	it('reaches nodes with hyphenated ids', async () => {
		assert.equal(await compileTemplate('{{ $nodes.`fetch-user`.body.id }}').evaluate(scope), 42);
		assert.equal(await compileTemplate("{{ $node('fetch-user').body.id }}").evaluate(scope), 42);
	});

	it('evaluates nested objects and arrays', async () => {
		const template = compileTemplate({
			a: '{{ $input.count }}',
			b: ['x', '{{ $trigger.user.name }}'],
			c: 1,
		});

		assert.equal(template.isConstant, false);
		assert.deepEqual(await template.evaluate(scope), { a: 3, b: ['x', 'Ada'], c: 1 });
	});

	it('binds extra variables', async () => {
		const template = compileTemplate('{{ $item * $index }}');

		assert.equal(await template.evaluate({ ...scope, extra: { item: 4, index: 3 } }), 12);
	});

	it('raises a compile error with the offset in the string', () => {
		assert.throws(
			() => compileTemplate('ok {{ $input.count > }}'),
			(error: unknown) => error instanceof TemplateCompileError && error.detail.offset >= 5,
		);
	});

	it('wraps evaluation errors as expression_failed', async () => {
		await assert.rejects(compileTemplate('{{ $number("abc") }}').evaluate(scope), {
			code: 'expression_failed',
		});
	});

	it('recognises templates', () => {
		assert.equal(isTemplate('a {{ b }}'), true);
		assert.equal(isTemplate('a { b }'), false);
	});
});

describe('compileTemplate field paths', () => {
	const data = {
		trigger: {
			body: { id: 'a1', tags: ['x', 'y'], items: [{ n: 1 }, { n: 2 }], nested: { deep: { v: 0 } } },
		},
		input: { total: 5, name: 'Ada', list: [1, 2] },
		nodes: { 'fetch-user': { status: 200 }, plain: { ok: true } },
	};

	// Each case is evaluated by the field-path shortcut and must equal JSONata's own answer.
	const cases: [string, unknown][] = [
		['$trigger.body.id', 'a1'],
		['$trigger.body.nested.deep.v', 0],
		['$trigger.body.missing.more', undefined],
		['$trigger.body.id.length', undefined],
		['$trigger.body.tags', ['x', 'y']],
		['$trigger.body.items.n', [1, 2]],
		['total', 5],
		['$', data.input],
		['$input.name', 'Ada'],
		['$nodes.`fetch-user`.status', 200],
		['$nodes.plain.ok', true],
		['true', true],
		['null', null],
		['$input.list', [1, 2]],
	];

	for (const [source, expected] of cases) {
		it(`evaluates {{ ${source} }}`, async () => {
			const value = await compileTemplate(`{{ ${source} }}`).evaluate(data);

			assert.deepEqual(value, expected);
		});
	}

	it('interpolates field paths into text', async () => {
		const value = await compileTemplate(
			'id={{ $trigger.body.id }} n={{ $trigger.body.items.n }}',
		).evaluate(data);

		assert.equal(value, 'id=a1 n=[1,2]');
	});
});
