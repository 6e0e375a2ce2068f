import vm from 'node:vm';
import { OperationalError, UserError } from '../../shared/errors';
import type { ActionDefinition } from './types';

export const setAction: ActionDefinition = {
	type: 'core.set',
	title: 'Set Fields',
	description: 'Builds an object from fields whose values may be expressions.',
	category: 'Data',
	icon: 'symbol-field',
	inputs: {
		type: 'object',
		properties: {
			values: {
				type: 'object',
				title: 'Fields',
				description:
					'Field names and values, such as { "total": "{{ $sum($input.items.price) }}" }.',
			},
			keepInput: {
				type: 'boolean',
				title: 'Keep input fields',
				description: 'Start from the input object and add or replace the fields.',
			},
		},
		required: ['values'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: { total: 42 },
	defaultParams: { values: {} },
	async run({ params, input }) {
		const values = (params.values ?? {}) as Record<string, unknown>;
		if (params.keepInput && input !== null && typeof input === 'object' && !Array.isArray(input)) {
			return { output: { ...(input as Record<string, unknown>), ...values } };
		}
		return { output: values };
	},
};

export const logAction: ActionDefinition = {
	type: 'core.log',
	title: 'Log',
	description: 'Writes a message to the run log and passes its input on.',
	category: 'Utility',
	icon: 'output',
	inputs: {
		type: 'object',
		properties: {
			message: { title: 'Message', description: 'Text or expression to log.' },
			level: { enum: ['debug', 'info', 'warn', 'error'], title: 'Level' },
		},
		required: ['message'],
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: {},
	defaultParams: { message: '{{ $input }}' },
	async run({ params, input, logger, nodeId }) {
		const level = (params.level ?? 'info') as 'debug' | 'info' | 'warn' | 'error';
		const message =
			typeof params.message === 'string' ? params.message : JSON.stringify(params.message);
		logger[level](message, { nodeId });
		return { output: input };
	},
};

/** Maximum run time of a code node, in milliseconds, when its params set none. */
export const DEFAULT_CODE_TIMEOUT_MS = 1000;

export const codeAction: ActionDefinition = {
	type: 'core.code',
	title: 'Code',
	description:
		'Runs synchronous JavaScript in a separate context; `input`, `trigger` and `nodes` are bound and the returned value is the output.',
	category: 'Utility',
	icon: 'code',
	inputs: {
		type: 'object',
		properties: {
			code: {
				type: 'string',
				title: 'JavaScript',
				description: 'Function body, such as: return input.items.length;',
			},
			timeoutMs: {
				type: 'integer',
				minimum: 1,
				maximum: 60000,
				title: 'Time limit (ms)',
			},
		},
		required: ['code'],
		additionalProperties: false,
	},
	literalParams: ['code'],
	outputs: ['out'],
	sampleOutput: {},
	defaultParams: { code: 'return input;' },
	async run({ params, input, trigger, nodes, nodeId }) {
		const source = String(params.code);
		const timeout =
			typeof params.timeoutMs === 'number' ? params.timeoutMs : DEFAULT_CODE_TIMEOUT_MS;
		// The sandbox gets copies, so the code cannot change other nodes' recorded outputs.
		const sandbox = vm.createContext({
			input: structuredClone(input),
			trigger: structuredClone(trigger),
			nodes: structuredClone(nodes),
		});
		let script: vm.Script;
		try {
			script = new vm.Script(`(function () {\n${source}\n})()`, { filename: `${nodeId}.js` });
		} catch (error) {
			throw new UserError(
				'code_syntax_error',
				`JavaScript syntax error: ${(error as Error).message}`,
			);
		}
		let result: unknown;
		try {
			result = script.runInContext(sandbox, { timeout });
		} catch (error) {
			const message = (error as Error).message ?? String(error);
			if (/timed out/i.test(message)) {
				throw new OperationalError(
					'code_timeout',
					`The code ran longer than ${timeout} ms and was stopped.`,
				);
			}
			throw new UserError('code_error', `The code threw: ${message}`);
		}
		if (
			result !== null &&
			typeof result === 'object' &&
			typeof (result as Promise<unknown>).then === 'function'
		) {
			throw new UserError(
				'code_async',
				'The code returned a promise; code nodes run synchronously. Return a value instead.',
			);
		}
		return { output: toPlainJson(result) };
	},
};

/** Copies a value made in another context into plain JSON of this one. */
function toPlainJson(value: unknown): unknown {
	if (value === undefined) {
		return null;
	}
	try {
		return JSON.parse(JSON.stringify(value));
	} catch (error) {
		throw new UserError(
			'code_output',
			`The code returned a value that is not JSON: ${(error as Error).message}`,
		);
	}
}

export const respondAction: ActionDefinition = {
	type: 'core.respond',
	title: 'Respond to Webhook',
	description: 'Sets the status, headers and body the webhook caller receives.',
	category: 'Network',
	icon: 'reply',
	inputs: {
		type: 'object',
		properties: {
			status: { type: 'integer', minimum: 100, maximum: 599, title: 'Status' },
			headers: {
				type: 'object',
				title: 'Headers',
				additionalProperties: { type: 'string' },
			},
			body: { title: 'Body' },
		},
		additionalProperties: false,
	},
	outputs: ['out'],
	sampleOutput: { status: 200, headers: {}, body: { ok: true } },
	defaultParams: { status: 200, body: '{{ $input }}' },
	async run({ params, respond }) {
		const status = params.status === undefined ? 200 : Number(params.status);
		if (!Number.isInteger(status) || status < 100 || status > 599) {
			throw new UserError(
				'invalid_input',
				`"status" must be an HTTP status from 100 to 599, not ${JSON.stringify(params.status)}.`,
			);
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries((params.headers ?? {}) as Record<string, unknown>)) {
			headers[name.toLowerCase()] = String(value);
		}
		const response = { status, headers, body: params.body ?? null };
		respond(response);
		return { output: response };
	},
};
