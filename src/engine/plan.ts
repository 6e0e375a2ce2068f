import type { WorkflowConnection, WorkflowNode, Workflow } from '../shared/model';
import type { ActionDefinition } from './actions/types';
import type { CompiledTemplate } from './expressions';

/** A node ready to run: its action, compiled params and edges. */
export interface PlannedNode {
	readonly index: number;
	readonly node: WorkflowNode;
	readonly action: ActionDefinition;
	/** Compiled params, except literal ones, which `literals` keeps as written. */
	readonly params: ReadonlyMap<string, CompiledTemplate>;
	readonly literals: Readonly<Record<string, unknown>>;
	/** Incoming edges, in file order. */
	readonly incoming: readonly PlannedEdge[];
	/** Targets by output port, each with the index of the edge in the target's `incoming`. */
	readonly outgoing: ReadonlyMap<string, readonly PlannedTarget[]>;
	/** Output ports that have no edge, so nothing waits on them. */
	readonly ports: readonly string[];
}

export interface PlannedTarget {
	readonly node: PlannedNode;
	/** Index of this edge in `node.incoming`, where the run stores the input it carries. */
	readonly slot: number;
}

export interface PlannedEdge {
	readonly from: PlannedNode;
	readonly output: string;
	readonly connection: WorkflowConnection;
}

/** A validated workflow with everything compiled once, reused by every run. */
export interface WorkflowPlan {
	readonly workflow: Workflow;
	/** Path of the workflow file, when it came from one. */
	readonly filePath?: string;
	readonly trigger: PlannedNode;
	readonly nodes: readonly PlannedNode[];
	readonly byId: ReadonlyMap<string, PlannedNode>;
	/** Nodes without outgoing edges; their outputs make the run's output. */
	readonly sinks: readonly PlannedNode[];
}
