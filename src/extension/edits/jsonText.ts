import {
	type Edit,
	type FormattingOptions,
	type JSONPath,
	type Node as JsonNode,
	type ParseError,
	applyEdits,
	findNodeAtLocation,
	parseTree,
} from 'jsonc-parser';
import { UserError } from '../../shared/errors';

/** A text replacement: `length` characters at `offset` become `content`. */
export type TextEdit = Edit;

/**
 * The text of a JSON file being edited in steps. Each step is an edit applied with jsonc-parser's
 * `applyEdits` to the current text, so later steps see the effect of earlier ones.
 *
 * NOTE: jsonc-parser's `modify` re-formats the sibling before an insertion (a one-line
 * `{ "from": "a", "to": "b" }` comes out on four lines), so inserts and removals are computed
 * here from the parse tree, touching only the value itself and the comma beside it.
 */
export class JsonText {
	private _tree: JsonNode | undefined;
	private _parsed = false;
	readonly formatting: FormattingOptions;

	constructor(private _text: string) {
		this.formatting = detectFormatting(_text);
	}

	get text(): string {
		return this._text;
	}

	/** The parse tree of the current text; throws when the text is not valid JSON. */
	get tree(): JsonNode {
		if (!this._parsed) {
			const errors: ParseError[] = [];
			this._tree = parseTree(this._text, errors, { disallowComments: true });
			this._parsed = true;
			if (errors.length > 0) {
				this._tree = undefined;
			}
		}
		if (!this._tree) {
			throw new UserError(
				'invalid_json',
				'The file is not valid JSON, so the canvas cannot change it. Fix it in the text editor first.',
			);
		}
		return this._tree;
	}

	/** Returns the parse node at a JSON path, or undefined when nothing is there. */
	find(path: JSONPath): JsonNode | undefined {
		return findNodeAtLocation(this.tree, path);
	}

	/**
	 * Sets the value at `path`, creating missing objects on the way. A new object key goes where
	 * `keyOrder` puts it, or last. `raw` gives the value's exact text instead of JSON with the
	 * file's indentation.
	 */
	set(path: JSONPath, value: unknown, keyOrder?: readonly string[], raw?: string): void {
		const existing = this.find(path);
		if (existing) {
			this.replaceNode(existing, raw ?? this.stringify(value, this.lineIndent(existing.offset)));
			return;
		}
		const key = path.at(-1);
		const parentPath = path.slice(0, -1);
		const parent = this.find(parentPath);
		if (!parent || typeof key !== 'string' || parent.type !== 'object') {
			if (typeof key !== 'string' || parentPath.length === 0) {
				throw new UserError('invalid_path', `Nothing can be written at ${JSON.stringify(path)}.`);
			}
			this.set(parentPath, { [key]: value }, undefined);
			return;
		}
		const keys = (parent.children ?? []).map((property) => String(property.children?.[0]?.value));
		const index = keyOrder ? insertionIndex(keys, key, keyOrder) : keys.length;
		this.insertChild(parent, index, `${JSON.stringify(key)}: `, value, raw);
	}

	/** Appends an item to the array at `path`. */
	append(path: JSONPath, value: unknown, raw?: string): void {
		const array = this.find(path);
		if (!array || array.type !== 'array') {
			throw new UserError('invalid_path', `There is no array at ${JSON.stringify(path)}.`);
		}
		this.insertChild(array, array.children?.length ?? 0, '', value, raw);
	}

	/** Removes the value at `path` with the comma that separated it; does nothing when absent. */
	remove(path: JSONPath): void {
		const found = this.find(path);
		if (!found) {
			return;
		}
		const item = found.parent?.type === 'property' ? found.parent : found;
		const container = item.parent;
		const siblings = container?.children ?? [];
		const index = siblings.indexOf(item);
		if (!container || index < 0) {
			throw new UserError('invalid_path', 'The root value cannot be removed.');
		}

		const end = item.offset + item.length;
		if (siblings.length === 1) {
			this.apply([{ offset: container.offset + 1, length: container.length - 2, content: '' }]);
		} else if (index > 0) {
			const previous = siblings[index - 1];
			const start = previous.offset + previous.length;
			this.apply([{ offset: start, length: end - start, content: '' }]);
		} else {
			const next = siblings[1];
			this.apply([{ offset: item.offset, length: next.offset - item.offset, content: '' }]);
		}
	}

	/** Replaces the text of one parse node, keeping everything around it. */
	replaceNode(node: JsonNode, content: string): void {
		this.apply([{ offset: node.offset, length: node.length, content }]);
	}

	/** Applies edits computed against the current text. */
	apply(edits: TextEdit[]): void {
		if (edits.length === 0) {
			return;
		}
		this._text = applyEdits(this._text, edits);
		this._parsed = false;
	}

	/** Makes the text end with exactly one of the file's line ends, as the editor writes files. */
	ensureFinalNewline(): void {
		const trimmed = this._text.replace(/\s+$/, '');
		const end = trimmed + this.eol;
		if (this._text !== end) {
			this.apply([
				{ offset: trimmed.length, length: this._text.length - trimmed.length, content: this.eol },
			]);
		}
	}

	/** Writes a value as JSON with the file's indent unit, continuation lines starting at `indent`. */
	stringify(value: unknown, indent: string): string {
		return JSON.stringify(value, null, this.indentUnit).replace(/\n/g, this.eol + indent);
	}

	private get eol(): string {
		return this.formatting.eol ?? '\n';
	}

	private get indentUnit(): string {
		return this.formatting.insertSpaces ? ' '.repeat(this.formatting.tabSize ?? 2) : '\t';
	}

	private insertChild(
		container: JsonNode,
		index: number,
		prefix: string,
		value: unknown,
		raw?: string,
	): void {
		const children = container.children ?? [];
		const containerText = this._text.slice(container.offset, container.offset + container.length);
		const containerIndent = this.lineIndent(container.offset);

		// A container written on one line gets the new item on the same line.
		if (children.length > 0 && !/[\r\n]/.test(containerText)) {
			const item = prefix + (raw ?? JSON.stringify(value));
			this.insertBeside(children, index, item, ', ');
			return;
		}
		if (children.length === 0) {
			const indent = containerIndent + this.indentUnit;
			const item = prefix + (raw ?? this.stringify(value, indent));
			const open = containerText[0];
			const close = containerText[containerText.length - 1];
			this.replaceNode(
				container,
				`${open}${this.eol}${indent}${item}${this.eol}${containerIndent}${close}`,
			);
			return;
		}
		const indent = this.lineIndent(children[0].offset);
		const item = prefix + (raw ?? this.stringify(value, indent));
		this.insertBeside(children, index, item, `,${this.eol}${indent}`);
	}

	private insertBeside(children: JsonNode[], index: number, item: string, separator: string): void {
		if (index < children.length) {
			this.apply([{ offset: children[index].offset, length: 0, content: item + separator }]);
		} else {
			const last = children[children.length - 1];
			this.apply([{ offset: last.offset + last.length, length: 0, content: separator + item }]);
		}
	}

	/** Returns the whitespace that starts the line holding `offset`. */
	private lineIndent(offset: number): string {
		const lineStart = this._text.lastIndexOf('\n', offset - 1) + 1;
		return /^[ \t]*/.exec(this._text.slice(lineStart, offset))?.[0] ?? '';
	}
}

/**
 * Detects the indentation and line end of a JSON text from its first indented line.
 * A file with no indented line gets two spaces, the format the editor writes new files in.
 */
export function detectFormatting(text: string): FormattingOptions {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const indent = /^([ \t]+)\S/m.exec(text)?.[1];
	if (indent?.startsWith('\t')) {
		return { insertSpaces: false, tabSize: 1, eol };
	}
	return { insertSpaces: true, tabSize: indent ? indent.length : 2, eol };
}

/**
 * Returns where a new key goes among `keys`: before the first key that `order` puts after it,
 * else right after the last key that `order` puts before it. Keys missing from `order`, such as
 * `x-` extension keys, stay where they are; a new key missing from `order` goes last.
 */
export function insertionIndex(keys: string[], key: string, order: readonly string[]): number {
	const rank = order.indexOf(key);
	if (rank < 0) {
		return keys.length;
	}
	let after = -1;
	for (let i = 0; i < keys.length; i++) {
		const other = order.indexOf(keys[i]);
		if (other > rank) {
			return i;
		}
		if (other >= 0) {
			after = i;
		}
	}
	return after >= 0 ? after + 1 : keys.length;
}

/** Returns one edit that turns `before` into `after`, covering only the part that differs. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
	if (before === after) {
		return undefined;
	}
	let start = 0;
	const shorter = Math.min(before.length, after.length);
	while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) {
		start++;
	}
	let end = 0;
	while (
		end < shorter - start &&
		before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
	) {
		end++;
	}
	return {
		offset: start,
		length: before.length - start - end,
		content: after.slice(start, after.length - end),
	};
}
