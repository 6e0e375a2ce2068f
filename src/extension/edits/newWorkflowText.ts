import type { ActionDescriptor } from '../../shared/actions';
import { FORMAT_VERSION, WORKFLOW_FILE_SUFFIX, type Workflow } from '../../shared/model';
import { slugify } from '../../shared/names';
import { writePositions } from './layoutEdits';
import { WorkflowText } from './workflowText';

/** Canvas position of the trigger of a new workflow. */
const TRIGGER_POSITION: [number, number] = [40, 80];

/** Returns the file name of a new workflow: the slug of its name plus `.workflow.json`. */
export function workflowFileName(name: string): string {
	return slugify(name.trim()) + WORKFLOW_FILE_SUFFIX;
}

/**
 * Returns the text of a new workflow file holding one trigger node: two-space indent, the
 * layout map one entry per line, and a final newline, as the editor writes every file.
 */
export function newWorkflowText(name: string, trigger: ActionDescriptor): string {
	const id = slugify(trigger.title);
	const workflow: Workflow = {
		version: FORMAT_VERSION,
		name: name.trim(),
		nodes: [{ id, type: trigger.type }],
		connections: [],
	};
	if (trigger.defaultParams && Object.keys(trigger.defaultParams).length > 0) {
		workflow.nodes[0].params = structuredClone(trigger.defaultParams);
	}
	const text = new WorkflowText(JSON.stringify(workflow, null, 2) + '\n');
	writePositions(text, { [id]: TRIGGER_POSITION });
	return text.text;
}
