import { UserError } from '../../shared/errors';
import type { ActionDefinition } from './types';
import { abortableDelay } from './delay';

function truthy(value: unknown): boolean {
	if (Array.isArray(value)) {
		return value.length > 0;
	}
	return Boolean(value);
}

export const ifAction: ActionDefinition = {
	type: 'core.if',
	title: 'If',
	description: 'Sends the input on through "true" or "false", depending on a condition.',
	category: 'Flow',
	icon: 'git-compare',
	inputs: {
		type: 'object',
		properties: {
			condition: {
				title: 'Condition',
				description: 'Expression, such as {{ $input.total > 100 }}.',
			},
		},
		required: ['condition'],
		additionalProperties: false,
	},
	outputs: ['true', 'false'],
	sampleOutput: { total: 120 },
	defaultParams: { condition: '{{ true }}' },
	async run({ params, input }) {
		return { output: input, outputs: [truthy(params.condition) ? 'true' : 'false'] };
	},
};

export const switchAction: ActionDefinition = {
	type: 'core.switch',
	title: 'Switch',
	description: 'Sends the input on through the first rule whose condition is true, or "default".',
	category: 'Flow',
	icon: 'list-tree',
	inputs: {
		type: 'object',
		properties: {
			rules: {
				type: 'array',
				title: 'Rules',
				items: {
					type: 'object',
					properties: {
						output: { type: 'string', title: 'Output', pattern: '^[A-Za-z0-9_-]+$' },
						condition: { title: 'Condition' },
					},
					required: ['output', 'condition'],
					additionalProperties: false,
				},
			},
			allMatches: {
				type: 'boolean',
				title: 'Send to every matching rule',
				description: 'When false, only the first matching rule is taken.',
			},
		},
		required: ['rules'],
		additionalProperties: false,
	},
	outputs: { fromParam: 'rules', field: 'output', fixed: ['default'] },
	sampleOutput: { priority: 'high' },
	defaultParams: { rules: [{ output: 'high', condition: "{{ $input.priority = 'high' }}" }] },
	async run({ params, input }) {
		const rules = params.rules as { output: string; condition: unknown }[];
		const taken: string[] = [];
		for (const rule of rules) {
			if (truthy(rule.condition)) {
				taken.push(rule.output);
				if (!params.allMatches) {
					break;
				}
			}
		}
		return { output: input, outputs: taken.length > 0 ? taken : ['default'] };
	},
};

export const forEachAction: ActionDefinition = {
	type: 'core.forEach',
	title: 'For Each',
	description: 'Maps every item of an array through an expression that sees $item and $index.',
	category: 'Data',
	icon: 'symbol-array',
	inputs: {
		type: 'object',
		properties: {
			items: { title: 'Items', description: 'Array to map, such as {{ $input.orders }}.' },
			value: {
				title: 'Value',
				description: 'Result for each item; $item and $index are bound.',
			},
			filter: {
				title: 'Keep when',
				description: 'Optional condition; items for which it is false are left out.',
			},
		},
		required: ['items', 'value'],
		additionalProperties: false,
	},
	lazyParams: ['value', 'filter'],
	outputs: ['out'],
	sampleOutput: [{ id: 1 }, { id: 2 }],
	defaultParams: { items: '{{ $input }}', value: '{{ $item }}' },
	async run({ params, rawParams, evaluateParam, signal }) {
		const items = params.items;
		if (!Array.isArray(items)) {
			throw new UserError(
				'invalid_input',
				`"items" must be an array, but it is ${describe(items)}. Point it at an array, such as {{ $input.orders }}.`,
			);
		}
		const results: unknown[] = [];
		for (let index = 0; index < items.length; index++) {
			if (signal.aborted) {
				throw signal.reason;
			}
			const extra = { item: items[index], index };
			if ('filter' in rawParams && !truthy(await evaluateParam('filter', extra))) {
				continue;
			}
			results.push(await evaluateParam('value', extra));
		}
		return { output: results };
	},
};

export const mergeAction: ActionDefinition = {
	type: 'core.merge',
	title: 'Merge',
	description: 'Waits for every active input and combines their outputs.',
	category: 'Flow',
	icon: 'merge',
	inputs: {
		type: 'object',
		properties: {
			mode: {
				enum: ['list', 'concat', 'object'],
				title: 'Mode',
				description:
					'list: the outputs in connection order; concat: arrays joined into one; object: outputs merged into one object.',
			},
		},
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: [{ a: 1 }, { b: 2 }],
	defaultParams: { mode: 'list' },
	async run({ params, input }) {
		const inputs = Array.isArray(input) && input.length > 0 ? input : [input];
		switch (params.mode ?? 'list') {
			case 'concat':
				return { output: inputs.flatMap((item) => (Array.isArray(item) ? item : [item])) };
			case 'object':
				return { output: Object.assign({}, ...inputs.filter(isPlainObject)) };
			default:
				return { output: inputs };
		}
	},
};

export const delayAction: ActionDefinition = {
	type: 'core.delay',
	title: 'Delay',
	description: 'Waits, then passes its input on.',
	category: 'Flow',
	icon: 'clock',
	inputs: {
		type: 'object',
		properties: {
			ms: { type: 'integer', minimum: 0, title: 'Milliseconds' },
		},
		required: ['ms'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: {},
	defaultParams: { ms: 1000 },
	async run({ params, input, signal }) {
		const ms = Number(params.ms);
		if (!Number.isFinite(ms) || ms < 0) {
			throw new UserError(
				'invalid_input',
				`"ms" must be a number of milliseconds, not ${describe(params.ms)}.`,
			);
		}
		await abortableDelay(ms, signal);
		return { output: input };
	},
};

export const failAction: ActionDefinition = {
	type: 'core.fail',
	title: 'Fail',
	description: 'Ends the run as failed with a message.',
	category: 'Flow',
	icon: 'error',
	inputs: {
		type: 'object',
		properties: {
			message: { type: 'string', title: 'Message' },
			code: { type: 'string', title: 'Error code', pattern: '^[a-z][a-z0-9_]*$' },
		},
		required: ['message'],
		additionalProperties: false,
	},
	outputs: [],
	sampleOutput: null,
	defaultParams: { message: 'Stopped on purpose' },
	async run({ params }) {
		throw new UserError(String(params.code ?? 'workflow_failed'), String(params.message));
	},
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Describes a value's type for messages: `a string`, `null`, `an object`. */
export function describe(value: unknown): string {
	if (value === null) {
		return 'null';
	}
	if (value === undefined) {
		return 'missing';
	}
	if (Array.isArray(value)) {
		return 'an array';
	}
	const type = typeof value;
	return type === 'object' ? 'an object' : `a ${type} (${JSON.stringify(value)})`;
}
