import assert from 'node:assert/strict';
import { loadWorkflow, runWorkflow, type RunOptions, type WorkflowPlan } from '../../src/engine';
import type { RunRecord, Workflow, WorkflowConnection, WorkflowNode } from '../../src/shared/model';

/** Builds a workflow object with a manual trigger `start` followed by the given nodes. */
export function workflowOf(
	nodes: WorkflowNode[],
	connections: WorkflowConnection[],
	name = 'Test workflow',
): Workflow {
	return {
		version: 1,
		name,
		nodes: [{ id: 'start', type: 'trigger.manual' }, ...nodes],
		connections,
	};
}

/** Serialises and loads a workflow object, and fails the test when it does not plan. */
export function planOf(workflow: Workflow, file?: string): WorkflowPlan {
	const loaded = loadWorkflow(`${JSON.stringify(workflow, null, 2)}\n`, file);
	const errors = loaded.problems.filter((problem) => problem.severity === 'error');
	assert.deepEqual(
		errors.map((problem) => problem.message),
		[],
	);
	assert.ok(loaded.plan);
	return loaded.plan;
}

/** Loads and runs a workflow object once. */
export function runOf(workflow: Workflow, options: RunOptions = {}): Promise<RunRecord> {
	return runWorkflow(
		planOf(
			workflow,
			options.workspaceRoot ? `${options.workspaceRoot}/test.workflow.json` : undefined,
		),
		options,
	);
}

/** Node ids by status, for compact assertions. */
export function statuses(record: RunRecord): Record<string, string> {
	return Object.fromEntries(Object.entries(record.nodes).map(([id, node]) => [id, node.status]));
}
