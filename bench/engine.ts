/**
 * Engine benchmark: executor overhead per node and memory over many runs.
 *
 * Overhead is the time of `runWorkflow` minus the time of calling the same action functions
 * in a plain loop with the same params, divided by the node executions.
 * Run with: node --expose-gc --import tsx bench/engine.ts [--runs N] [--memory-runs N]
 */
import { parseArgs } from 'node:util';
import { actionRegistry, loadWorkflow, runWorkflow, type WorkflowPlan } from '../src/engine';
import type { ActionContext } from '../src/engine/actions/types';
import { silentLogger } from '../src/shared/logger';
import type { Workflow, WorkflowNode } from '../src/shared/model';

const { values } = parseArgs({
	options: {
		runs: { type: 'string', default: '1000' },
		nodes: { type: 'string', default: '1000' },
		'memory-runs': { type: 'string', default: '100000' },
	},
});
const runs = Number(values.runs);
const nodeCount = Number(values.nodes);
const memoryRuns = Number(values['memory-runs']);

function step(id: string): WorkflowNode {
	return { id, type: 'core.set', params: { values: { id, ok: true } } };
}

/** start → n1 → n2 → … */
function linear(count: number): Workflow {
	const nodes: WorkflowNode[] = [{ id: 'start', type: 'trigger.manual' }];
	const connections = [];
	for (let i = 1; i < count; i++) {
		nodes.push(step(`n${i}`));
		connections.push({ from: i === 1 ? 'start' : `n${i - 1}`, to: `n${i}` });
	}
	return { version: 1, name: 'Linear', nodes, connections };
}

/** start → (n1 … nk in parallel) → join */
function fanOutFanIn(count: number): Workflow {
	const nodes: WorkflowNode[] = [{ id: 'start', type: 'trigger.manual' }];
	const connections = [];
	for (let i = 1; i < count - 1; i++) {
		nodes.push(step(`n${i}`));
		connections.push({ from: 'start', to: `n${i}` }, { from: `n${i}`, to: 'join' });
	}
	nodes.push({ id: 'join', type: 'core.merge', params: { mode: 'list' } });
	return { version: 1, name: 'Fan out, fan in', nodes, connections };
}

function plan(workflow: Workflow): WorkflowPlan {
	const loaded = loadWorkflow(JSON.stringify(workflow));
	if (!loaded.plan) {
		throw new Error(`benchmark workflow invalid: ${loaded.problems[0]?.message}`);
	}
	return loaded.plan;
}

/** Calls each node's action once per run, in file order, with its constant params. */
async function plainLoop(target: WorkflowPlan, count: number): Promise<number> {
	const calls = target.nodes.map((planned) => {
		const params: Record<string, unknown> = {};
		for (const [name, template] of planned.params) {
			params[name] = template.constant;
		}
		return { action: actionRegistry.get(planned.node.type)!, params, nodeId: planned.node.id };
	});
	const signal = new AbortController().signal;
	const started = process.hrtime.bigint();
	for (let run = 0; run < count; run++) {
		let input: unknown = {};
		for (const call of calls) {
			const context = { ...call, input, signal, logger: silentLogger } as unknown as ActionContext;
			input = (await call.action.run(context)).output;
		}
	}
	return Number(process.hrtime.bigint() - started) / 1e6;
}

async function engineLoop(target: WorkflowPlan, count: number): Promise<number> {
	const started = process.hrtime.bigint();
	for (let run = 0; run < count; run++) {
		const record = await runWorkflow(target);
		if (record.status !== 'succeeded') {
			throw new Error(`benchmark run failed: ${record.error?.message}`);
		}
	}
	return Number(process.hrtime.bigint() - started) / 1e6;
}

async function overhead(name: string, workflow: Workflow) {
	const target = plan(workflow);
	await engineLoop(target, Math.max(1, Math.floor(runs / 10)));
	await plainLoop(target, Math.max(1, Math.floor(runs / 10)));
	const plainMs = await plainLoop(target, runs);
	const engineMs = await engineLoop(target, runs);
	const executions = runs * target.nodes.length;
	const perNodeUs = ((engineMs - plainMs) * 1000) / executions;
	return { name, nodes: target.nodes.length, runs, plainMs, engineMs, perNodeUs };
}

function heapMb(): number {
	globalThis.gc?.();
	return process.memoryUsage().heapUsed / 1e6;
}

async function memory() {
	const target = plan(linear(10));
	const samples: { runs: number; heapMb: number; rssMb: number }[] = [];
	const every = Math.max(1, Math.floor(memoryRuns / 10));
	for (let run = 1; run <= memoryRuns; run++) {
		await runWorkflow(target);
		if (run % every === 0) {
			samples.push({ runs: run, heapMb: heapMb(), rssMb: process.memoryUsage().rss / 1e6 });
		}
	}
	return samples;
}

async function main() {
	if (!globalThis.gc) {
		console.error('note: start node with --expose-gc for exact heap figures');
	}
	const results = [
		await overhead('linear', linear(nodeCount)),
		await overhead('fan-out/fan-in', fanOutFanIn(nodeCount)),
	];
	console.log(
		'| workflow | nodes | runs | plain loop (ms) | engine (ms) | overhead per node (µs) |',
	);
	console.log('|---|---:|---:|---:|---:|---:|');
	for (const row of results) {
		console.log(
			`| ${row.name} | ${row.nodes} | ${row.runs} | ${row.plainMs.toFixed(0)} | ${row.engineMs.toFixed(0)} | ${row.perNodeUs.toFixed(2)} |`,
		);
	}
	const samples = await memory();
	console.log('');
	console.log(`Memory over ${memoryRuns} runs of a 10-node workflow (heap after GC):`);
	console.log('| runs | heap (MB) | RSS (MB) |');
	console.log('|---:|---:|---:|');
	for (const sample of samples) {
		console.log(`| ${sample.runs} | ${sample.heapMb.toFixed(1)} | ${sample.rssMb.toFixed(1)} |`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
