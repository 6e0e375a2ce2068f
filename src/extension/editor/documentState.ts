import { loadWorkflow } from '../../engine';
import type { DocumentState } from '../../shared/protocol';

/** Code of the problems the engine reports for text that is not JSON. */
const SYNTAX_PROBLEM_CODE = 'invalid_json';

/**
 * Loads workflow text into what the canvas shows: the workflow with its problems, or the reason
 * there is no workflow to show. Imports no `vscode`, so it runs in unit tests.
 */
export function loadDocumentState(text: string, file?: string): DocumentState {
	const loaded = loadWorkflow(text, file);
	if (loaded.workflow) {
		return { kind: 'valid', workflow: loaded.workflow, problems: loaded.problems };
	}
	const syntax = loaded.problems.some((problem) => problem.code === SYNTAX_PROBLEM_CODE);
	return { kind: 'invalid', reason: syntax ? 'syntax' : 'schema', problems: loaded.problems };
}
