import jsonata from 'jsonata';
import { UserError } from '../shared/errors';

/** Variables bound in every expression, besides the context `$`, which is `$input`. */
export interface ExpressionScope {
	/** Output of the trigger node. */
	trigger: unknown;
	/** Output of the node's predecessor, or the list of outputs when it has several. */
	input: unknown;
	/** Outputs of finished nodes by id. */
	nodes: Record<string, unknown>;
	/** Extra variables, such as `$item` and `$index` inside `core.forEach`. */
	extra?: Record<string, unknown>;
}

/** A syntax error in one `{{ }}` expression, with its offset inside the template string. */
export interface TemplateSyntaxError {
	message: string;
	/** Offset of the error in the template string. */
	offset: number;
}

/** A compiled template: a constant, or a value computed from expressions on each run. */
export interface CompiledTemplate {
	/** True when the template contains no expression, so `constant` is its value. */
	readonly isConstant: boolean;
	readonly constant?: unknown;
	evaluate(scope: ExpressionScope): Promise<unknown>;
}

const TEMPLATE_PATTERN = /\{\{([\s\S]*?)\}\}/g;

/** Returns true when a string contains at least one `{{ }}` expression. */
export function isTemplate(value: string): boolean {
	return value.includes('{{') && /\{\{[\s\S]*?\}\}/.test(value);
}

/** Returns true when the whole string is a single `{{ }}` expression, so it keeps its type. */
function isWholeExpression(value: string): boolean {
	const trimmed = value.trim();
	return (
		trimmed.startsWith('{{') &&
		trimmed.endsWith('}}') &&
		trimmed.indexOf('{{', 2) === -1 &&
		trimmed.indexOf('}}') === trimmed.length - 2
	);
}

function bindings(scope: ExpressionScope): Record<string, unknown> {
	return {
		trigger: scope.trigger,
		input: scope.input,
		nodes: scope.nodes,
		node: (id: string) => scope.nodes[id],
		...scope.extra,
	};
}

type Evaluator = (scope: ExpressionScope) => Promise<unknown>;

function compileExpression(source: string, offset: number): Evaluator {
	let expression: jsonata.Expression;
	try {
		expression = jsonata(source);
	} catch (error) {
		const failure = error as { message?: string; position?: number };
		const position = typeof failure.position === 'number' ? failure.position : 0;
		throw new TemplateCompileError({
			message: failure.message ?? String(error),
			offset: offset + Math.max(0, position - 1),
		});
	}
	const path = parseSimplePath(source);
	if (!path) {
		return (scope) => run(expression, scope);
	}
	return (scope) => {
		const value = walkPath(path, scope);
		return value === NEEDS_JSONATA ? run(expression, scope) : Promise.resolve(value);
	};
}

/** A plain field path such as `$trigger.body.id` or `` $nodes.`fetch-user`.status ``. */
interface SimplePath {
	root: 'trigger' | 'input' | 'nodes';
	steps: string[];
}

const SIMPLE_PATH_PATTERN =
	/^\s*(?:\$(trigger|input|nodes)|\$|([A-Za-z_][A-Za-z0-9_]*))((?:\.(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`))*)\s*$/;
const PATH_STEP_PATTERN = /\.(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)/g;

/** Marks a path that met an array, whose JSONata meaning (mapping, flattening) needs JSONata. */
const NEEDS_JSONATA = Symbol('needs JSONata');

/**
 * Recognises expressions that only read fields, which are evaluated without JSONata: a webhook
 * run mostly maps fields, and JSONata's evaluator costs tens of microseconds per expression.
 */
function parseSimplePath(source: string): SimplePath | undefined {
	const match = SIMPLE_PATH_PATTERN.exec(source);
	if (!match) {
		return undefined;
	}
	const [, variable, field, rest] = match;
	if (
		field === 'true' ||
		field === 'false' ||
		field === 'null' ||
		(variable === 'nodes' && rest === '')
	) {
		return undefined;
	}
	const steps = field ? [field] : [];
	for (const step of rest.matchAll(PATH_STEP_PATTERN)) {
		steps.push(step[1] ?? step[2]);
	}
	return { root: (variable as SimplePath['root'] | undefined) ?? 'input', steps };
}

/** Reads a simple path as JSONata would, or returns NEEDS_JSONATA when it meets an array. */
function walkPath(path: SimplePath, scope: ExpressionScope): unknown {
	let value: unknown = scope[path.root];
	for (const step of path.steps) {
		if (Array.isArray(value)) {
			return NEEDS_JSONATA;
		}
		if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) {
			return undefined;
		}
		value = (value as Record<string, unknown>)[step];
	}
	return Array.isArray(value) ? NEEDS_JSONATA : value;
}

/** Thrown by {@link compileTemplate} when an expression does not parse. */
export class TemplateCompileError extends Error {
	constructor(readonly detail: TemplateSyntaxError) {
		super(detail.message);
	}
}

function stringify(value: unknown): string {
	if (value === undefined || value === null) {
		return '';
	}
	if (typeof value === 'object') {
		return JSON.stringify(value);
	}
	return String(value);
}

async function run(expression: jsonata.Expression, scope: ExpressionScope): Promise<unknown> {
	try {
		const result = await expression.evaluate(scope.input ?? {}, bindings(scope));
		return normalise(result);
	} catch (error) {
		const failure = error as { message?: string };
		throw new UserError('expression_failed', failure.message ?? String(error));
	}
}

/**
 * Turns a JSONata result into plain JSON data: JSONata builds objects without a prototype and
 * marks arrays as sequences, and functions are not data.
 */
function normalise(value: unknown): unknown {
	if (typeof value === 'function') {
		return undefined;
	}
	if (Array.isArray(value)) {
		return value.map(normalise);
	}
	if (value !== null && typeof value === 'object') {
		const plain: Record<string, unknown> = {};
		for (const key of Object.keys(value)) {
			plain[key] = normalise((value as Record<string, unknown>)[key]);
		}
		return plain;
	}
	return value;
}

/** Compiles one string: a plain string stays constant; `{{ }}` parts become JSONata. */
function compileString(value: string): CompiledTemplate {
	if (!isTemplate(value)) {
		return constantTemplate(value);
	}
	if (isWholeExpression(value)) {
		const start = value.indexOf('{{') + 2;
		const source = value.slice(start, value.lastIndexOf('}}'));
		return { isConstant: false, evaluate: compileExpression(source, start) };
	}
	const parts: (string | Evaluator)[] = [];
	let last = 0;
	for (const match of value.matchAll(TEMPLATE_PATTERN)) {
		const index = match.index ?? 0;
		parts.push(value.slice(last, index));
		parts.push(compileExpression(match[1], index + 2));
		last = index + match[0].length;
	}
	parts.push(value.slice(last));
	return {
		isConstant: false,
		async evaluate(scope) {
			let text = '';
			for (const part of parts) {
				text += typeof part === 'string' ? part : stringify(await part(scope));
			}
			return text;
		},
	};
}

function constantTemplate(value: unknown): CompiledTemplate {
	return { isConstant: true, constant: value, evaluate: async () => value };
}

/**
 * Compiles a JSON value whose strings may hold `{{ }}` templates. A value without
 * expressions compiles to a constant, which costs nothing to evaluate.
 * Throws {@link TemplateCompileError} at the first expression that does not parse.
 */
export function compileTemplate(value: unknown): CompiledTemplate {
	if (typeof value === 'string') {
		return compileString(value);
	}
	if (Array.isArray(value)) {
		const items = value.map((item) => compileTemplate(item));
		if (items.every((item) => item.isConstant)) {
			return constantTemplate(value);
		}
		return {
			isConstant: false,
			evaluate: (scope) => Promise.all(items.map((item) => item.evaluate(scope))),
		};
	}
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value).map(
			([key, item]) => [key, compileTemplate(item)] as const,
		);
		if (entries.every(([, item]) => item.isConstant)) {
			return constantTemplate(value);
		}
		return {
			isConstant: false,
			async evaluate(scope) {
				const result: Record<string, unknown> = {};
				for (const [key, item] of entries) {
					const evaluated = item.isConstant ? item.constant : await item.evaluate(scope);
					if (evaluated !== undefined) {
						result[key] = evaluated;
					}
				}
				return result;
			},
		};
	}
	return constantTemplate(value);
}
