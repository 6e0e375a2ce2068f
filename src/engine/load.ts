import { readFile, stat } from 'node:fs/promises';
import { OperationalError, UserError } from '../shared/errors';
import type { Workflow } from '../shared/model';
import { formatProblem, type Problem } from '../shared/problems';
import { type ActionRegistry, actionRegistry } from './actions';
import { WorkflowDocument } from './document';
import type { PlannedEdge, PlannedNode, PlannedTarget, WorkflowPlan } from './plan';
import { type Validation, validateDocument } from './validate';

/** A workflow file read and checked; `plan` is set only when it has no errors. */
export interface LoadedWorkflow {
	document: WorkflowDocument;
	/** The parsed workflow, set when the file has its shape, even with graph errors. */
	workflow?: Workflow;
	problems: Problem[];
	plan?: WorkflowPlan;
}

/** Parses and validates workflow text, and plans it when it has no errors. */
export function loadWorkflow(
	text: string,
	file?: string,
	registry: ActionRegistry = actionRegistry,
): LoadedWorkflow {
	const document = WorkflowDocument.parse(text, file);
	const validation = validateDocument(document, registry);
	const hasErrors = validation.problems.some((problem) => problem.severity === 'error');
	return {
		document,
		workflow: validation.workflow,
		problems: validation.problems,
		plan: hasErrors ? undefined : buildPlan(validation, file),
	};
}

/** Reads a workflow file from disk and loads it. A missing file is an OperationalError. */
export async function loadWorkflowFile(
	file: string,
	registry: ActionRegistry = actionRegistry,
): Promise<LoadedWorkflow> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const reason = code === 'ENOENT' ? 'file not found' : (error as Error).message;
		throw new OperationalError('workflow_not_readable', `Cannot read workflow ${file}: ${reason}.`);
	}
	return loadWorkflow(text, file, registry);
}

/** Returns the plan of a loaded workflow, or throws a UserError listing its errors. */
export function requirePlan(loaded: LoadedWorkflow): WorkflowPlan {
	if (loaded.plan) {
		return loaded.plan;
	}
	const errors = loaded.problems.filter((problem) => problem.severity === 'error');
	throw new UserError(
		'invalid_workflow',
		`The workflow ${loaded.document.file ?? ''} is invalid:\n${errors.map(formatProblem).join('\n')}`,
		{
			problems: errors,
		},
	);
}

interface MutablePlannedNode extends PlannedNode {
	incoming: PlannedEdge[];
	outgoing: Map<string, PlannedTarget[]>;
}

function buildPlan(validation: Validation, filePath: string | undefined): WorkflowPlan | undefined {
	const { workflow, triggerId } = validation;
	if (!workflow || !triggerId) {
		return undefined;
	}
	const byId = new Map<string, MutablePlannedNode>();
	for (const checked of validation.checked.values()) {
		if (!checked.action) {
			return undefined;
		}
		byId.set(checked.node.id, {
			index: checked.index,
			node: checked.node,
			action: checked.action,
			params: checked.params,
			literals: checked.literals,
			incoming: [],
			outgoing: new Map(),
			ports: checked.outputs,
		});
	}
	for (const connection of workflow.connections ?? []) {
		const from = byId.get(connection.from) as MutablePlannedNode;
		const to = byId.get(connection.to) as MutablePlannedNode;
		const output = connection.output ?? 'out';
		const targets = from.outgoing.get(output) ?? [];
		targets.push({ node: to, slot: to.incoming.length });
		from.outgoing.set(output, targets);
		to.incoming.push({ from, output, connection });
	}
	const nodes = [...byId.values()].sort((a, b) => a.index - b.index);
	return {
		workflow,
		filePath,
		trigger: byId.get(triggerId) as PlannedNode,
		nodes,
		byId,
		sinks: nodes.filter((node) => node.outgoing.size === 0),
	};
}

/**
 * Caches loaded workflow files by path, reloading a file when its modification time or size
 * changes, so `core.runWorkflow` compiles a called workflow once.
 */
export class WorkflowFileCache {
	private readonly _entries = new Map<
		string,
		{ mtimeMs: number; size: number; loaded: LoadedWorkflow }
	>();

	constructor(private readonly _registry: ActionRegistry = actionRegistry) {}

	async load(file: string): Promise<LoadedWorkflow> {
		const info = await stat(file).catch(() => undefined);
		const cached = this._entries.get(file);
		if (info && cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
			return cached.loaded;
		}
		const loaded = await loadWorkflowFile(file, this._registry);
		if (info) {
			this._entries.set(file, { mtimeMs: info.mtimeMs, size: info.size, loaded });
		}
		return loaded;
	}
}
