/**
 * JSON Schema (draft-07) of a `.workflow.json` file, format version 1. The engine validates
 * with it, and the manifest hands it to VS Code's JSON language service through
 * `jsonValidation`, so the plain text editor completes and checks the same rules.
 * Graph rules that a schema cannot state (one trigger, connections that name existing nodes,
 * no cycles) live in the engine's validator.
 */

/** Pattern of a node id: letters, digits, `-` and `_`, starting with a letter or digit. */
export const NODE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';

/** Pattern of an action type: dotted lower camel case segments, such as `core.http`. */
export const NODE_TYPE_PATTERN = '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)+$';

const extensionKeys = { '^x-': {} };

const retrySchema = {
	type: 'object',
	description: 'Retries after a failed attempt.',
	properties: {
		maxAttempts: {
			type: 'integer',
			minimum: 1,
			maximum: 100,
			description: 'Attempts in all, the first one included.',
		},
		delayMs: {
			type: 'integer',
			minimum: 0,
			description: 'Wait before the first retry, in milliseconds. Defaults to 1000.',
		},
		backoffFactor: {
			type: 'number',
			minimum: 1,
			description: 'Factor applied to the wait after each retry. Defaults to 2.',
		},
	},
	required: ['maxAttempts'],
	additionalProperties: false,
} as const;

const nodeSchema = {
	type: 'object',
	description: 'One step of the workflow.',
	properties: {
		id: {
			type: 'string',
			pattern: NODE_ID_PATTERN,
			description: 'Stable id, unique in the file; connections and expressions refer to it.',
		},
		type: {
			type: 'string',
			pattern: NODE_TYPE_PATTERN,
			description: 'Action type, such as core.http or trigger.webhook.',
		},
		name: { type: 'string', description: 'Display title.' },
		notes: { type: 'string', description: 'Free text for the reader.' },
		params: {
			type: 'object',
			description: 'Action inputs. Strings may hold {{ JSONata }} expressions.',
		},
		disabled: { type: 'boolean', description: 'A disabled node is skipped.' },
		timeoutMs: {
			type: 'integer',
			minimum: 1,
			description: 'Time limit of one attempt, in milliseconds.',
		},
		retry: retrySchema,
		onError: {
			enum: ['stop', 'continue'],
			description:
				'stop ends the run when the node fails; continue passes { error } on as its output.',
		},
	},
	required: ['id', 'type'],
	patternProperties: extensionKeys,
	additionalProperties: false,
} as const;

const connectionSchema = {
	type: 'object',
	description: 'An edge from an output of one node to another node.',
	properties: {
		from: { type: 'string', pattern: NODE_ID_PATTERN, description: 'Id of the source node.' },
		output: {
			type: 'string',
			description: 'Output of the source node, such as true or false; "out" when missing.',
		},
		to: { type: 'string', pattern: NODE_ID_PATTERN, description: 'Id of the target node.' },
	},
	required: ['from', 'to'],
	patternProperties: extensionKeys,
	additionalProperties: false,
} as const;

/** The JSON Schema of a workflow file. */
export const workflowSchema = {
	$schema: 'http://json-schema.org/draft-07/schema#',
	$id: 'https://wireflow.dev/schema/workflow-v1.json',
	title: 'Wireflow workflow',
	type: 'object',
	properties: {
		$schema: { type: 'string' },
		version: { const: 1, description: 'File format version.' },
		name: { type: 'string', minLength: 1, description: 'Workflow name.' },
		description: { type: 'string' },
		nodes: { type: 'array', items: nodeSchema, description: 'Steps; exactly one is a trigger.' },
		connections: { type: 'array', items: connectionSchema },
		layout: {
			type: 'object',
			description: 'Canvas positions [x, y] by node id.',
			additionalProperties: {
				type: 'array',
				items: [{ type: 'integer' }, { type: 'integer' }],
				minItems: 2,
				maxItems: 2,
			},
		},
	},
	required: ['version', 'name', 'nodes'],
	patternProperties: extensionKeys,
	additionalProperties: false,
} as const;
