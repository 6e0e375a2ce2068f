import type { JsonSchema } from '../../shared/actions';
import type { JsonValue } from '../../shared/model';

/** The kind of input a schema property gets in the configuration form. */
export type FieldKind =
	'enum' | 'boolean' | 'number' | 'text' | 'multiline' | 'object' | 'list' | 'json';

/** Param names whose text is usually long, so they get a multi-line input. */
const MULTILINE_NAMES = new Set([
	'code',
	'body',
	'message',
	'text',
	'content',
	'template',
	'sampleBody',
]);

/** Returns true when a value is a string holding a `{{ }}` expression. */
export function isExpression(value: unknown): boolean {
	return typeof value === 'string' && /\{\{[\s\S]*?\}\}/.test(value);
}

/** Chooses the input of a schema property, given its name and current value. */
export function fieldKind(
	name: string,
	schema: JsonSchema,
	value: JsonValue | undefined,
): FieldKind {
	const type = schema.type;
	if (Array.isArray(schema.enum) && !isExpression(value)) {
		return 'enum';
	}
	if (type === 'boolean' && !isExpression(value)) {
		return 'boolean';
	}
	if ((type === 'integer' || type === 'number') && !isExpression(value)) {
		return 'number';
	}
	if (
		type === 'object' &&
		isSchema(schema.properties) &&
		(value === undefined || isPlainObject(value))
	) {
		return 'object';
	}
	if (
		type === 'array' &&
		isSchema(schema.items) &&
		isSchema(schema.items.properties) &&
		(value === undefined || Array.isArray(value))
	) {
		return 'list';
	}
	if (type === 'object' || type === 'array' || (value !== undefined && typeof value !== 'string')) {
		return 'json';
	}
	return MULTILINE_NAMES.has(name) || (typeof value === 'string' && value.includes('\n'))
		? 'multiline'
		: 'text';
}

/**
 * Checks a value against the parts of its schema a form can show inline: required, type, enum,
 * bounds and pattern. An expression passes, because its value is known only when the node runs.
 */
export function validateValue(
	schema: JsonSchema,
	value: JsonValue | undefined,
	required: boolean,
): string | undefined {
	if (value === undefined || value === '') {
		return required ? 'Required.' : undefined;
	}
	if (isExpression(value)) {
		return undefined;
	}
	if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
		return `Must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}.`;
	}
	return validateType(schema, value);
}

function validateType(schema: JsonSchema, value: JsonValue): string | undefined {
	switch (schema.type) {
		case 'integer':
		case 'number':
			return validateNumber(schema, value);
		case 'string':
			if (typeof value !== 'string') {
				return 'Must be text.';
			}
			if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) {
				return `Must match the pattern ${schema.pattern}.`;
			}
			return typeof schema.minLength === 'number' && value.length < schema.minLength
				? `Must have at least ${schema.minLength} characters.`
				: undefined;
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'Must be true or false.';
		case 'object':
			return isPlainObject(value) ? undefined : 'Must be a JSON object.';
		case 'array':
			return Array.isArray(value) ? undefined : 'Must be a JSON array.';
		default:
			return undefined;
	}
}

function validateNumber(schema: JsonSchema, value: JsonValue): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		return 'Must be a number.';
	}
	if (schema.type === 'integer' && !Number.isInteger(value)) {
		return 'Must be a whole number.';
	}
	if (typeof schema.minimum === 'number' && value < schema.minimum) {
		return `Must be at least ${schema.minimum}.`;
	}
	if (typeof schema.maximum === 'number' && value > schema.maximum) {
		return `Must be at most ${schema.maximum}.`;
	}
	return undefined;
}

/** Returns the required property names of an object schema. */
export function requiredOf(schema: JsonSchema): string[] {
	return Array.isArray(schema.required)
		? schema.required.filter((name): name is string => typeof name === 'string')
		: [];
}

/** Returns the property schemas of an object schema, in declaration order. */
export function propertiesOf(schema: JsonSchema): [string, JsonSchema][] {
	return isSchema(schema.properties)
		? Object.entries(schema.properties).filter((entry): entry is [string, JsonSchema] =>
				isSchema(entry[1]),
			)
		: [];
}

export function isSchema(value: unknown): value is JsonSchema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPlainObject(value: unknown): value is { [key: string]: JsonValue } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
