import { outputsOf } from '../shared/actions';
import { checkWorkflowName } from '../shared/names';
import { DEFAULT_OUTPUT, type JsonObject, type Workflow, type WorkflowNode } from '../shared/model';
import type { Problem } from '../shared/problems';
import type { ActionRegistry } from './actions';
import type { ActionDefinition } from './actions/types';
import type { WorkflowDocument } from './document';
import {
	type CompiledTemplate,
	TemplateCompileError,
	compileTemplate,
	isTemplate,
} from './expressions';
import { findCycle } from './graph/findCycle';
import { reachableFrom } from './graph/reachableFrom';
import { checkParams, checkWorkflowSchema } from './schemaCheck';

type Path = (string | number)[];
type ProblemFields = {
	code: string;
	message: string;
	nodeId?: string;
	severity?: Problem['severity'];
};

/** Result of checking one node: its action and compiled params, when they compiled. */
export interface CheckedNode {
	node: WorkflowNode;
	index: number;
	action?: ActionDefinition;
	params: Map<string, CompiledTemplate>;
	literals: Record<string, unknown>;
	outputs: string[];
}

/** Everything validation learned, for building a plan without compiling twice. */
export interface Validation {
	problems: Problem[];
	/** Set when the file has the shape of a workflow, even if graph rules fail. */
	workflow?: Workflow;
	checked: Map<string, CheckedNode>;
	triggerId?: string;
}

/** Collects problems located in one document. */
class ProblemSink {
	readonly problems: Problem[] = [];

	constructor(private readonly _document: WorkflowDocument) {}

	at(path: Path, fields: ProblemFields, atKey = false): void {
		this.problems.push(this._document.problemAtPath(path, { ...fields, path }, atKey));
	}

	atOffset(path: Path, offsetInValue: number, fields: ProblemFields): void {
		const node = this._document.nodeAt(path);
		// String values start with a quote, so offsets inside them are one further on.
		const offset = (node?.offset ?? 0) + (node?.type === 'string' ? 1 + offsetInValue : 0);
		this.problems.push(this._document.problemAt(offset, 1, { ...fields, path }));
	}
}

/**
 * Validates a parsed workflow file: the JSON Schema, then the rules a schema cannot state
 * (name, unique ids, one trigger, known types, params, expressions, connections, cycles).
 */
export function validateDocument(document: WorkflowDocument, registry: ActionRegistry): Validation {
	const checked = new Map<string, CheckedNode>();
	if (document.syntaxProblems.length > 0) {
		return { problems: [...document.syntaxProblems], checked };
	}
	const value = document.value;
	const sink = new ProblemSink(document);
	for (const violation of checkWorkflowSchema(value)) {
		sink.at(
			violation.path,
			{ code: 'schema', message: violation.message, nodeId: nodeIdAt(value, violation.path) },
			violation.atKey,
		);
	}
	if (!isWorkflowShape(value)) {
		return { problems: sink.problems, checked };
	}
	const workflow = value;
	checkName(workflow, sink);
	const triggerId = checkNodes(workflow, registry, sink, checked);
	checkConnections(workflow, sink, checked);
	checkLayout(workflow, sink, checked);
	if (triggerId && !sink.problems.some((problem) => problem.code === 'cycle')) {
		checkReachable(workflow, triggerId, sink, checked);
	}
	return { problems: sink.problems, workflow, checked, triggerId };
}

function isWorkflowShape(value: unknown): value is Workflow {
	if (value === null || typeof value !== 'object') {
		return false;
	}
	const candidate = value as Partial<Workflow>;
	// Another format version may mean other fields; editing it as version 1 could corrupt it.
	if (candidate.version !== 1) {
		return false;
	}
	if (
		!Array.isArray(candidate.nodes) ||
		!candidate.nodes.every(
			(node) =>
				node &&
				typeof node === 'object' &&
				typeof node.id === 'string' &&
				typeof node.type === 'string',
		)
	) {
		return false;
	}
	const connections = candidate.connections ?? [];
	return (
		Array.isArray(connections) &&
		connections.every(
			(edge) =>
				edge &&
				typeof edge === 'object' &&
				typeof edge.from === 'string' &&
				typeof edge.to === 'string',
		)
	);
}

function nodeIdAt(value: unknown, path: Path): string | undefined {
	if (path[0] !== 'nodes' || typeof path[1] !== 'number') {
		return undefined;
	}
	const nodes = (value as { nodes?: unknown[] })?.nodes;
	const node = Array.isArray(nodes) ? (nodes[path[1]] as { id?: unknown }) : undefined;
	return typeof node?.id === 'string' ? node.id : undefined;
}

function checkName(workflow: Workflow, sink: ProblemSink): void {
	if (typeof workflow.name !== 'string') {
		return;
	}
	const message = checkWorkflowName(workflow.name);
	if (message) {
		sink.at(['name'], { code: 'invalid_name', message });
	}
}

function checkNodes(
	workflow: Workflow,
	registry: ActionRegistry,
	sink: ProblemSink,
	checked: Map<string, CheckedNode>,
): string | undefined {
	const triggers: number[] = [];
	const firstIndex = new Map<string, number>();
	workflow.nodes.forEach((node, index) => {
		const earlier = firstIndex.get(node.id);
		if (earlier !== undefined) {
			sink.at(['nodes', index, 'id'], {
				code: 'duplicate_id',
				nodeId: node.id,
				message: `Duplicate node id "${node.id}"; node ${earlier + 1} already uses it. Give this node another id.`,
			});
			return;
		}
		firstIndex.set(node.id, index);
		const action = registry.get(node.type);
		if (!action) {
			sink.at(['nodes', index, 'type'], {
				code: 'unknown_type',
				nodeId: node.id,
				message: `Node "${node.id}" has the unknown type "${node.type}". Pick an action from the palette, such as core.http.`,
			});
		} else if (action.trigger) {
			triggers.push(index);
		}
		checked.set(node.id, checkNode(node, index, action, sink));
	});
	if (triggers.length === 0) {
		sink.at(['nodes'], {
			code: 'no_trigger',
			message:
				'The workflow has no trigger node. Add one trigger: trigger.manual, trigger.schedule or trigger.webhook.',
		});
		return undefined;
	}
	for (const index of triggers.slice(1)) {
		const node = workflow.nodes[index];
		sink.at(['nodes', index, 'type'], {
			code: 'multiple_triggers',
			nodeId: node.id,
			message: `Node "${node.id}" is a second trigger; a workflow has exactly one, here "${workflow.nodes[triggers[0]].id}". Remove one of them.`,
		});
	}
	return workflow.nodes[triggers[0]].id;
}

function checkNode(
	node: WorkflowNode,
	index: number,
	action: ActionDefinition | undefined,
	sink: ProblemSink,
): CheckedNode {
	const result: CheckedNode = {
		node,
		index,
		action,
		params: new Map(),
		literals: {},
		outputs: [DEFAULT_OUTPUT],
	};
	if (!action) {
		return result;
	}
	const params: JsonObject =
		node.params && typeof node.params === 'object' && !Array.isArray(node.params)
			? node.params
			: {};
	const basePath: Path = ['nodes', index, 'params'];
	const literal = new Set(action.literalParams ?? []);
	const isExpressionAt = (path: Path) => {
		const value = valueAt(params, path);
		return typeof value === 'string' && isTemplate(value) && !literal.has(String(path[0]));
	};
	for (const violation of checkParams(action.inputs, params, isExpressionAt)) {
		const target = node.params === undefined ? ['nodes', index] : [...basePath, ...violation.path];
		sink.at(
			target,
			{
				code: violation.message.includes('required property') ? 'missing_input' : 'invalid_input',
				nodeId: node.id,
				message: `Node "${node.id}": ${violation.message.replace('the file', 'params')}`,
			},
			violation.atKey,
		);
	}
	for (const [name, value] of Object.entries(params)) {
		if (literal.has(name)) {
			result.literals[name] = value;
			continue;
		}
		try {
			result.params.set(name, compileTemplate(value));
		} catch (error) {
			if (!(error instanceof TemplateCompileError)) {
				throw error;
			}
			reportBadExpression(node, [...basePath, name], value, error, sink);
		}
	}
	action.validate?.(constantParams(params, literal), (path, message) => {
		sink.at([...basePath, ...path], {
			code: 'invalid_input',
			nodeId: node.id,
			message: `Node "${node.id}": ${message}`,
		});
	});
	result.outputs = outputsOf(action, params);
	return result;
}

/** Finds the exact string holding the bad expression, which may sit deep inside a param. */
function reportBadExpression(
	node: WorkflowNode,
	path: Path,
	value: unknown,
	error: TemplateCompileError,
	sink: ProblemSink,
): void {
	if (typeof value === 'string') {
		sink.atOffset(path, error.detail.offset, {
			code: 'bad_expression',
			nodeId: node.id,
			message: `Node "${node.id}", field "${path.slice(3).join('.')}": invalid expression: ${error.detail.message}.`,
		});
		return;
	}
	const entries: [string | number, unknown][] = Array.isArray(value)
		? value.map((item, i) => [i, item])
		: Object.entries(value as object);
	for (const [key, item] of entries) {
		try {
			compileTemplate(item);
		} catch (inner) {
			if (inner instanceof TemplateCompileError) {
				reportBadExpression(node, [...path, key], item, inner, sink);
			}
		}
	}
}

function constantParams(params: JsonObject, literal: Set<string>): JsonObject {
	const constants: JsonObject = {};
	for (const [name, value] of Object.entries(params)) {
		if (literal.has(name) || !(typeof value === 'string' && isTemplate(value))) {
			constants[name] = value;
		}
	}
	return constants;
}

function valueAt(root: unknown, path: Path): unknown {
	let current = root;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') {
			return undefined;
		}
		current = (current as Record<string | number, unknown>)[segment];
	}
	return current;
}

function checkConnections(
	workflow: Workflow,
	sink: ProblemSink,
	checked: Map<string, CheckedNode>,
): void {
	const seen = new Set<string>();
	const successors = new Map<string, string[]>();
	(workflow.connections ?? []).forEach((edge, index) => {
		const path: Path = ['connections', index];
		const from = checked.get(edge.from);
		const to = checked.get(edge.to);
		if (!from) {
			sink.at([...path, 'from'], {
				code: 'unknown_node',
				message: `Connection ${index + 1} starts at "${edge.from}", which is not a node id. Connect an existing node.`,
			});
		}
		if (!to) {
			sink.at([...path, 'to'], {
				code: 'unknown_node',
				message: `Connection ${index + 1} ends at "${edge.to}", which is not a node id. Connect an existing node.`,
			});
		}
		if (!from || !to) {
			return;
		}
		const output = edge.output ?? DEFAULT_OUTPUT;
		if (from.action && !from.outputs.includes(output)) {
			const ports =
				from.outputs.length > 0
					? `Its outputs are ${from.outputs.map((port) => `"${port}"`).join(', ')}.`
					: 'It has no outputs.';
			sink.at(edge.output === undefined ? path : [...path, 'output'], {
				code: 'unknown_output',
				nodeId: edge.from,
				message: `Connection ${index + 1} uses output "${output}" of "${edge.from}", which has no such output. ${ports}`,
			});
		}
		if (to.action?.trigger) {
			sink.at([...path, 'to'], {
				code: 'into_trigger',
				nodeId: edge.to,
				message: `Connection ${index + 1} leads into the trigger "${edge.to}"; a trigger has no inputs.`,
			});
		}
		const key = `${edge.from}\u0000${output}\u0000${edge.to}`;
		if (seen.has(key)) {
			sink.at(path, {
				code: 'duplicate_connection',
				severity: 'warning',
				message: `Connection ${index + 1} repeats an earlier connection from "${edge.from}" to "${edge.to}".`,
			});
		}
		seen.add(key);
		successors.set(edge.from, [...(successors.get(edge.from) ?? []), edge.to]);
	});
	const cycle = findCycle([...checked.keys()], successors);
	if (cycle) {
		const closing = (workflow.connections ?? []).findIndex(
			(edge) => edge.from === cycle[cycle.length - 2] && edge.to === cycle[cycle.length - 1],
		);
		sink.at(['connections', Math.max(0, closing)], {
			code: 'cycle',
			message: `The connections form a cycle: ${cycle.join(' → ')}. Remove one of these connections; a workflow runs as a graph without loops (use core.forEach to repeat).`,
		});
	}
}

function checkLayout(
	workflow: Workflow,
	sink: ProblemSink,
	checked: Map<string, CheckedNode>,
): void {
	for (const id of Object.keys(workflow.layout ?? {})) {
		if (!checked.has(id)) {
			sink.at(
				['layout', id],
				{
					code: 'stale_layout',
					severity: 'warning',
					message: `The layout places "${id}", which is not a node id. Remove the entry.`,
				},
				true,
			);
		}
	}
}

function checkReachable(
	workflow: Workflow,
	triggerId: string,
	sink: ProblemSink,
	checked: Map<string, CheckedNode>,
): void {
	const successors = new Map<string, string[]>();
	for (const edge of workflow.connections ?? []) {
		successors.set(edge.from, [...(successors.get(edge.from) ?? []), edge.to]);
	}
	const reachable = reachableFrom(triggerId, successors);
	for (const { node, index, action } of checked.values()) {
		if (!reachable.has(node.id) && !action?.trigger) {
			sink.at(['nodes', index, 'id'], {
				code: 'unreachable',
				severity: 'warning',
				nodeId: node.id,
				message: `Node "${node.id}" is not connected to the trigger "${triggerId}", so it never runs.`,
			});
		}
	}
}
