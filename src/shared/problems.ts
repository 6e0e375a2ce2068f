/** A problem found in a workflow file, with its place; line and column start at 1. */
export interface Problem {
	severity: 'error' | 'warning';
	/** Stable snake_case code, such as `duplicate_id` or `bad_expression`. */
	code: string;
	message: string;
	file?: string;
	line: number;
	column: number;
	/** Zero-based character offset and length of the text the problem covers. */
	offset: number;
	length: number;
	/** The node the problem belongs to, when there is one. */
	nodeId?: string;
	/** JSON path of the value, such as `["nodes", 2, "params", "url"]`. */
	path: (string | number)[];
}

/** Formats a problem as `file:line:col: severity: message`, the form compilers print. */
export function formatProblem(problem: Problem): string {
	const place = `${problem.file ?? '<input>'}:${problem.line}:${problem.column}`;
	return `${place}: ${problem.severity}: ${problem.message}`;
}
