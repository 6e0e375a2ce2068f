import { loadWorkflow } from '../../engine';
import type { WorkflowEntry } from '../../engine/workflowIndex';
import type { DocumentState } from '../../shared/protocol';
import { webhookPathConflicts } from './crossFileProblems';

/** Code of the problems the engine reports for text that is not JSON. */
const SYNTAX_PROBLEM_CODE = 'invalid_json';

/** The other workflows of the workspace, for problems that span files. */
export interface WorkspaceContext {
	others: readonly WorkflowEntry[];
	/** Turns a file path into the name messages show, such as a workspace-relative path. */
	label?(file: string): string;
}

/**
 * Loads workflow text into what the canvas shows: the workflow with its problems, including
 * webhook paths that other workflows of `workspace` claim, or the reason there is no workflow
 * to show. Imports no `vscode`, so it runs in unit tests.
 */
export function loadDocumentState(
	text: string,
	file?: string,
	workspace?: WorkspaceContext,
): DocumentState {
	const loaded = loadWorkflow(text, file);
	if (loaded.workflow) {
		const crossFile = workspace
			? webhookPathConflicts(loaded, file, workspace.others, workspace.label)
			: [];
		return {
			kind: 'valid',
			workflow: loaded.workflow,
			problems: [...loaded.problems, ...crossFile],
		};
	}
	const syntax = loaded.problems.some((problem) => problem.code === SYNTAX_PROBLEM_CODE);
	return { kind: 'invalid', reason: syntax ? 'syntax' : 'schema', problems: loaded.problems };
}
