import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { workflowSchema } from '../shared/schema';
import type { JsonSchema } from '../shared/actions';

const ajv = new Ajv({ allErrors: true, strict: false });
const validateWorkflow = ajv.compile(workflowSchema);
const paramValidators = new WeakMap<JsonSchema, ValidateFunction>();

/** A schema violation, located by JSON path. */
export interface SchemaViolation {
	path: (string | number)[];
	message: string;
	/** True when the violation is best shown at the property name, such as an unknown key. */
	atKey: boolean;
}

function toPath(instancePath: string): (string | number)[] {
	if (instancePath === '') {
		return [];
	}
	return instancePath
		.slice(1)
		.split('/')
		.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
		.map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function describePath(path: (string | number)[]): string {
	let text = '';
	for (const segment of path) {
		if (typeof segment === 'number') {
			text += `[${segment}]`;
		} else {
			text += text === '' ? segment : `.${segment}`;
		}
	}
	return text === '' ? 'the file' : `"${text}"`;
}

function describe(error: ErrorObject): SchemaViolation {
	const path = toPath(error.instancePath);
	const where = describePath(path);
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required':
			return {
				path,
				atKey: false,
				message: `${where} is missing the required property "${params.missingProperty}".`,
			};
		case 'additionalProperties': {
			const key = String(params.additionalProperty);
			return {
				path: [...path, key],
				atKey: true,
				message: `Unknown property "${key}" in ${where}. Remove it, check its spelling, or prefix it with "x-" to keep private data.`,
			};
		}
		case 'const':
			return {
				path,
				atKey: false,
				message: `${where} must be ${JSON.stringify(params.allowedValue)}.`,
			};
		case 'enum':
			return {
				path,
				atKey: false,
				message: `${where} must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}.`,
			};
		case 'type':
			return { path, atKey: false, message: `${where} must be of type ${params.type}.` };
		case 'pattern':
			return {
				path,
				atKey: false,
				message: `${where} does not match the pattern ${params.pattern}.`,
			};
		default:
			return { path, atKey: false, message: `${where} ${error.message ?? 'is invalid'}.` };
	}
}

/** Checks a parsed file against the workflow JSON Schema. */
export function checkWorkflowSchema(value: unknown): SchemaViolation[] {
	if (validateWorkflow(value)) {
		return [];
	}
	return dedupe((validateWorkflow.errors ?? []).map(describe));
}

/**
 * Checks params against an action's input schema. Violations at a value that is a `{{ }}`
 * expression are dropped, since its type is known only when the node runs.
 */
export function checkParams(
	schema: JsonSchema,
	params: unknown,
	isExpressionAt: (path: (string | number)[]) => boolean,
): SchemaViolation[] {
	let validate = paramValidators.get(schema);
	if (!validate) {
		validate = ajv.compile(schema);
		paramValidators.set(schema, validate);
	}
	if (validate(params)) {
		return [];
	}
	const violations = (validate.errors ?? [])
		.filter((error) => !['if', 'anyOf', 'oneOf'].includes(error.keyword))
		.filter(
			(error) =>
				error.keyword === 'required' ||
				error.keyword === 'additionalProperties' ||
				!isExpressionAt(toPath(error.instancePath)),
		)
		.map(describe);
	return dedupe(violations);
}

function dedupe(violations: SchemaViolation[]): SchemaViolation[] {
	const seen = new Set<string>();
	return violations.filter((violation) => {
		const key = `${violation.path.join('/')}|${violation.message}`;
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}
