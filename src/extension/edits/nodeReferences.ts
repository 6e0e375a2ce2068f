import type { JsonValue } from '../../shared/model';

const TEMPLATE_PATTERN = /\{\{[\s\S]*?\}\}/g;
const PLAIN_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Writes a reference to a node's output in an expression: `$nodes.fetch` or `` $nodes.`fetch-user` ``. */
export function nodeReference(id: string): string {
	return PLAIN_NAME_PATTERN.test(id) ? `$nodes.${id}` : `$nodes.\`${id}\``;
}

/**
 * Rewrites references to renamed nodes inside the `{{ }}` expressions of a string:
 * `$nodes.id`, `` $nodes.`id` `` and `$node('id')`. Text outside expressions is left alone.
 */
export function renameReferencesInString(
	value: string,
	renames: ReadonlyMap<string, string>,
): string {
	if (renames.size === 0 || !value.includes('{{')) {
		return value;
	}
	return value.replace(TEMPLATE_PATTERN, (expression) => renameInExpression(expression, renames));
}

/** Applies `renameReferencesInString` to every string inside a JSON value. */
export function renameReferencesInValue(
	value: JsonValue,
	renames: ReadonlyMap<string, string>,
): JsonValue {
	if (typeof value === 'string') {
		return renameReferencesInString(value, renames);
	}
	if (Array.isArray(value)) {
		return value.map((item) => renameReferencesInValue(item, renames));
	}
	if (value && typeof value === 'object') {
		const result: { [key: string]: JsonValue } = {};
		for (const [key, item] of Object.entries(value)) {
			result[key] = renameReferencesInValue(item, renames);
		}
		return result;
	}
	return value;
}

function renameInExpression(expression: string, renames: ReadonlyMap<string, string>): string {
	return expression
		.replace(/\$nodes\.`([^`]+)`/g, (match, id: string) => {
			const renamed = renames.get(id);
			return renamed === undefined ? match : `$nodes.\`${renamed}\``;
		})
		.replace(/\$nodes\.([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])/g, (match, id: string) => {
			const renamed = renames.get(id);
			return renamed === undefined ? match : nodeReference(renamed);
		})
		.replace(/\$node\(\s*(['"])([^'"]+)\1\s*\)/g, (match, quote: string, id: string) => {
			const renamed = renames.get(id);
			return renamed === undefined ? match : `$node(${quote}${renamed}${quote})`;
		});
}
