import {
	type Node as JsonNode,
	type ParseError,
	findNodeAtLocation,
	parseTree,
	printParseErrorCode,
} from 'jsonc-parser';
import type { Problem } from '../shared/problems';

/** The text of a workflow file, parsed with positions. */
export class WorkflowDocument {
	private _lineStarts: number[] | undefined;

	private constructor(
		readonly text: string,
		readonly file: string | undefined,
		readonly tree: JsonNode | undefined,
		readonly syntaxProblems: Problem[],
	) {}

	/** Parses `text` strictly as JSON; syntax errors become problems with positions. */
	static parse(text: string, file?: string): WorkflowDocument {
		const errors: ParseError[] = [];
		const tree = parseTree(text, errors, {
			allowTrailingComma: false,
			disallowComments: true,
		});
		const document = new WorkflowDocument(text, file, tree, []);
		for (const error of errors) {
			document.syntaxProblems.push(
				document.problemAt(error.offset, error.length, {
					code: 'invalid_json',
					message: `Invalid JSON: ${describeSyntaxError(printParseErrorCode(error.error))}.`,
					path: [],
				}),
			);
		}
		return document;
	}

	/** The parsed value, or undefined when the text has syntax errors. */
	get value(): unknown {
		if (this.syntaxProblems.length > 0 || !this.tree) {
			return undefined;
		}
		return JSON.parse(this.text);
	}

	/** Returns the 1-based line and column of a character offset. */
	positionAt(offset: number): { line: number; column: number } {
		const starts = this.lineStarts();
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (starts[mid] <= offset) {
				low = mid;
			} else {
				high = mid - 1;
			}
		}
		return { line: low + 1, column: offset - starts[low] + 1 };
	}

	/** Returns the parse node at a JSON path, or the nearest existing ancestor. */
	nodeAt(path: (string | number)[]): JsonNode | undefined {
		if (!this.tree) {
			return undefined;
		}
		for (let length = path.length; length >= 0; length--) {
			const found = findNodeAtLocation(this.tree, path.slice(0, length));
			if (found) {
				return found;
			}
		}
		return this.tree;
	}

	/** Builds a problem located at the value under `path`, or at its property name with `atKey`. */
	problemAtPath(
		path: (string | number)[],
		fields: Omit<Problem, 'line' | 'column' | 'offset' | 'length' | 'severity' | 'file'> & {
			severity?: Problem['severity'];
		},
		atKey = false,
	): Problem {
		const node = this.nodeAt(path);
		const target = atKey && node?.parent?.type === 'property' ? node.parent.children?.[0] : node;
		return this.problemAt(target?.offset ?? 0, target?.length ?? 0, fields);
	}

	/** Builds a problem located at a character range. */
	problemAt(
		offset: number,
		length: number,
		fields: Omit<Problem, 'line' | 'column' | 'offset' | 'length' | 'severity' | 'file'> & {
			severity?: Problem['severity'];
		},
	): Problem {
		const { line, column } = this.positionAt(offset);
		return {
			severity: 'error',
			...fields,
			file: this.file,
			line,
			column,
			offset,
			length,
		};
	}

	private lineStarts(): number[] {
		if (!this._lineStarts) {
			const starts = [0];
			for (let i = 0; i < this.text.length; i++) {
				if (this.text.charCodeAt(i) === 10) {
					starts.push(i + 1);
				}
			}
			this._lineStarts = starts;
		}
		return this._lineStarts;
	}
}

function describeSyntaxError(code: string): string {
	const descriptions: Record<string, string> = {
		InvalidSymbol: 'unexpected character',
		InvalidNumberFormat: 'malformed number',
		PropertyNameExpected: 'a property name in double quotes is expected',
		ValueExpected: 'a value is expected',
		ColonExpected: 'a colon is expected after the property name',
		CommaExpected: 'a comma is expected between items',
		CloseBraceExpected: 'a closing brace } is expected',
		CloseBracketExpected: 'a closing bracket ] is expected',
		EndOfFileExpected: 'nothing may follow the top-level value',
		InvalidCommentToken: 'comments are not allowed in workflow files',
		UnexpectedEndOfComment: 'comments are not allowed in workflow files',
		UnexpectedEndOfString: 'the string is not closed',
		UnexpectedEndOfNumber: 'the number is not complete',
		InvalidUnicode: 'invalid unicode escape',
		InvalidEscapeCharacter: 'invalid escape character',
		InvalidCharacter: 'invalid character in a string',
	};
	return descriptions[code] ?? code;
}
